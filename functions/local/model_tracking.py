"""moto's memory of every object it ever made, switched off for the long-running platform.

Every moto model (`BaseModel`: a DynamoDB item and each stream record, a table, an S3 object
with its body, an SQS message, a shard iterator...) appends itself on creation to a class-wide
list, `instances_tracked`, which only moto's dashboard (`/moto-api/data.json`) and its S3
reset read, and which nothing ever empties but a reset. So nothing moto made is ever freed: a
deleted message, an overwritten object's bytes, the copy of a whole table moto took around a
transaction. Installed by `EmbeddedAws`: models are created untracked (the dashboard's data
view shows nothing; S3's reset still disposes every object its buckets hold).
"""

from __future__ import annotations

from typing import Any


def _untracked(cls: type, *args: Any, **kwargs: Any) -> Any:
    return object.__new__(cls)


class UntrackedModels:
    def __init__(self) -> None:
        self._original: Any = None

    def install(self) -> None:
        from moto.core.common_models import BaseModel
        from moto.core.model_instances import reset_model_data

        if self._original is not None:
            return
        self._original = BaseModel.__dict__["__new__"]
        setattr(BaseModel, "__new__", staticmethod(_untracked))  # noqa: B010
        reset_model_data()  # forget what was tracked before

    def uninstall(self) -> None:
        from moto.core.common_models import BaseModel

        if self._original is not None:
            setattr(BaseModel, "__new__", self._original)  # noqa: B010
            self._original = None
