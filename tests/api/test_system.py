"""Liveness, readiness, the development mailbox and the process the lifespan sets up."""

import gc
from pathlib import Path

import httpx
from temporalio.client import Client

from api.main import create_app
from api.resources import Resources
from core.email import OutboxSender
from core.settings import Environment, Settings
from tests.servers import free_port


async def test_health_answers_ok(client: httpx.AsyncClient) -> None:
    assert (await client.get("/health")).json() == {"status": "ok"}


async def test_ready_when_database_and_temporal_answer(client: httpx.AsyncClient) -> None:
    response = await client.get("/ready")
    assert response.status_code == 200
    assert response.json() == {"status": "ready", "database": True, "temporal": True}


async def test_not_ready_when_temporal_is_down(resources: Resources) -> None:
    resources.temporal = await Client.connect(f"127.0.0.1:{free_port()}", lazy=True)
    app = create_app(resources=resources)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as http:
        response = await http.get("/ready")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": True, "temporal": False}


async def test_dev_outbox_lists_sent_mail_in_development_only(resources: Resources, tmp_path: Path) -> None:
    resources.sender = OutboxSender(tmp_path, "CollabMarket <no-reply@example.com>")
    app = create_app(resources=resources)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as http:
        assert (await http.get("/api/v1/dev/outbox")).status_code == 404  # the test environment
        resources.settings = resources.settings.model_copy(update={"environment": Environment.development})
        await http.post(
            "/api/v1/auth/register",
            json={"email": "outbox@example.com", "password": "long enough password", "role": "brand"},
        )
        messages = (await http.get("/api/v1/dev/outbox")).json()
    assert [message["to"] for message in messages] == ["outbox@example.com"]
    assert "/verify-email?token=" in messages[0]["text"]
    assert len(list(tmp_path.glob("*.eml"))) == 1


async def test_openapi_docs_are_served(client: httpx.AsyncClient) -> None:
    schema = (await client.get("/openapi.json")).json()
    assert "/api/v1/auth/login" in schema["paths"]
    docs = await client.get("/docs")
    assert docs.status_code == 200
    assert "cdn." not in docs.text  # the UI's assets are served locally
    assert (await client.get("/static-offline-docs/swagger-ui-bundle.js")).status_code == 200


async def test_the_lifespan_freezes_what_startup_loaded(settings: Settings) -> None:
    """Full collections leave the startup objects alone, and requests are not collected midway."""
    app = create_app(settings)
    threshold = gc.get_threshold()
    try:
        async with app.router.lifespan_context(app):
            assert gc.get_freeze_count() > 100_000
            assert gc.get_threshold()[0] == 10_000
            async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as http:
                assert (await http.get("/health")).status_code == 200
    finally:
        gc.unfreeze()
        gc.set_threshold(*threshold)
