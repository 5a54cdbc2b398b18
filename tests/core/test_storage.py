"""The storage contract, which the local folder (through our API's file URLs) and S3 (moto over HTTP)
both keep: browsers upload once to a target and download through short-lived URLs; the platform
reads, writes and deletes by key."""

import uuid
from pathlib import Path

import httpx
import pytest

from core.settings import Environment, Settings, StorageBackend
from core.storage.factory import build_storage
from core.storage.interface import ObjectMissing, Storage
from core.storage.local import LocalStorage
from core.storage.s3 import S3Storage
from tests.conftest import TEST_BUCKET
from tests.files import storage_request


@pytest.fixture(params=["local", "s3"])
def storage(request: pytest.FixtureRequest) -> Storage:
    """Each test runs on both implementations."""
    implementation: Storage = request.getfixturevalue(f"{request.param}_storage")
    return implementation


def new_key(filename: str = "clip.mp4") -> str:
    return f"collaborations/{uuid.uuid4()}/uploads/{uuid.uuid4()}/{filename}"


async def upload(client: httpx.AsyncClient, storage: Storage, key: str, body: bytes, content_type: str) -> int:
    """Send ``body`` as a browser would, to the target the storage hands out; the status answered."""
    target = await storage.upload_target(key, content_type=content_type, size=len(body))
    response = await storage_request(client, target.method, target.url, content=body, headers=target.headers)
    return response.status_code


async def read_all(storage: Storage, key: str) -> bytes:
    return b"".join([chunk async for chunk in storage.read(key)])


async def test_an_upload_target_takes_the_bytes_the_browser_sends(client: httpx.AsyncClient, storage: Storage) -> None:
    key, body = new_key(), b"\x00\x00\x00\x18ftypisom" + bytes(range(256)) * 40

    assert await upload(client, storage, key, body, "video/mp4") in (200, 204)

    assert await storage.size(key) == len(body)
    assert await read_all(storage, key) == body


async def test_an_uploaded_object_is_never_replaced(client: httpx.AsyncClient, storage: Storage) -> None:
    key = new_key()
    assert await upload(client, storage, key, b"first", "video/mp4") in (200, 204)

    status = await upload(client, storage, key, b"other", "video/mp4")

    assert status in (409, 412)  # ours: Conflict; S3: If-None-Match failed
    assert await read_all(storage, key) == b"first"


async def test_a_download_url_serves_the_file_with_its_type_and_name(
    client: httpx.AsyncClient, storage: Storage, tmp_path: Path
) -> None:
    key, source = new_key("photo.png"), tmp_path / "photo.png"
    source.write_bytes(b"\x89PNG\r\n\x1a\n pixels")
    await storage.put_file(key, source, content_type="image/png")

    url = await storage.download_url(key, filename="Café shot.png", content_type="image/png", disposition="attachment")
    response = await storage_request(client, "GET", url)

    assert response.status_code == 200
    assert response.content == source.read_bytes()
    assert response.headers["content-type"] == "image/png"
    assert response.headers["content-disposition"] == (
        "attachment; filename=\"Caf_ shot.png\"; filename*=UTF-8''Caf%C3%A9%20shot.png"
    )


async def test_put_file_replaces_what_the_platform_stored_before(storage: Storage, tmp_path: Path) -> None:
    key, source = new_key("preview/watermarked.jpg"), tmp_path / "preview.jpg"
    for body in (b"made once", b"made again"):
        source.write_bytes(body)
        await storage.put_file(key, source, content_type="image/jpeg")

    target = tmp_path / "copy.jpg"
    await storage.download_file(key, target)
    assert target.read_bytes() == b"made again"


async def test_a_deleted_object_is_gone(storage: Storage, tmp_path: Path) -> None:
    key, source = new_key(), tmp_path / "clip.mp4"
    source.write_bytes(b"video")
    await storage.put_file(key, source, content_type="video/mp4")

    await storage.delete(key)
    await storage.delete(key)  # deleting what is not there is no error

    assert await storage.size(key) is None
    with pytest.raises(ObjectMissing):
        await read_all(storage, key)
    with pytest.raises(ObjectMissing):
        await storage.download_file(key, tmp_path / "copy.mp4")


async def test_s3_keeps_each_environment_under_its_prefix(s3_storage: S3Storage, tmp_path: Path) -> None:
    key, source = new_key(), tmp_path / "clip.mp4"
    source.write_bytes(b"video")
    await s3_storage.put_file(key, source, content_type="video/mp4")

    listed = s3_storage.client.list_objects_v2(Bucket=TEST_BUCKET, Prefix=f"{s3_storage.prefix}/")
    assert [item["Key"] for item in listed["Contents"]] == [f"{s3_storage.prefix}/{key}"]


def test_the_settings_choose_the_storage(settings: Settings) -> None:
    assert isinstance(build_storage(settings), LocalStorage)
    s3 = build_storage(
        settings.model_copy(update={"storage_backend": StorageBackend.s3, "environment": Environment.production})
    )
    assert isinstance(s3, S3Storage)
    assert (s3.bucket, s3.prefix) == ("collabmarket", "production")


async def test_browsers_get_s3_urls_at_the_public_endpoint(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "minio")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "minio-secret")
    s3 = build_storage(
        settings.model_copy(
            update={
                "storage_backend": StorageBackend.s3,
                "s3_endpoint_url": "http://minio:9000",
                "s3_public_endpoint_url": "http://localhost:9000",
            }
        )
    )

    target = await s3.upload_target(new_key(), content_type="video/mp4", size=10)
    download = await s3.download_url(new_key(), filename="a.mp4", content_type="video/mp4", disposition="inline")

    assert target.url.startswith("http://localhost:9000/collabmarket/test/collaborations/")
    assert download.startswith("http://localhost:9000/collabmarket/test/collaborations/")
