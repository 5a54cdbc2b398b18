"""Files creators upload for a collaboration: what they declared, where the bytes are, and whether the
bytes turned out to be what was declared."""

import uuid
from collections.abc import Collection
from datetime import datetime
from enum import StrEnum

from sqlalchemy import BigInteger, String
from sqlmodel import Field, SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.base import id_field, timestamp_field


class UploadStatus(StrEnum):
    pending = "pending"
    """The browser was given somewhere to send the bytes."""
    verified = "verified"
    """The stored bytes have the declared size, checksum and type: the file can be delivered."""
    rejected = "rejected"
    """They did not; the stored object was deleted."""


class DeclaredFile(SQLModel):
    """A file a client declared before sending its bytes straight to the storage (an upload, a message
    attachment): where the bytes go, what they must be, and whether they turned out to be."""

    key: str = Field(max_length=1024, unique=True)
    """Where the bytes are in the storage; it names the file's id, so it is never reused."""
    filename: str = Field(max_length=255)
    """As the client's device named the file."""
    content_type: str = Field(max_length=100)
    size: int = Field(sa_type=BigInteger)
    sha256: str = Field(max_length=64)
    """Hex digest of the whole file, as declared (and, once verified, as stored)."""
    status: UploadStatus = Field(default=UploadStatus.pending, sa_type=String(16))
    created_at: datetime = timestamp_field()


class Upload(DeclaredFile, table=True):
    __tablename__ = "uploads"

    id: uuid.UUID = id_field()
    collaboration_id: uuid.UUID = Field(foreign_key="collaborations.id", index=True, ondelete="RESTRICT")
    owner_id: uuid.UUID = Field(foreign_key="users.id", ondelete="RESTRICT")


class UploadRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, upload: Upload) -> Upload:
        self.session.add(upload)
        await self.session.flush()
        return upload

    async def get(self, upload_id: uuid.UUID, *, for_update: bool = False) -> Upload | None:
        return await self.session.get(Upload, upload_id, with_for_update=for_update)

    async def verified(
        self, collaboration_id: uuid.UUID, owner_id: uuid.UUID, upload_ids: Collection[uuid.UUID]
    ) -> dict[uuid.UUID, Upload]:
        """Those of ``upload_ids`` that ``owner_id`` uploaded for this collaboration and that were verified."""
        result = await self.session.exec(
            select(Upload).where(
                col(Upload.id).in_(upload_ids),
                Upload.collaboration_id == collaboration_id,
                Upload.owner_id == owner_id,
                Upload.status == UploadStatus.verified,
            )
        )
        return {upload.id: upload for upload in result.all()}
