"""What the local storage's upload URL refuses, as S3 refuses it for a presigned PUT, and the keys it
will not touch."""

import uuid
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import timedelta

import httpx
import pytest

from api.main import create_app
from api.resources import Resources
from core.settings import Settings
from core.storage.interface import Storage, UploadTarget
from core.storage.local import LocalStorage
from tests.conftest import TEST_SECRET


def new_key() -> str:
    return f"collaborations/{uuid.uuid4()}/uploads/{uuid.uuid4()}/photo.png"


async def target_for(storage: Storage, key: str, size: int = 10) -> UploadTarget:
    return await storage.upload_target(key, content_type="image/png", size=size)


async def test_a_body_larger_than_declared_is_refused_and_not_kept(
    client: httpx.AsyncClient, local_storage: Storage
) -> None:
    key = new_key()
    target = await target_for(local_storage, key)

    declared = await client.put(target.url, content=b"x" * 11, headers=target.headers)

    async def streamed() -> AsyncIterator[bytes]:  # no Content-Length: found out while it arrives
        for _ in range(3):
            yield b"x" * 6

    undeclared = await client.put(target.url, content=streamed(), headers=target.headers)

    assert (declared.status_code, declared.json()["error"]["code"]) == (413, "too_large")
    assert (undeclared.status_code, undeclared.json()["error"]["code"]) == (413, "too_large")
    assert await local_storage.size(key) is None


async def test_a_body_larger_than_the_api_limit_is_taken_when_declared(
    client: httpx.AsyncClient, local_storage: Storage, settings: Settings
) -> None:
    size = settings.max_body_bytes + 1
    target = await target_for(local_storage, new_key(), size=size)

    response = await client.put(target.url, content=b"x" * size, headers=target.headers)

    assert response.status_code == 204


async def test_upload_urls_need_a_valid_token_for_uploading(
    client: httpx.AsyncClient, local_storage: LocalStorage, settings: Settings
) -> None:
    key = new_key()
    target = await target_for(local_storage, key)
    expired = LocalStorage(
        settings.storage_dir, secret=TEST_SECRET, public_url="http://testserver", url_lifetime=timedelta(seconds=-1)
    )
    download = await local_storage.download_url(key, filename="a.png", content_type="image/png", disposition="inline")
    forged = LocalStorage(
        settings.storage_dir, secret="x" * 40, public_url="http://testserver", url_lifetime=timedelta(minutes=5)
    )

    for url in (
        target.url + "x",
        (await target_for(expired, key)).url,
        download,
        (await target_for(forged, key)).url,
    ):
        response = await client.put(url, content=b"x" * 10, headers=target.headers)
        assert (response.status_code, response.json()["error"]["code"]) == (403, "invalid_token"), url
    assert await local_storage.size(key) is None


async def test_an_upload_must_have_the_declared_content_type(client: httpx.AsyncClient, local_storage: Storage) -> None:
    target = await target_for(local_storage, new_key())

    response = await client.put(target.url, content=b"x" * 10, headers={"Content-Type": "text/html"})

    assert (response.status_code, response.json()["error"]["code"]) == (415, "wrong_content_type")


@pytest.mark.parametrize("key", ["../outside.png", "a/../../outside.png", "/etc/passwd", "a//b", "a/.hidden", ""])
def test_keys_cannot_leave_the_folder_or_name_hidden_files(local_storage: LocalStorage, key: str) -> None:
    with pytest.raises(ValueError, match="not a storage key"):
        local_storage.path(key)


async def test_file_urls_are_not_served_when_files_are_in_s3(
    resources: Resources, local_storage: LocalStorage, s3_storage: Storage
) -> None:
    target = await target_for(local_storage, new_key())
    app = create_app(resources=replace(resources, storage=s3_storage))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as http:
        response = await http.put(target.url, content=b"x" * 10, headers=target.headers)

    assert response.status_code == 404
