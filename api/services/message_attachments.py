"""Files sent with messages: a party declares the file for a thread, the browser sends its bytes to the
storage, the API checks them as it checks delivery uploads (same types, same sizes), and the verified
file goes out with one message. Whoever may read the thread may fetch its sent files."""

import uuid

from sqlmodel.ext.asyncio.session import AsyncSession

from api.errors import NotFound
from api.schemas.messages import AttachmentPublic
from api.schemas.uploads import UploadCreate, UploadCreated
from api.services.declared_files import check_declaration, upload_target, verify
from api.services.messages import MessageService
from core.settings import Settings
from core.storage.interface import Storage
from core.storage.keys import attachment_key
from models.messages import MessageAttachment, MessageRepository
from models.uploads import UploadStatus
from models.users import User


class MessageAttachmentService:
    def __init__(self, session: AsyncSession, storage: Storage, settings: Settings, messages: MessageService) -> None:
        self.session = session
        self.storage = storage
        self.settings = settings
        self.messages = messages
        self.repository = MessageRepository(session)

    async def create(self, user: User, thread_id: uuid.UUID, data: UploadCreate) -> UploadCreated:
        """Record the declared file and answer where the browser sends its bytes."""
        thread = await self.messages.writable(user, thread_id)
        check_declaration(self.settings, data)
        attachment_id = uuid.uuid4()
        attachment = await self.repository.add_attachment(
            MessageAttachment(
                id=attachment_id,
                thread_id=thread.id,
                owner_id=user.id,
                key=attachment_key(thread.id, attachment_id, data.filename),
                **data.model_dump(),
            )
        )
        return UploadCreated(id=attachment.id, upload=await upload_target(self.storage, attachment))

    async def complete(self, user: User, attachment_id: uuid.UUID) -> AttachmentPublic:
        """Check the stored bytes against the declaration (422 and deleted when they differ)."""
        attachment = await self.repository.attachment(attachment_id, for_update=True)
        if attachment is None or attachment.owner_id != user.id:
            raise NotFound("This attachment does not exist.")
        await verify(self.storage, attachment)
        await self.session.flush()
        return AttachmentPublic.model_validate(attachment)

    async def file_url(self, user: User, thread_id: uuid.UUID, attachment_id: uuid.UUID) -> str:
        """A short-lived URL of a sent file (or of the user's own, verified, before it is sent)."""
        thread = await self.messages.readable(user, thread_id)
        attachment = await self.repository.attachment(attachment_id)
        if (
            attachment is None
            or attachment.thread_id != thread.id
            or attachment.status != UploadStatus.verified
            or not (attachment.owner_id == user.id or await self.repository.attachment_sent(attachment.id))
        ):
            raise NotFound("This file does not exist.")
        return await self.storage.download_url(
            attachment.key, filename=attachment.filename, content_type=attachment.content_type, disposition="attachment"
        )
