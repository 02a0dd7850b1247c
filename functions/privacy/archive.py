"""The Archive port on S3: candidates' objects and export zips in the uploads bucket.

A zip is streamed: zipfile writes into a buffer that goes up as multipart parts of 8 MB, and
each media object is read from S3 in chunks, so neither memory nor /tmp holds a whole
recording. Media are stored uncompressed (they are compressed already); JSON is deflated.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from functions.recordings.s3 import S3RecordingStore

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client
    from mypy_boto3_s3.type_defs import CompletedPartTypeDef

PART_BYTES = 8 * 1024 * 1024  # S3 parts are at least 5 MB (except the last)
CHUNK_BYTES = 1024 * 1024


class _MultipartSink:
    """A write-only, unseekable file for zipfile that uploads itself part by part."""

    def __init__(self, s3: S3Client, bucket: str, key: str) -> None:
        self._s3, self._bucket, self._key = s3, bucket, key
        self._buffer = bytearray()
        self._parts: list[CompletedPartTypeDef] = []
        self._upload_id = s3.create_multipart_upload(
            Bucket=bucket, Key=key, ContentType="application/zip"
        )["UploadId"]
        self.size = 0

    def write(self, data: bytes) -> int:
        self._buffer += data
        self.size += len(data)
        while len(self._buffer) >= PART_BYTES:
            self._upload(bytes(self._buffer[:PART_BYTES]))
            del self._buffer[:PART_BYTES]
        return len(data)

    def flush(self) -> None:
        """zipfile flushes; parts go up only when full."""

    def close(self) -> None:
        """The zip is finished by `complete` (or given up by `abort`)."""

    def _upload(self, body: bytes) -> None:
        number = len(self._parts) + 1
        answer = self._s3.upload_part(
            Bucket=self._bucket, Key=self._key, UploadId=self._upload_id,
            PartNumber=number, Body=body,
        )  # fmt: skip
        self._parts.append({"PartNumber": number, "ETag": answer["ETag"]})

    def complete(self) -> None:
        if self._buffer or not self._parts:
            self._upload(bytes(self._buffer))
            self._buffer.clear()
        self._s3.complete_multipart_upload(
            Bucket=self._bucket, Key=self._key, UploadId=self._upload_id,
            MultipartUpload={"Parts": self._parts},
        )  # fmt: skip

    def abort(self) -> None:
        self._s3.abort_multipart_upload(
            Bucket=self._bucket, Key=self._key, UploadId=self._upload_id
        )


class S3Archive:
    def __init__(self, client: S3Client, bucket: str) -> None:
        self._s3 = client
        self._bucket = bucket
        self._store = S3RecordingStore(client, bucket)

    def objects(self, prefix: str) -> list[str]:
        pages = self._s3.get_paginator("list_objects_v2").paginate(
            Bucket=self._bucket, Prefix=prefix
        )
        return [o["Key"] for page in pages for o in page.get("Contents", [])]

    def write_zip(self, key: str, files: Iterable[tuple[str, bytes | str]]) -> int:
        sink = _MultipartSink(self._s3, self._bucket, key)
        try:
            with zipfile.ZipFile(sink, "w", zipfile.ZIP_DEFLATED) as archive:
                for name, body in files:
                    if isinstance(body, bytes):
                        archive.writestr(name, body)
                    else:
                        self._copy_in(archive, name, body)
            sink.complete()
        except BaseException:
            sink.abort()
            raise
        return sink.size

    def _copy_in(self, archive: zipfile.ZipFile, name: str, key: str) -> None:
        stream: Any = self._s3.get_object(Bucket=self._bucket, Key=key)["Body"]
        info = zipfile.ZipInfo(name)
        info.compress_type = zipfile.ZIP_STORED
        with archive.open(info, "w", force_zip64=True) as target:
            for chunk in stream.iter_chunks(CHUNK_BYTES):
                target.write(chunk)

    def presigned_get(self, key: str, expires_in: int) -> str:
        return self._store.presigned_get(key, expires_in)

    def delete_prefix(self, prefix: str) -> int:
        return self._store.delete_prefix(prefix)
