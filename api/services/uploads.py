"""Uploads: the creator declares a file, the browser sends its bytes straight to the storage, and the
API then checks the stored bytes against the declaration (size, SHA-256, and the type its first bytes
show). Bytes that do not match are deleted; only verified uploads can be delivered."""

import uuid
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from api.errors import Conflict, DomainError, Forbidden, NotFound
from api.schemas.uploads import UploadCreate, UploadCreated, UploadPublic, UploadTargetPublic
from api.services.collaborations import CollaborationService
from core.media.formats import ALLOWED_TYPES, SNIFF_BYTES, media_kind, size_limit, sniff
from core.settings import Settings
from core.storage.fingerprint import Fingerprint, fingerprint
from core.storage.interface import ObjectMissing, Storage
from core.storage.keys import upload_key
from models.collaborations import Collaboration, CollaborationRepository
from models.uploads import Upload, UploadRepository, UploadStatus
from models.users import User
from workflows.collaboration_models import WORKING_STATUSES


class UploadRejected(DomainError):
    """The stored bytes are not what was declared; the rejection is committed although the request fails."""

    status_code = 422
    code = "upload_rejected"
    commits_work = True


async def creators_collaboration(session: AsyncSession, user: User, collaboration_id: uuid.UUID) -> Collaboration:
    """The collaboration, when ``user`` is its creator: 404 for anyone not a party, 403 for the brand."""
    listing = await CollaborationRepository(session).visible_to(user.id, collaboration_id)
    if listing is None:
        raise NotFound("This collaboration does not exist.")
    if listing.collaboration.creator_id != user.id:
        raise Forbidden("Only the creator uploads and delivers files.", code="wrong_party")
    return listing.collaboration


class UploadService:
    def __init__(
        self, session: AsyncSession, storage: Storage, settings: Settings, collaborations: CollaborationService
    ) -> None:
        self.session = session
        self.storage = storage
        self.settings = settings
        self.collaborations = collaborations
        self.uploads = UploadRepository(session)

    async def create(self, user: User, collaboration_id: uuid.UUID, data: UploadCreate) -> UploadCreated:
        """Record the declared file and answer where the browser sends its bytes."""
        collaboration = await creators_collaboration(self.session, user, collaboration_id)
        self._check_limits(data)
        state = await self.collaborations.state(collaboration.id)
        if state.status not in WORKING_STATUSES:
            raise Conflict("Files can be uploaded only while the content is in production.", code="invalid_state")
        upload_id = uuid.uuid4()
        upload = await self.uploads.add(
            Upload(
                id=upload_id,
                collaboration_id=collaboration.id,
                owner_id=user.id,
                key=upload_key(collaboration.id, upload_id, data.filename),
                filename=data.filename,
                content_type=data.content_type,
                size=data.size,
                sha256=data.sha256,
            )
        )
        target = await self.storage.upload_target(upload.key, content_type=upload.content_type, size=upload.size)
        return UploadCreated(
            id=upload.id,
            upload=UploadTargetPublic(
                url=target.url, method=target.method, headers=target.headers, expires_at=target.expires_at
            ),
        )

    async def complete(self, user: User, upload_id: uuid.UUID) -> UploadPublic:
        """Check the stored bytes against the declaration: verified, or deleted and rejected (422 saying
        what did not match). Completing a verified upload again answers it as it is."""
        upload = await self.uploads.get(upload_id, for_update=True)
        if upload is None or upload.owner_id != user.id:
            raise NotFound("This upload does not exist.")
        if upload.status == UploadStatus.rejected:
            raise Conflict("This upload was rejected; start a new one.", code="upload_rejected")
        if upload.status == UploadStatus.pending:
            try:
                stored = await fingerprint(self.storage, upload.key, head_bytes=SNIFF_BYTES)
            except ObjectMissing as exc:
                raise Conflict(
                    "Nothing was received yet: send the file to the upload URL first.", code="upload_missing"
                ) from exc
            mismatches = _mismatches(upload, stored)
            if mismatches:
                await self.storage.delete(upload.key)
                upload.status = UploadStatus.rejected
                await self.session.flush()
                raise UploadRejected("The file received is not the file declared.", details=mismatches)
            upload.status = UploadStatus.verified
            await self.session.flush()
        return UploadPublic.model_validate(upload)

    def _check_limits(self, data: UploadCreate) -> None:
        kind = media_kind(data.content_type)
        if kind is None:
            allowed = ", ".join(ALLOWED_TYPES)
            raise _invalid("unsupported_type", "content_type", f"{data.content_type} is not accepted; send {allowed}.")
        limit = size_limit(self.settings, kind)
        if data.size > limit:
            raise _invalid("file_too_large", "size", f"A {kind} may be at most {limit} bytes; this one is {data.size}.")


def _invalid(code: str, field: str, message: str) -> DomainError:
    return DomainError(message, code=code, status_code=422, details=[{"field": field, "message": message}])


def _mismatches(upload: Upload, stored: Fingerprint) -> list[dict[str, Any]]:
    """What differs between the declaration and the stored bytes, one entry per field."""
    mismatches = []
    if stored.size != upload.size:
        mismatches.append({"field": "size", "message": f"declared {upload.size} bytes, received {stored.size}"})
    if stored.sha256 != upload.sha256:
        mismatches.append({"field": "sha256", "message": f"declared {upload.sha256}, received {stored.sha256}"})
    found = sniff(stored.head)
    if upload.content_type not in found:
        what = " or ".join(sorted(found)) or "of no accepted type"
        mismatches.append({"field": "content_type", "message": f"declared {upload.content_type}, the file is {what}"})
    return mismatches
