"""Files in an S3 bucket (AWS, MinIO or any S3 API), through boto3.

Browsers upload with a presigned PUT whose signature covers the length, the Content-Type and
``If-None-Match: *`` (so S3 refuses to replace an object already stored), and download with a presigned
GET that sets the Content-Type and Content-Disposition. Every key goes under ``prefix`` (one per
environment). boto3 blocks, so each call runs in a thread.
"""

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

from core.storage.interface import Disposition, ObjectMissing, UploadTarget, content_disposition

if TYPE_CHECKING:
    from types_boto3_s3 import S3Client

CHUNK_BYTES = 1024 * 1024
_MISSING = {"404", "NoSuchKey", "NotFound"}


def s3_client(
    *,
    region: str,
    endpoint_url: str = "",
    access_key_id: str | None = None,
    secret_access_key: str | None = None,
) -> "S3Client":
    """A client for AWS, or for the S3-compatible server at ``endpoint_url`` (path-style addressing).
    Credentials default to boto3's chain (environment, profile, instance role). Checksums only where
    S3 requires them: a presigned PUT must not expect one from the browser."""
    config = Config(
        signature_version="s3v4",
        s3={"addressing_style": "path" if endpoint_url else "auto"},
        request_checksum_calculation="when_required",
        response_checksum_validation="when_required",
    )
    return boto3.client(
        "s3",
        region_name=region,
        endpoint_url=endpoint_url or None,
        aws_access_key_id=access_key_id,
        aws_secret_access_key=secret_access_key,
        config=config,
    )


class S3Storage:
    def __init__(
        self,
        client: "S3Client",
        bucket: str,
        *,
        prefix: str,
        url_lifetime: timedelta,
        presigner: "S3Client | None" = None,
    ) -> None:
        """``presigner`` signs the URLs browsers use, when they reach S3 at another address than we do."""
        self.client = client
        self.presigner = presigner or client
        self.bucket = bucket
        self.prefix = prefix.strip("/")
        self.url_lifetime = url_lifetime

    def object_key(self, key: str) -> str:
        """The key in the bucket: ``key`` under the prefix."""
        return f"{self.prefix}/{key}" if self.prefix else key

    async def upload_target(self, key: str, *, content_type: str, size: int) -> UploadTarget:
        params: dict[str, str | int] = {
            "Bucket": self.bucket,
            "Key": self.object_key(key),
            "ContentType": content_type,
            "ContentLength": size,
            "IfNoneMatch": "*",
        }
        return UploadTarget(
            url=await self._presign("put_object", params),
            method="PUT",
            headers={"Content-Type": content_type, "If-None-Match": "*"},
            expires_at=datetime.now(UTC) + self.url_lifetime,
        )

    async def size(self, key: str) -> int | None:
        try:
            head = await asyncio.to_thread(self.client.head_object, Bucket=self.bucket, Key=self.object_key(key))
        except ClientError as exc:
            if _missing(exc):
                return None
            raise
        return head["ContentLength"]

    async def read(self, key: str) -> AsyncIterator[bytes]:
        try:
            response = await asyncio.to_thread(self.client.get_object, Bucket=self.bucket, Key=self.object_key(key))
        except ClientError as exc:
            raise ObjectMissing(key) if _missing(exc) else exc from exc
        body = response["Body"]
        try:
            while chunk := await asyncio.to_thread(body.read, CHUNK_BYTES):
                yield chunk
        finally:
            body.close()

    async def download_file(self, key: str, target: Path) -> None:
        try:
            await asyncio.to_thread(self.client.download_file, self.bucket, self.object_key(key), str(target))
        except ClientError as exc:
            raise ObjectMissing(key) if _missing(exc) else exc from exc

    async def put_file(self, key: str, source: Path, *, content_type: str) -> None:
        await asyncio.to_thread(
            self.client.upload_file,
            str(source),
            self.bucket,
            self.object_key(key),
            ExtraArgs={"ContentType": content_type},
        )

    async def delete(self, key: str) -> None:
        await asyncio.to_thread(self.client.delete_object, Bucket=self.bucket, Key=self.object_key(key))

    async def download_url(self, key: str, *, filename: str, content_type: str, disposition: Disposition) -> str:
        params: dict[str, str | int] = {
            "Bucket": self.bucket,
            "Key": self.object_key(key),
            "ResponseContentType": content_type,
            "ResponseContentDisposition": content_disposition(filename, disposition),
        }
        return await self._presign("get_object", params)

    async def _presign(self, operation: str, params: dict[str, str | int]) -> str:
        expires_in = int(self.url_lifetime.total_seconds())
        url: str = await asyncio.to_thread(
            self.presigner.generate_presigned_url, operation, Params=params, ExpiresIn=expires_in
        )
        return url


def _missing(error: ClientError) -> bool:
    return error.response.get("Error", {}).get("Code") in _MISSING
