"""What is really stored under a key: its size, its SHA-256 and its first bytes, in one streaming pass."""

import asyncio
import hashlib
from dataclasses import dataclass

from core.storage.interface import Storage


@dataclass(frozen=True)
class Fingerprint:
    size: int
    sha256: str
    """Hex digest."""
    head: bytes
    """The first bytes (as many as asked for), which tell the file's type."""


async def fingerprint(storage: Storage, key: str, *, head_bytes: int) -> Fingerprint:
    """Read the object once; raises ``ObjectMissing``. Hashing runs in a thread (a video is gigabytes)."""
    digest = hashlib.sha256()
    size = 0
    head = b""
    async for chunk in storage.read(key):
        if len(head) < head_bytes:
            head += chunk[: head_bytes - len(head)]
        size += len(chunk)
        await asyncio.to_thread(digest.update, chunk)
    return Fingerprint(size=size, sha256=digest.hexdigest(), head=head)
