"""Previews of a delivery: for each file, a reduced, watermarked copy beside the original, which is
what the brand sees until it approves.

One file that cannot be previewed (not decodable, or too long to render) is reported and the others
are still made; a storage failure fails the activity, which Temporal retries. A retry makes every
preview again under the same keys, so it changes nothing but the time spent.
"""

import asyncio
import tempfile
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from pydantic import BaseModel
from temporalio import activity

from core.media.formats import PREVIEW_TYPES, MediaKind, media_kind
from core.media.previews import PreviewFailed, render_image_preview, render_video_preview
from core.settings import Settings
from core.storage.interface import ObjectMissing, Storage
from core.storage.keys import preview_key, upload_key
from workflows.money_path_models import DeliveredFile

HEARTBEAT_EVERY_SECONDS = 5.0
"""Heartbeats go out this often while the activity works: a heartbeat timeout of 30 s or more notices
a worker that died in the middle of a long video."""


class PreviewInput(BaseModel):
    workflow_id: str
    collaboration_id: uuid.UUID
    version: int
    """The delivery version the files belong to (for logs and heartbeats)."""
    files: list[DeliveredFile]


class Preview(BaseModel):
    file_id: str
    key: str | None
    """Where the preview is stored; None when none could be made."""
    content_type: str | None
    error: str | None = None
    """Why no preview could be made."""


class PreviewActivities:
    def __init__(self, storage: Storage, settings: Settings) -> None:
        self.storage = storage
        self.settings = settings

    @activity.defn(name="make_previews")
    async def make_previews(self, data: PreviewInput) -> list[Preview]:
        """Make the preview of each delivered file, in order; one result per file."""
        async with _heartbeating(f"{data.workflow_id} v{data.version}"):
            return [await self._preview(data.collaboration_id, file) for file in data.files]

    async def _preview(self, collaboration_id: uuid.UUID, file: DeliveredFile) -> Preview:
        kind = media_kind(file.content_type)
        if kind is None:
            return _failed(file, f"{file.content_type} files have no preview")
        upload_id = uuid.UUID(file.id)
        key = preview_key(collaboration_id, upload_id, kind)
        with tempfile.TemporaryDirectory(prefix="collab-preview-") as folder:
            original, preview = Path(folder) / "original", Path(folder) / f"preview-{kind}"
            try:
                await self.storage.download_file(upload_key(collaboration_id, upload_id, file.name), original)
                await self._render(kind, original, preview)
            except ObjectMissing:
                return _failed(file, "the original file is missing")
            except PreviewFailed as exc:
                return _failed(file, str(exc))
            await self.storage.put_file(key, preview, content_type=PREVIEW_TYPES[kind])
        return Preview(file_id=file.id, key=key, content_type=PREVIEW_TYPES[kind])

    async def _render(self, kind: MediaKind, original: Path, preview: Path) -> None:
        if kind is MediaKind.image:
            await asyncio.to_thread(render_image_preview, original, preview)
            return
        limit = self.settings.preview_timeout_seconds
        try:
            async with asyncio.timeout(limit):
                await render_video_preview(original, preview)
        except TimeoutError as exc:
            raise PreviewFailed(f"rendering took longer than {limit:g} s") from exc


def _failed(file: DeliveredFile, error: str) -> Preview:
    activity.logger.warning("no preview of %s (%s): %s", file.id, file.name, error)
    return Preview(file_id=file.id, key=None, content_type=None, error=error)


@asynccontextmanager
async def _heartbeating(details: str) -> AsyncIterator[None]:
    """Heartbeat in the background while the block runs."""

    async def beat() -> None:
        while True:
            activity.heartbeat(details)
            await asyncio.sleep(HEARTBEAT_EVERY_SECONDS)

    task = asyncio.create_task(beat())
    try:
        yield
    finally:
        task.cancel()
