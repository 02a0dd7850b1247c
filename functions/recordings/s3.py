"""RecordingStore on S3. Uploads go straight from the browser to the bucket with presigned
requests; the API never carries media bytes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from botocore.exceptions import ClientError

from functions.domain.errors import UploadRejected
from functions.recordings.ports import PresignedPost, StoredObject

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client
    from mypy_boto3_s3.type_defs import ObjectIdentifierTypeDef

_MISSING = {"404", "NoSuchKey", "NotFound"}


class S3RecordingStore:
    def __init__(self, client: S3Client, bucket: str) -> None:
        self._s3 = client
        self._bucket = bucket

    def presigned_post(
        self, key: str, content_type: str, size_range: tuple[int, int], expires_in: int
    ) -> PresignedPost:
        # The policy binds the key, the type and the size range: S3 itself refuses anything else.
        low, high = size_range
        post = self._s3.generate_presigned_post(
            Bucket=self._bucket,
            Key=key,
            Fields={"Content-Type": content_type},
            Conditions=[{"Content-Type": content_type}, ["content-length-range", low, high]],
            ExpiresIn=expires_in,
        )
        return PresignedPost(url=post["url"], fields=post["fields"])

    def start_multipart(self, key: str, content_type: str) -> str:
        response = self._s3.create_multipart_upload(
            Bucket=self._bucket, Key=key, ContentType=content_type
        )
        return response["UploadId"]

    def presigned_part_url(
        self, key: str, upload_id: str, part_number: int, expires_in: int
    ) -> str:
        return self._s3.generate_presigned_url(
            "upload_part",
            Params={
                "Bucket": self._bucket,
                "Key": key,
                "UploadId": upload_id,
                "PartNumber": part_number,
            },
            ExpiresIn=expires_in,
        )

    def complete_multipart(self, key: str, upload_id: str, parts: list[tuple[int, str]]) -> None:
        try:
            self._s3.complete_multipart_upload(
                Bucket=self._bucket,
                Key=key,
                UploadId=upload_id,
                MultipartUpload={
                    "Parts": [{"PartNumber": n, "ETag": etag} for n, etag in sorted(parts)]
                },
            )
        except ClientError as error:
            code = error.response["Error"]["Code"]
            if code in {"InvalidPart", "InvalidPartOrder", "EntityTooSmall", "NoSuchUpload"}:
                raise UploadRejected(
                    f"S3 refused to assemble the parts ({code}): "
                    f"{error.response['Error'].get('Message', '')}".strip()
                ) from None
            raise

    def abort_multipart(self, key: str, upload_id: str) -> None:
        try:
            self._s3.abort_multipart_upload(Bucket=self._bucket, Key=key, UploadId=upload_id)
        except ClientError as error:
            if error.response["Error"]["Code"] != "NoSuchUpload":
                raise

    def head(self, key: str) -> StoredObject | None:
        try:
            response = self._s3.head_object(Bucket=self._bucket, Key=key)
        except ClientError as error:
            if error.response["Error"]["Code"] in _MISSING:
                return None
            raise
        return StoredObject(
            size_bytes=response["ContentLength"],
            content_type=response.get("ContentType", "application/octet-stream"),
        )

    def presigned_get(self, key: str, expires_in: int) -> str:
        return self._s3.generate_presigned_url(
            "get_object", Params={"Bucket": self._bucket, "Key": key}, ExpiresIn=expires_in
        )

    def delete_prefix(self, prefix: str) -> int:
        """Every version and delete marker under `prefix` (the bucket is versioned: deleting
        only the current version would leave the recording restorable)."""
        deleted = 0
        pages = self._s3.get_paginator("list_object_versions").paginate(
            Bucket=self._bucket, Prefix=prefix
        )
        for page in pages:
            found = [*page.get("Versions", []), *page.get("DeleteMarkers", [])]
            batch: list[ObjectIdentifierTypeDef] = [
                {"Key": v["Key"], "VersionId": v["VersionId"]} for v in found
            ]
            for start in range(0, len(batch), 1000):  # DeleteObjects takes 1,000 at most
                chunk = batch[start : start + 1000]
                response = self._s3.delete_objects(
                    Bucket=self._bucket, Delete={"Objects": chunk, "Quiet": True}
                )
                if response.get("Errors"):
                    error = response["Errors"][0]
                    raise RuntimeError(
                        f"S3 kept {len(response['Errors'])} objects under {prefix}: "
                        f"{error.get('Key')}: {error.get('Code')} {error.get('Message')}"
                    )
                deleted += len(chunk)
        return deleted

    def ping(self) -> None:
        self._s3.head_bucket(Bucket=self._bucket)
