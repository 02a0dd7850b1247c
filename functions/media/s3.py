"""BlobStore on S3: presigned reads for FFmpeg, streamed (multipart) uploads of outputs."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client

READ_URL_SECONDS = 3600


class S3BlobStore:
    def __init__(self, client: S3Client, bucket: str) -> None:
        self._s3 = client
        self._bucket = bucket

    def url_for_reading(self, key: str) -> str:
        return self._s3.generate_presigned_url(
            "get_object", Params={"Bucket": self._bucket, "Key": key}, ExpiresIn=READ_URL_SECONDS
        )

    def upload_file(self, path: Path, key: str, content_type: str) -> None:
        self._s3.upload_file(str(path), self._bucket, key, ExtraArgs={"ContentType": content_type})

    def put_bytes(self, key: str, data: bytes, content_type: str) -> None:
        self._s3.put_object(Bucket=self._bucket, Key=key, Body=data, ContentType=content_type)

    def get_bytes(self, key: str) -> bytes:
        return self._s3.get_object(Bucket=self._bucket, Key=key)["Body"].read()

    def download(self, key: str, path: Path) -> None:
        self._s3.download_file(self._bucket, key, str(path))

    def list_keys(self, prefix: str) -> list[str]:
        pages = self._s3.get_paginator("list_objects_v2").paginate(
            Bucket=self._bucket, Prefix=prefix
        )
        return [item["Key"] for page in pages for item in page.get("Contents", [])]
