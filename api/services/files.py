"""The upload and download URLs of the local storage, which our own API serves (S3 serves its own)."""

from collections.abc import AsyncIterator

from api.errors import DomainError, NotFound
from core.storage.interface import Storage
from core.storage.local import Download, FileRequestRefused, LocalStorage, Refusal

_STATUS: dict[Refusal, int] = {
    "invalid_token": 403,
    "wrong_content_type": 415,
    "too_large": 413,
    "already_stored": 409,
    "missing": 404,
}


class LocalFileService:
    def __init__(self, storage: Storage) -> None:
        self.storage = storage

    async def receive(
        self, token: str, *, content_type: str | None, content_length: str | None, body: AsyncIterator[bytes]
    ) -> None:
        """Store the body of a browser's upload to a token URL."""
        length = int(content_length) if content_length and content_length.isdigit() else None
        try:
            await self._local().receive(token, content_type=content_type, content_length=length, body=body)
        except FileRequestRefused as exc:
            raise _refused(exc) from exc

    async def download(self, token: str) -> Download:
        try:
            return await self._local().download(token)
        except FileRequestRefused as exc:
            raise _refused(exc) from exc

    def _local(self) -> LocalStorage:
        if not isinstance(self.storage, LocalStorage):
            raise NotFound("Files are not served here.", code="not_found")
        return self.storage


def _refused(refusal: FileRequestRefused) -> DomainError:
    return DomainError(str(refusal), code=refusal.reason, status_code=_STATUS[refusal.reason])
