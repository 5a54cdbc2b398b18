"""Files in a folder (the embedded default: ``<data dir>/storage``), served by our own API.

Browsers upload and download through ``/api/v1/files/<token>`` (``api/routes/files.py``): the token is
a short-lived signed claim naming the key and what may be done with it, playing the part of an S3
presigned URL. Writes are atomic (a hidden temporary file in the same folder, then a link or rename),
and an upload never replaces a file already stored.
"""

import asyncio
import os
import shutil
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Literal

import jwt

from core.storage.interface import Disposition, ObjectMissing, UploadTarget, content_disposition

FILES_PATH = "/api/v1/files"
"""Where the API serves the upload and download URLs of this storage."""
CHUNK_BYTES = 1024 * 1024
_ALGORITHM = "HS256"
_UPLOAD, _DOWNLOAD = "collabmarket:storage:upload", "collabmarket:storage:download"

Refusal = Literal["invalid_token", "wrong_content_type", "too_large", "already_stored", "missing"]


class FileRequestRefused(Exception):
    """An upload or download through a token URL is refused; ``reason`` says why."""

    def __init__(self, reason: Refusal, message: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class Download:
    """What the API serves for a download token."""

    path: Path
    content_type: str
    content_disposition: str


class LocalStorage:
    def __init__(self, root: Path, *, secret: str, public_url: str, url_lifetime: timedelta) -> None:
        self.root = root
        self.secret = secret
        self.files_url = public_url.rstrip("/") + FILES_PATH
        self.url_lifetime = url_lifetime

    def path(self, key: str) -> Path:
        """The file of ``key``; refuses keys that could leave the folder or name a temporary file."""
        parts = key.split("/")
        if any(not part or part.startswith(".") or "\\" in part or "\0" in part for part in parts):
            raise ValueError(f"not a storage key: {key!r}")
        path = self.root.joinpath(*parts)
        if not path.resolve().is_relative_to(self.root.resolve()):
            raise ValueError(f"not a storage key: {key!r}")
        return path

    async def upload_target(self, key: str, *, content_type: str, size: int) -> UploadTarget:
        self.path(key)  # a key it would refuse is refused now, not once the bytes arrive
        token, expires_at = self._sign(_UPLOAD, {"key": key, "type": content_type, "size": size})
        return UploadTarget(
            url=f"{self.files_url}/{token}", method="PUT", headers={"Content-Type": content_type}, expires_at=expires_at
        )

    async def size(self, key: str) -> int | None:
        try:
            stat = await asyncio.to_thread(self.path(key).stat)
        except FileNotFoundError:
            return None
        return stat.st_size

    async def read(self, key: str) -> AsyncIterator[bytes]:
        try:
            handle = await asyncio.to_thread(self.path(key).open, "rb")
        except FileNotFoundError as exc:
            raise ObjectMissing(key) from exc
        try:
            while chunk := await asyncio.to_thread(handle.read, CHUNK_BYTES):
                yield chunk
        finally:
            await asyncio.to_thread(handle.close)

    async def download_file(self, key: str, target: Path) -> None:
        try:
            await asyncio.to_thread(shutil.copyfile, self.path(key), target)
        except FileNotFoundError as exc:
            raise ObjectMissing(key) from exc

    async def put_file(self, key: str, source: Path, *, content_type: str) -> None:
        await asyncio.to_thread(_copy_into_place, source, self.path(key))

    async def delete(self, key: str) -> None:
        await asyncio.to_thread(self.path(key).unlink, missing_ok=True)

    async def download_url(self, key: str, *, filename: str, content_type: str, disposition: Disposition) -> str:
        claims = {"key": key, "type": content_type, "name": filename, "disposition": disposition}
        token, _ = self._sign(_DOWNLOAD, claims)
        return f"{self.files_url}/{token}"

    async def receive(
        self, token: str, *, content_type: str | None, content_length: int | None, body: AsyncIterator[bytes]
    ) -> None:
        """Store the body of an upload to a token URL, as S3 would a presigned PUT: the token must be
        valid, the Content-Type the one it names, and the body no larger than it declares."""
        claims = self._verify(_UPLOAD, token)
        key, expected_type, declared_size = str(claims["key"]), str(claims["type"]), int(claims["size"])
        if (content_type or "").split(";")[0].strip().lower() != expected_type:
            raise FileRequestRefused("wrong_content_type", f"Send the file with Content-Type: {expected_type}.")
        if content_length is not None and content_length > declared_size:
            raise _too_large(declared_size)
        target = self.path(key)
        if await asyncio.to_thread(target.exists):
            raise _already_stored()
        await asyncio.to_thread(target.parent.mkdir, parents=True, exist_ok=True)
        temporary = target.with_name(f".{uuid.uuid4().hex}.part")
        try:
            await _write(temporary, body, limit=declared_size)
            await asyncio.to_thread(_link_new, temporary, target)
        finally:
            await asyncio.to_thread(temporary.unlink, missing_ok=True)

    async def download(self, token: str) -> Download:
        """The file a download token names."""
        claims = self._verify(_DOWNLOAD, token)
        path = self.path(str(claims["key"]))
        if not await asyncio.to_thread(path.is_file):
            raise FileRequestRefused("missing", "This file does not exist.")
        disposition: Disposition = "inline" if claims["disposition"] == "inline" else "attachment"
        return Download(path, str(claims["type"]), content_disposition(str(claims["name"]), disposition))

    def _sign(self, audience: str, claims: dict[str, Any]) -> tuple[str, datetime]:
        expires_at = datetime.now(UTC) + self.url_lifetime
        token = jwt.encode({**claims, "aud": audience, "exp": expires_at}, self.secret, algorithm=_ALGORITHM)
        return token, expires_at

    def _verify(self, audience: str, token: str) -> dict[str, Any]:
        try:
            claims: dict[str, Any] = jwt.decode(
                token, self.secret, algorithms=[_ALGORITHM], audience=audience, options={"require": ["exp", "key"]}
            )
        except jwt.PyJWTError as exc:
            raise FileRequestRefused("invalid_token", "This link is invalid or has expired.") from exc
        return claims


def _copy_into_place(source: Path, target: Path) -> None:
    """Copy ``source`` to ``target`` atomically, replacing what is there."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{uuid.uuid4().hex}.part")
    try:
        shutil.copyfile(source, temporary)
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)


async def _write(path: Path, body: AsyncIterator[bytes], *, limit: int) -> None:
    """Write ``body`` to ``path`` durably, refusing it as soon as it grows past ``limit`` bytes."""
    handle = await asyncio.to_thread(path.open, "xb")
    try:
        written = 0
        async for chunk in body:
            written += len(chunk)
            if written > limit:
                raise _too_large(limit)
            await asyncio.to_thread(handle.write, chunk)
        await asyncio.to_thread(handle.flush)
        await asyncio.to_thread(os.fsync, handle.fileno())
    finally:
        await asyncio.to_thread(handle.close)


def _link_new(temporary: Path, target: Path) -> None:
    """Give the finished file its name, unless another upload took that name first."""
    try:
        os.link(temporary, target)
    except FileExistsError as exc:
        raise _already_stored() from exc


def _too_large(limit: int) -> FileRequestRefused:
    return FileRequestRefused("too_large", f"The body is larger than the {limit} bytes declared.")


def _already_stored() -> FileRequestRefused:
    return FileRequestRefused("already_stored", "A file was already uploaded here; start a new upload.")
