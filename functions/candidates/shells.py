"""PageShell adapters: the site bucket CloudFront serves the SPA from (cloud) and the built
folder `make dev` serves it from (local)."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client

INDEX = "index.html"
MAX_AGE_SECONDS = 300.0


class SiteBucketShell:
    """index.html of the site bucket, re-read at most every `max_age` seconds. A deploy
    replaces it; until the cache expires the previous version is served, whose hashed assets
    the deployment keeps (cdk/stacks/web.py: no pruning)."""

    def __init__(
        self,
        client: S3Client,
        bucket: str,
        *,
        max_age: float = MAX_AGE_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._s3 = client
        self._bucket = bucket
        self._max_age = max_age
        self._clock = clock
        self._html: str | None = None
        self._read_at: float | None = None

    def html(self) -> str | None:
        now = self._clock()
        if self._read_at is None or now - self._read_at >= self._max_age:
            self._html = self._read()
            self._read_at = now
        return self._html

    def _read(self) -> str | None:
        try:
            body = self._s3.get_object(Bucket=self._bucket, Key=INDEX)["Body"].read()
        except self._s3.exceptions.NoSuchKey:
            return None
        return body.decode("utf-8")


class SiteFolderShell:
    """index.html of a built folder (frontend/dist), read on every request so a rebuild shows
    at once; no folder configured, or not built: no page."""

    def __init__(self, folder: Path | None) -> None:
        self._index = folder / INDEX if folder else None

    def html(self) -> str | None:
        if self._index is None or not self._index.is_file():
            return None
        return self._index.read_text(encoding="utf-8")
