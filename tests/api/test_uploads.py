"""Uploads over HTTP: the creator declares a file, sends real bytes to the signed URL (our API for the
local storage, moto's S3 for S3), and the API verifies them against the declaration."""

import uuid

import httpx
import pytest

from core.storage.interface import Storage
from core.storage.keys import upload_key
from tests.api.applications import Json, apply
from tests.api.deliveries import declare, send, uploaded
from tests.api.test_auth import assert_error
from tests.api.test_money_path import funded, until
from tests.factories import login, register
from tests.files import image_bytes, sha256
from tests.servers import Mailbox

GIB = 1024**3
BOTH = pytest.mark.parametrize("storage", ["local", "s3"], indirect=True)
"""Runs the test on each storage implementation."""


@pytest.fixture
def storage(request: pytest.FixtureRequest) -> Storage:
    """The local storage, or the one a test asks for with ``BOTH``."""
    implementation: Storage = request.getfixturevalue(f"{getattr(request, 'param', 'local')}_storage")
    return implementation


async def stored_size(storage: Storage, collaboration: Json, created: Json, filename: str) -> int | None:
    key = upload_key(uuid.UUID(collaboration["id"]), uuid.UUID(created["id"]), filename)
    return await storage.size(key)


@BOTH
async def test_a_creator_uploads_a_file_that_the_api_verifies(live: httpx.AsyncClient, mailbox: Mailbox) -> None:
    collaboration, _, creator = await funded(live, mailbox)
    data = image_bytes("PNG", (64, 48))

    created = await declare(live, creator, collaboration, data, "image/png")
    assert created.status_code == 201, created.text
    assert (await send(live, created.json(), data)).status_code in (200, 204)
    completed = await live.post(f"/api/v1/uploads/{created.json()['id']}/complete", headers=creator.headers)

    assert completed.status_code == 200, completed.text
    assert completed.json() | {"created_at": None} == {
        "id": created.json()["id"],
        "collaboration_id": collaboration["id"],
        "filename": "photo.png",
        "content_type": "image/png",
        "size": len(data),
        "sha256": sha256(data),
        "status": "verified",
        "created_at": None,
    }


MISMATCHES: list[tuple[Json, str]] = [
    ({"size": 100_000}, "size"),  # more than is sent
    ({"sha256": sha256(b"another file")}, "sha256"),
    ({"content_type": "image/jpeg"}, "content_type"),
]


@BOTH
async def test_bytes_unlike_the_declaration_are_rejected_and_deleted(
    live: httpx.AsyncClient, mailbox: Mailbox, storage: Storage
) -> None:
    collaboration, _, creator = await funded(live, mailbox)
    data = image_bytes("PNG", (32, 32))
    for declared, mismatch in MISMATCHES:
        created = (await declare(live, creator, collaboration, data, "image/png", overrides=declared)).json()
        assert (await send(live, created, data)).status_code in (200, 204)
        complete = f"/api/v1/uploads/{created['id']}/complete"

        rejected = await live.post(complete, headers=creator.headers)

        assert_error(rejected, 422, "upload_rejected")
        assert [detail["field"] for detail in rejected.json()["error"]["details"]] == [mismatch]
        assert await stored_size(storage, collaboration, created, "photo.png") is None
        assert_error(await live.post(complete, headers=creator.headers), 409, "upload_rejected")


async def test_types_not_accepted_and_files_too_large_are_refused(live: httpx.AsyncClient, mailbox: Mailbox) -> None:
    collaboration, _, creator = await funded(live, mailbox)
    for content_type, size, code, field in [
        ("text/html", 100, "unsupported_type", "content_type"),
        ("video/mp4", 2 * GIB + 1, "file_too_large", "size"),
        ("image/png", 50 * 1024**2 + 1, "file_too_large", "size"),
    ]:
        refused = await declare(live, creator, collaboration, b"x", content_type, overrides={"size": size})

        assert_error(refused, 422, code)
        assert refused.json()["error"]["details"][0]["field"] == field


@BOTH
async def test_each_upload_has_a_key_of_its_own(live: httpx.AsyncClient, mailbox: Mailbox, storage: Storage) -> None:
    collaboration, _, creator = await funded(live, mailbox)
    first, second = image_bytes("PNG", (16, 16)), image_bytes("PNG", (24, 24))

    ids = [await uploaded(live, creator, collaboration, data, "image/png", "photo.png") for data in (first, second)]

    keys = [upload_key(uuid.UUID(collaboration["id"]), uuid.UUID(upload_id), "photo.png") for upload_id in ids]
    assert keys[0] != keys[1]
    assert [await storage.size(key) for key in keys] == [len(first), len(second)]


async def test_only_the_creator_uploads_and_only_while_in_production(live: httpx.AsyncClient, mailbox: Mailbox) -> None:
    collaboration, owner, creator = await apply(live, mailbox)
    stranger = await login(live, await register(live, "creator"))
    data = image_bytes("PNG", (8, 8))
    assert (await live.post(f"/api/v1/collaborations/{collaboration['id']}/accept", headers=owner.headers)).is_success
    await until(live, owner, collaboration, "awaiting_funding")

    assert_error(await declare(live, creator, collaboration, data, "image/png"), 409, "invalid_state")
    assert_error(await declare(live, owner, collaboration, data, "image/png"), 403, "wrong_party")
    assert_error(await declare(live, stranger, collaboration, data, "image/png"), 404)


async def test_an_upload_is_completed_by_its_creator_once_the_bytes_arrived(
    live: httpx.AsyncClient, mailbox: Mailbox
) -> None:
    collaboration, owner, creator = await funded(live, mailbox)
    data = image_bytes("PNG", (8, 8))
    created = (await declare(live, creator, collaboration, data, "image/png")).json()
    complete = f"/api/v1/uploads/{created['id']}/complete"

    assert_error(await live.post(complete, headers=creator.headers), 409, "upload_missing")
    await send(live, created, data)
    assert_error(await live.post(complete, headers=owner.headers), 404)
    assert (await live.post(complete, headers=creator.headers)).status_code == 200
    again = await live.post(complete, headers=creator.headers)
    assert (again.status_code, again.json()["status"]) == (200, "verified")
