"""The preview activity on real media: reduced, watermarked, decodable, smaller than the original; one
bad file does not stop the others; a retry makes the same previews again."""

import uuid
from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image, ImageStat
from temporalio.testing import ActivityEnvironment

from activities.previews import Preview, PreviewActivities, PreviewInput
from core.settings import Settings
from core.storage.interface import Storage
from core.storage.keys import upload_key
from tests.files import image_bytes, sha256, video_bytes, video_size
from workflows.money_path_models import DeliveredFile


class Delivery:
    """Files a creator delivered for one collaboration, stored where uploads are."""

    def __init__(self, storage: Storage, folder: Path) -> None:
        self.storage, self.folder = storage, folder
        self.collaboration_id = uuid.uuid4()
        self.files: list[DeliveredFile] = []

    async def add(self, name: str, content_type: str, data: bytes) -> DeliveredFile:
        file = DeliveredFile(
            id=str(uuid.uuid4()), name=name, content_type=content_type, size=len(data), sha256=sha256(data)
        )
        source = self.folder / file.id
        source.write_bytes(data)
        await self.storage.put_file(
            upload_key(self.collaboration_id, uuid.UUID(file.id), name), source, content_type=content_type
        )
        self.files.append(file)
        return file

    async def previews(self, settings: Settings) -> list[Preview]:
        activities = PreviewActivities(self.storage, settings)
        data = PreviewInput(
            workflow_id=f"collab-{self.collaboration_id}",
            collaboration_id=self.collaboration_id,
            version=1,
            files=self.files,
        )
        return await ActivityEnvironment().run(activities.make_previews, data)

    async def stored(self, preview: Preview) -> bytes:
        assert preview.key is not None, preview.error
        return b"".join([chunk async for chunk in self.storage.read(preview.key)])


@pytest.fixture
def delivery(local_storage: Storage, tmp_path: Path) -> Delivery:
    return Delivery(local_storage, tmp_path)


async def test_an_image_preview_is_a_smaller_jpeg_reduced_to_1280_pixels(
    delivery: Delivery, settings: Settings
) -> None:
    original = image_bytes("PNG", (1600, 900))
    await delivery.add("photo.png", "image/png", original)

    [preview] = await delivery.previews(settings)

    data = await delivery.stored(preview)
    assert preview.content_type == "image/jpeg"
    assert len(data) < len(original)
    with Image.open(BytesIO(data)) as image:
        assert (image.format, image.size) == ("JPEG", (1280, 720))


async def test_an_image_preview_carries_the_watermark(delivery: Delivery, settings: Settings) -> None:
    plain = BytesIO()
    Image.new("RGB", (800, 600), (128, 128, 128)).save(plain, "PNG")
    await delivery.add("grey.png", "image/png", plain.getvalue())

    [preview] = await delivery.previews(settings)

    with Image.open(BytesIO(await delivery.stored(preview))) as image:
        (darkest, lightest) = ImageStat.Stat(image.convert("L")).extrema[0]
    assert darkest < 100 and lightest > 170  # the white text and its dark outline


async def test_a_video_preview_is_a_smaller_480p_mp4(delivery: Delivery, settings: Settings) -> None:
    original = video_bytes("1280x720")
    await delivery.add("clip.mp4", "video/mp4", original)

    [preview] = await delivery.previews(settings)

    data = await delivery.stored(preview)
    assert preview.content_type == "video/mp4"
    assert len(data) < len(original)
    assert video_size(data) == (854, 480)


async def test_a_small_portrait_video_is_not_enlarged(delivery: Delivery, settings: Settings) -> None:
    await delivery.add("story.mov", "video/quicktime", video_bytes("360x640", container="mov"))

    [preview] = await delivery.previews(settings)

    assert video_size(await delivery.stored(preview)) == (360, 640)


async def test_a_file_that_cannot_be_previewed_does_not_stop_the_others(delivery: Delivery, settings: Settings) -> None:
    broken = await delivery.add("broken.mp4", "video/mp4", b"\x00\x00\x00\x18ftypisom" + b"\x00" * 200)
    photo = await delivery.add("photo.jpg", "image/jpeg", image_bytes("JPEG", (640, 480)))

    first, second = await delivery.previews(settings)

    assert (first.file_id, first.key) == (broken.id, None)
    assert first.error is not None and "ffmpeg" in first.error
    assert second.file_id == photo.id and second.error is None
    assert await delivery.stored(second)


async def test_a_retried_activity_makes_the_same_previews_again(delivery: Delivery, settings: Settings) -> None:
    await delivery.add("photo.webp", "image/webp", image_bytes("WEBP", (640, 480)))

    [first] = await delivery.previews(settings)
    [again] = await delivery.previews(settings)

    assert first == again  # the same key, made again
    with Image.open(BytesIO(await delivery.stored(again))) as image:
        assert image.format == "JPEG"
