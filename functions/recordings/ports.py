"""Where candidates' recordings are stored (S3: moto locally, AWS in the cloud)."""

from __future__ import annotations

from typing import Protocol

from pydantic import BaseModel


class StoredObject(BaseModel):
    size_bytes: int
    content_type: str


class PresignedPost(BaseModel):
    url: str
    fields: dict[str, str]


class RecordingStore(Protocol):
    def presigned_post(
        self, key: str, content_type: str, size_range: tuple[int, int], expires_in: int
    ) -> PresignedPost:
        """A browser POST S3 accepts only for this key, type and size range (inclusive)."""
        ...

    def start_multipart(self, key: str, content_type: str) -> str: ...

    def presigned_part_url(
        self, key: str, upload_id: str, part_number: int, expires_in: int
    ) -> str: ...

    def complete_multipart(
        self, key: str, upload_id: str, parts: list[tuple[int, str]]
    ) -> None: ...

    def abort_multipart(self, key: str, upload_id: str) -> None: ...

    def head(self, key: str) -> StoredObject | None: ...

    def presigned_get(self, key: str, expires_in: int) -> str: ...

    def delete_prefix(self, prefix: str) -> int:
        """Deletes every object (and every stored version of it) under `prefix`; the count."""
        ...

    def ping(self) -> None: ...
