"""Malformed input never reaches a 500, and every error has the same JSON shape."""

from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import APIRouter
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine
from temporalio.testing import WorkflowEnvironment

from api.deps import BrandUser
from api.main import create_app
from api.resources import Resources
from core.settings import Settings
from models.db import async_url, create_engine, create_read_engine, session_factory
from tests.api.test_auth import assert_error
from tests.conftest import build_test_resources
from tests.factories import PASSWORD, login, register, unique_email


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"email": "not-an-email", "password": PASSWORD, "role": "brand"}, "email"),
        ({"email": unique_email(), "password": "short", "role": "brand"}, "password"),
        ({"email": unique_email(), "password": 1234567890123, "role": "brand"}, "password"),
        ({"email": unique_email(), "password": PASSWORD, "role": "pirate"}, "role"),
        ({"email": unique_email(), "password": PASSWORD, "role": "brand", "is_admin": True}, "is_admin"),
        ({"email": unique_email(), "password": "x" * 129, "role": "brand"}, "password"),
    ],
)
async def test_bad_registration_input_is_422(client: httpx.AsyncClient, payload: dict[str, object], field: str) -> None:
    error = assert_error(await client.post("/api/v1/auth/register", json=payload), 422, "validation_error")
    assert [detail["field"] for detail in error["details"]] == [field]


async def test_malformed_json_is_422(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/api/v1/auth/login", content=b"{not json", headers={"Content-Type": "application/json"}
    )
    assert_error(response, 422, "validation_error")


async def test_wrong_body_type_is_422(client: httpx.AsyncClient) -> None:
    assert_error(await client.post("/api/v1/auth/login", json=["a", "list"]), 422, "validation_error")


async def test_oversized_body_is_413(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/api/v1/auth/login", content=b"x" * 2_000_000, headers={"Content-Type": "application/json"}
    )
    assert_error(response, 413, "payload_too_large")


async def test_streamed_oversized_body_is_413(client: httpx.AsyncClient) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(40):
            yield b"x" * 65536

    response = await client.post("/api/v1/auth/login", content=chunks(), headers={"Content-Type": "application/json"})
    assert_error(response, 413, "payload_too_large")


async def test_unknown_api_route_is_json_404(client: httpx.AsyncClient) -> None:
    assert_error(await client.get("/api/v1/nothing-here"), 404, "not_found")


async def test_wrong_method_is_json_405(client: httpx.AsyncClient) -> None:
    assert_error(await client.delete("/api/v1/auth/login"), 405, "method_not_allowed")


async def test_creator_calling_a_brand_only_route_is_403(resources: Resources) -> None:
    app = create_app(resources=resources)
    router = APIRouter()

    @router.post("/api/v1/brand-only")
    async def brand_only(user: BrandUser) -> dict[str, str]:
        return {"hello": user.email}

    app.include_router(router)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as http:
        creator = await login(http, await register(http, "creator"))
        brand = await login(http, await register(http, "brand"))
        assert_error(await http.post("/api/v1/brand-only", headers=creator.headers), 403, "wrong_role")
        assert (await http.post("/api/v1/brand-only", headers=brand.headers)).json() == {"hello": brand.email}


async def test_an_exhausted_connection_pool_is_503_not_500(
    settings: Settings, temporal_dev: WorkflowEnvironment
) -> None:
    """Every connection busy for the pool's whole timeout (overload) answers 503 with Retry-After."""
    engine = create_async_engine(async_url(settings.database_url), pool_size=1, max_overflow=0, pool_timeout=0.2)
    busy = build_test_resources(settings, engine, session_factory(engine), temporal_dev.client)
    transport = httpx.ASGITransport(app=create_app(resources=busy))
    try:
        async with engine.connect(), httpx.AsyncClient(transport=transport, base_url="http://t") as http:
            body = {"email": unique_email(), "password": PASSWORD, "role": "brand"}
            response = await http.post("/api/v1/auth/register", json=body)
        assert_error(response, 503, "service_unavailable")
        assert response.headers["Retry-After"] == "1"
    finally:
        await engine.dispose()


async def test_a_read_on_a_connection_postgresql_closed_is_503_and_the_next_one_works(
    settings: Settings, temporal_dev: WorkflowEnvironment
) -> None:
    """The read engine does not ping connections as they leave the pool: one closed under it (a
    PostgreSQL restart) fails that request with a 503, and the pool is renewed for the next."""
    engine = create_engine(settings.database_url, pool_size=1)
    read_engine = create_read_engine(settings.database_url, pool_size=1)
    resources = build_test_resources(settings, engine, session_factory(engine), temporal_dev.client)
    resources.read_engine, resources.read_session_factory = read_engine, session_factory(read_engine)
    transport = httpx.ASGITransport(app=create_app(resources=resources))
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
            creator = await login(http, await register(http, "creator"))
            assert (await http.get("/api/v1/campaigns", headers=creator.headers)).status_code == 200
            async with read_engine.connect() as pooled:
                backend = await pooled.scalar(text("SELECT pg_backend_pid()"))
            async with engine.connect() as other:
                await other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": backend})

            response = await http.get("/api/v1/campaigns", headers=creator.headers)
            assert_error(response, 503, "service_unavailable")
            assert response.headers["Retry-After"] == "1"
            assert (await http.get("/api/v1/campaigns", headers=creator.headers)).status_code == 200
    finally:
        await read_engine.dispose()
        await engine.dispose()
