"""Deliveries over HTTP through a real worker: verified uploads go to review; the brand sees previews,
and the originals only once it approved; the creator sees its files; strangers see nothing."""

import uuid
from io import BytesIO

import httpx
from PIL import Image
from temporalio.testing import ActivityEnvironment

from activities.previews import PreviewActivities, PreviewInput
from core.settings import Settings
from core.storage.interface import Storage
from tests.api.applications import Json
from tests.api.deliveries import declare, deliver, fetch, uploaded
from tests.api.test_auth import assert_error
from tests.api.test_money_path import funded, until
from tests.factories import login, register
from tests.files import image_bytes, video_bytes
from tests.servers import Mailbox
from workflows.money_path_models import DeliveredFile


async def make_previews(storage: Storage, settings: Settings, collaboration: Json, files: list[Json]) -> None:
    """What the worker does after a delivery (run here directly, so the test does not wait for it)."""
    activities = PreviewActivities(storage, settings)
    data = PreviewInput(
        workflow_id=f"collab-{collaboration['id']}",
        collaboration_id=uuid.UUID(collaboration["id"]),
        version=1,
        files=[DeliveredFile.model_validate(file) for file in files],
    )
    previews = await ActivityEnvironment().run(activities.make_previews, data)
    assert all(preview.error is None for preview in previews), previews


async def test_delivering_verified_uploads_starts_the_review(live: httpx.AsyncClient, mailbox: Mailbox) -> None:
    collaboration, owner, creator = await funded(live, mailbox)
    photo = await uploaded(live, creator, collaboration, image_bytes("JPEG", (64, 48)), "image/jpeg", "photo.jpg")
    clip = await uploaded(live, creator, collaboration, video_bytes("160x120"), "video/mp4", "clip.mp4")

    delivered = await deliver(live, creator, collaboration, photo, clip, photo)

    assert delivered.status_code == 200, delivered.text
    detail = await until(live, owner, collaboration, "in_review")
    [delivery] = detail["money"]["deliveries"]
    assert [(file["id"], file["name"]) for file in delivery["files"]] == [(photo, "photo.jpg"), (clip, "clip.mp4")]
    assert (delivery["version"], delivery["note"], delivery["checklist"]) == (1, "Here it is.", [0])


async def test_only_the_creators_verified_uploads_of_this_collaboration_can_be_delivered(
    live: httpx.AsyncClient, mailbox: Mailbox
) -> None:
    collaboration, owner, creator = await funded(live, mailbox)
    elsewhere, _, other_creator = await funded(live, mailbox)
    data = image_bytes("PNG", (8, 8))
    pending = (await declare(live, creator, collaboration, data, "image/png")).json()["id"]
    foreign = await uploaded(live, other_creator, elsewhere, data, "image/png", "photo.png")

    for upload_id in (pending, foreign, str(uuid.uuid4())):
        refused = await deliver(live, creator, collaboration, upload_id)
        assert_error(refused, 422, "unknown_upload")
        assert upload_id in refused.json()["error"]["details"][0]["message"]
    assert_error(await deliver(live, owner, collaboration, pending), 403, "wrong_party")


async def test_the_brand_downloads_the_originals_only_after_approving(
    live: httpx.AsyncClient, mailbox: Mailbox
) -> None:
    collaboration, owner, creator = await funded(live, mailbox)
    stranger = await login(live, await register(live, "brand"))
    data = image_bytes("PNG", (40, 30))
    photo = await uploaded(live, creator, collaboration, data, "image/png", "Beach day.png")
    assert (await deliver(live, creator, collaboration, photo)).status_code == 200

    assert_error(await fetch(live, owner, collaboration, photo, "original"), 403, "originals_locked")
    assert_error(await fetch(live, stranger, collaboration, photo, "original"), 404)
    by_creator = await fetch(live, creator, collaboration, photo, "original")
    assert (by_creator.status_code, by_creator.content) == (200, data)

    assert (await live.post(f"/api/v1/collaborations/{collaboration['id']}/approval", headers=owner.headers)).is_success
    by_brand = await fetch(live, owner, collaboration, photo, "original")

    assert (by_brand.status_code, by_brand.content) == (200, data)
    assert by_brand.headers["content-type"] == "image/png"
    assert by_brand.headers["content-disposition"].startswith('attachment; filename="Beach day.png"')


async def test_both_parties_see_the_watermarked_preview(
    live: httpx.AsyncClient, mailbox: Mailbox, storage: Storage, settings: Settings
) -> None:
    collaboration, owner, creator = await funded(live, mailbox)
    photo = await uploaded(live, creator, collaboration, image_bytes("PNG", (1600, 900)), "image/png", "shot.png")
    undelivered = await uploaded(live, creator, collaboration, image_bytes("PNG", (8, 8)), "image/png", "draft.png")
    detail = (await deliver(live, creator, collaboration, photo)).json()

    await make_previews(storage, settings, collaboration, detail["money"]["deliveries"][0]["files"])

    for account in (owner, creator):
        preview = await fetch(live, account, collaboration, photo, "preview")
        assert preview.status_code == 200, preview.text
        assert preview.headers["content-disposition"].startswith('inline; filename="shot-preview.jpg"')
        with Image.open(BytesIO(preview.content)) as image:
            assert (image.format, image.size) == ("JPEG", (1280, 720))
    assert_error(await fetch(live, creator, collaboration, undelivered, "preview"), 409, "preview_not_ready")
    assert_error(await fetch(live, owner, collaboration, undelivered, "preview"), 404)


async def test_script_clients_get_the_file_url_as_json(live: httpx.AsyncClient, mailbox: Mailbox) -> None:
    collaboration, _, creator = await funded(live, mailbox)
    photo = await uploaded(live, creator, collaboration, image_bytes("PNG", (8, 8)), "image/png", "photo.png")
    path = f"/api/v1/collaborations/{collaboration['id']}/files/{photo}/original"

    answer = await live.get(path, headers=creator.headers | {"Accept": "application/json, text/plain, */*"})

    assert answer.status_code == 200
    assert answer.json()["url"].startswith("http://testserver/api/v1/files/")
