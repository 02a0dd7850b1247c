"""Settings read from the environment, as pydantic-settings' `BaseSettings` reads them for our
settings, without importing pydantic-settings: its package loads every source it has (the CLI's
argparse machinery, dotenv, TOML, YAML, AWS, Azure and GCP secret stores) with `BaseSettings`,
about a seventh of FastAPI's own import on every API cold start (issue 18).

What is kept of `BaseSettings` (the only behaviour `functions.settings.Settings` used):
- a field `name` reads the variable `<ENV_PREFIX><NAME>`, its name in any case;
- a list, dict or model field (or one optional) takes the variable as JSON; a value that is
  not JSON fails the settings, naming the variable;
- keyword arguments win over the environment; unknown variables are ignored;
- defaults are validated too.
"""

from __future__ import annotations

import json
import os
import types
from typing import Any, ClassVar, Union, get_args, get_origin

from pydantic import BaseModel, ConfigDict, model_validator

_COMPLEX = (list, dict, set, frozenset, tuple)


def _is_complex(annotation: Any) -> bool:
    origin = get_origin(annotation)
    if origin in (Union, types.UnionType):
        return any(_is_complex(arg) for arg in get_args(annotation) if arg is not type(None))
    target = origin or annotation
    return isinstance(target, type) and (
        issubclass(target, _COMPLEX) or issubclass(target, BaseModel)
    )


class EnvironmentSettings(BaseModel):
    model_config = ConfigDict(extra="ignore", validate_default=True)

    ENV_PREFIX: ClassVar[str] = ""

    @model_validator(mode="before")
    @classmethod
    def _from_environment(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        environment = {name.lower(): value for name, value in os.environ.items()}
        read: dict[str, Any] = {}
        for name, field in cls.model_fields.items():
            variable = f"{cls.ENV_PREFIX}{name}".lower()
            if variable not in environment:
                continue
            value = environment[variable]
            if _is_complex(field.annotation):
                try:
                    value = json.loads(value)
                except ValueError as error:
                    raise ValueError(f"{variable.upper()} is not JSON: {error}") from error
            read[name] = value
        return {**read, **data}
