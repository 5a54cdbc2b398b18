"""Uploading files and delivering them."""

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, AwareDatetime, Field

from api.schemas.base import PublicModel, RequestBody
from models.uploads import UploadStatus
from workflows.money_path_models import Note


def _lower(value: str) -> str:
    return value.lower()


class UploadCreate(RequestBody):
    """What the creator declares about a file before sending its bytes; the stored bytes must match it."""

    filename: Annotated[str, Field(min_length=1, max_length=255)]
    content_type: Annotated[str, Field(min_length=1, max_length=100), AfterValidator(_lower)]
    """video/mp4, video/quicktime, image/jpeg, image/png or image/webp."""
    size: Annotated[int, Field(gt=0)]
    """In bytes."""
    sha256: Annotated[str, Field(pattern=r"^[0-9a-fA-F]{64}$"), AfterValidator(_lower)]
    """Hex SHA-256 of the whole file."""


class UploadTargetPublic(PublicModel):
    """Where to send the bytes, with which method and headers (a signed URL: no bearer token)."""

    url: str
    method: str
    headers: dict[str, str]
    expires_at: AwareDatetime


class UploadCreated(PublicModel):
    id: uuid.UUID
    upload: UploadTargetPublic


class UploadPublic(PublicModel):
    id: uuid.UUID
    collaboration_id: uuid.UUID
    filename: str
    content_type: str
    size: int
    sha256: str
    status: UploadStatus
    created_at: datetime


class DeliveryCreate(RequestBody):
    upload_ids: Annotated[list[uuid.UUID], Field(min_length=1, max_length=50)]
    """Verified uploads of this collaboration; a file may be delivered again in a later version."""
    note: Note | None = None
    checklist: list[int] = Field(default_factory=list)
    """Indexes of the campaign's deliverables this delivery covers."""


class FileUrlPublic(PublicModel):
    """A short-lived URL of a delivered file (answered instead of the redirect to clients asking for JSON)."""

    url: str
