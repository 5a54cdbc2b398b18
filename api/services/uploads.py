"""Uploads: the creator declares a file, the browser sends its bytes straight to the storage, and the
API then checks the stored bytes against the declaration (``api.services.declared_files``). Only
verified uploads can be delivered."""

import uuid

from sqlmodel.ext.asyncio.session import AsyncSession

from api.errors import Conflict, Forbidden, NotFound
from api.schemas.uploads import UploadCreate, UploadCreated, UploadPublic
from api.services.collaborations import CollaborationService
from api.services.declared_files import check_declaration, upload_target, verify
from core.settings import Settings
from core.storage.interface import Storage
from core.storage.keys import upload_key
from models.collaborations import Collaboration, CollaborationRepository
from models.uploads import Upload, UploadRepository
from models.users import User
from workflows.collaboration_models import WORKING_STATUSES


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
        check_declaration(self.settings, data)
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
                **data.model_dump(),
            )
        )
        return UploadCreated(id=upload.id, upload=await upload_target(self.storage, upload))

    async def complete(self, user: User, upload_id: uuid.UUID) -> UploadPublic:
        """Check the stored bytes against the declaration: verified, or deleted and rejected (422 saying
        what did not match). Completing a verified upload again answers it as it is."""
        upload = await self.uploads.get(upload_id, for_update=True)
        if upload is None or upload.owner_id != user.id:
            raise NotFound("This upload does not exist.")
        await verify(self.storage, upload)
        await self.session.flush()
        return UploadPublic.model_validate(upload)
