"""Uploading and delivering files over HTTP, as the creator's browser does."""

import httpx

from tests.api.applications import Json
from tests.factories import Account
from tests.files import sha256, storage_request


async def declare(
    http: httpx.AsyncClient,
    creator: Account,
    collaboration: Json,
    data: bytes,
    content_type: str,
    filename: str = "photo.png",
    overrides: Json | None = None,
) -> httpx.Response:
    """``POST …/uploads`` for ``data``; ``overrides`` replace what is declared about it."""
    body = {"filename": filename, "content_type": content_type, "size": len(data), "sha256": sha256(data)}
    return await http.post(
        f"/api/v1/collaborations/{collaboration['id']}/uploads", headers=creator.headers, json=body | (overrides or {})
    )


async def send(http: httpx.AsyncClient, created: Json, data: bytes) -> httpx.Response:
    """Send the bytes where the API said, as it said (a signed URL: no bearer token)."""
    target = created["upload"]
    return await storage_request(http, target["method"], target["url"], content=data, headers=target["headers"])


async def uploaded(
    http: httpx.AsyncClient, creator: Account, collaboration: Json, data: bytes, content_type: str, filename: str
) -> str:
    """Declare, send and complete an upload that matches; its id."""
    created = await declare(http, creator, collaboration, data, content_type, filename)
    assert created.status_code == 201, created.text
    sent = await send(http, created.json(), data)
    assert sent.status_code in (200, 204), sent.text
    completed = await http.post(f"/api/v1/uploads/{created.json()['id']}/complete", headers=creator.headers)
    assert completed.status_code == 200, completed.text
    assert completed.json()["status"] == "verified"
    upload_id: str = created.json()["id"]
    return upload_id


async def deliver(http: httpx.AsyncClient, creator: Account, collaboration: Json, *upload_ids: str) -> httpx.Response:
    body = {"upload_ids": list(upload_ids), "note": "Here it is.", "checklist": [0]}
    return await http.post(
        f"/api/v1/collaborations/{collaboration['id']}/deliveries", headers=creator.headers, json=body
    )


async def fetch(
    http: httpx.AsyncClient, account: Account, collaboration: Json, upload_id: str, version: str
) -> httpx.Response:
    """``GET …/files/<upload>/<version>``, then the URL it redirects to (when it does)."""
    path = f"/api/v1/collaborations/{collaboration['id']}/files/{upload_id}/{version}"
    response = await http.get(path, headers=account.headers)
    if response.status_code != 307:
        return response
    return await storage_request(http, "GET", response.headers["location"])
