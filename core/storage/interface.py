"""Files behind one interface: a local folder (the embedded default) and S3.

Browsers send a file's bytes straight to the storage (a presigned PUT for S3, a signed URL on our own
API for the folder) and fetch files through short-lived URLs; the API and the worker read, write and
delete objects by key. Callers choose keys that are never reused, so nothing is overwritten.
"""

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Literal, Protocol
from urllib.parse import quote

Disposition = Literal["inline", "attachment"]
"""``inline``: the browser shows the file (previews); ``attachment``: it saves it (originals)."""


@dataclass(frozen=True)
class UploadTarget:
    """Where and how the browser sends a file's bytes."""

    url: str
    method: str
    headers: dict[str, str]
    """Headers the browser must send with the bytes (the URL's signature covers them)."""
    expires_at: datetime


class ObjectMissing(LookupError):
    pass


def content_disposition(filename: str, disposition: Disposition) -> str:
    """The ``Content-Disposition`` header naming ``filename`` (RFC 6266: an ASCII fallback and the
    UTF-8 name)."""
    fallback = "".join(char if " " <= char <= "~" and char not in '"\\' else "_" for char in filename)
    return f"{disposition}; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


class Storage(Protocol):
    async def upload_target(self, key: str, *, content_type: str, size: int) -> UploadTarget:
        """A URL that accepts exactly one upload of ``size`` bytes of ``content_type`` to ``key``, until it
        expires; an object already stored under ``key`` is never replaced."""
        ...

    async def size(self, key: str) -> int | None:
        """The stored object's size in bytes; None when there is none."""
        ...

    def read(self, key: str) -> AsyncIterator[bytes]:
        """The object's bytes, in chunks; raises ``ObjectMissing``."""
        ...

    async def download_file(self, key: str, target: Path) -> None:
        """Copy the object into the file ``target``; raises ``ObjectMissing``."""
        ...

    async def put_file(self, key: str, source: Path, *, content_type: str) -> None:
        """Store the file ``source`` under ``key``, replacing what is there (for what the platform makes
        itself, such as previews: made again, they replace the earlier ones)."""
        ...

    async def delete(self, key: str) -> None:
        """Remove the object; nothing happens when there is none."""
        ...

    async def download_url(self, key: str, *, filename: str, content_type: str, disposition: Disposition) -> str:
        """A short-lived URL that serves the object as ``content_type``, named ``filename``."""
        ...
