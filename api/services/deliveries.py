"""Delivering verified uploads to the collaboration workflow, and handing out the delivered files: the
creator sees everything it uploaded; the brand sees the watermarked previews of what was delivered, and
the originals only once it approved (the workflow says when: ``originals_unlocked``)."""

import uuid
from typing import Literal

from sqlmodel.ext.asyncio.session import AsyncSession

from api.errors import Conflict, DomainError, Forbidden, NotFound
from api.schemas.collaborations import CollaborationDetail
from api.schemas.uploads import DeliveryCreate
from api.services.collaborations import CollaborationService
from api.services.uploads import creators_collaboration
from core.media.formats import PREVIEW_TYPES, media_kind
from core.storage.interface import Storage
from core.storage.keys import preview_filename, preview_key
from models.collaborations import CollaborationRepository
from models.uploads import Upload, UploadRepository, UploadStatus
from models.users import User
from workflows.money_path_models import DeliveredFile, DeliveryInput, MoneyPathState

FileVersion = Literal["preview", "original"]


class DeliveryService:
    def __init__(self, session: AsyncSession, storage: Storage, collaborations: CollaborationService) -> None:
        self.session = session
        self.storage = storage
        self.collaborations = collaborations
        self.uploads = UploadRepository(session)

    async def submit(self, user: User, collaboration_id: uuid.UUID, data: DeliveryCreate) -> CollaborationDetail:
        """A new delivery version of the creator's verified uploads (the workflow checks the moment)."""
        await creators_collaboration(self.session, user, collaboration_id)
        upload_ids = list(dict.fromkeys(data.upload_ids))
        found = await self.uploads.verified(collaboration_id, user.id, upload_ids)
        unknown = [upload_id for upload_id in upload_ids if upload_id not in found]
        if unknown:
            raise DomainError(
                "Deliver only files you uploaded to this collaboration and that were verified.",
                code="unknown_upload",
                status_code=422,
                details=[
                    {"field": "upload_ids", "message": f"not a verified upload: {upload_id}"} for upload_id in unknown
                ],
            )
        files = [_delivered(found[upload_id]) for upload_id in upload_ids]
        delivery = DeliveryInput(actor_id=user.id, files=files, note=data.note, checklist=data.checklist)
        return await self.collaborations.act(user, collaboration_id, "submit_delivery", delivery)

    async def file_url(
        self, user: User, collaboration_id: uuid.UUID, upload_id: uuid.UUID, version: FileVersion
    ) -> str:
        """A short-lived URL of a file's preview or original, if ``user`` may see it."""
        listing = await CollaborationRepository(self.session).visible_to(user.id, collaboration_id)
        upload = await self.uploads.get(upload_id)
        if (
            listing is None
            or upload is None
            or upload.collaboration_id != collaboration_id
            or upload.status != UploadStatus.verified
        ):
            raise NotFound("This file does not exist.")
        if user.id != listing.collaboration.creator_id:
            money = (await self.collaborations.state(collaboration_id)).money
            if not _was_delivered(money, upload_id):
                raise NotFound("This file does not exist.")
            if version == "original" and not money.originals_unlocked:
                raise Forbidden(
                    "The original files unlock once you approve the delivery; until then, see the preview.",
                    code="originals_locked",
                )
        if version == "original":
            return await self.storage.download_url(
                upload.key, filename=upload.filename, content_type=upload.content_type, disposition="attachment"
            )
        kind = media_kind(upload.content_type)
        assert kind is not None  # a verified upload has an accepted type
        key = preview_key(collaboration_id, upload.id, kind)
        if await self.storage.size(key) is None:
            raise Conflict("The preview is still being made. Try again in a moment.", code="preview_not_ready")
        return await self.storage.download_url(
            key,
            filename=preview_filename(upload.filename, kind),
            content_type=PREVIEW_TYPES[kind],
            disposition="inline",
        )


def _delivered(upload: Upload) -> DeliveredFile:
    return DeliveredFile(
        id=str(upload.id),
        name=upload.filename,
        content_type=upload.content_type,
        size=upload.size,
        sha256=upload.sha256,
    )


def _was_delivered(money: MoneyPathState, upload_id: uuid.UUID) -> bool:
    return any(file.id == str(upload_id) for delivery in money.deliveries for file in delivery.files)
