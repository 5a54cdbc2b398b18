"""Liveness, readiness and the development mailbox."""

import asyncio
from datetime import timedelta

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy import text

from api.deps import ResourcesDep
from api.errors import NotFound
from api.schemas.system import HealthPublic, OutboxMessagePublic, ReadinessPublic
from core.email import OutboxSender
from core.settings import Environment

router = APIRouter(tags=["system"])

READY_TIMEOUT_SECONDS = 2.0


@router.get("/health", response_model=HealthPublic)
async def health() -> HealthPublic:
    """The process is alive."""
    return HealthPublic()


@router.get("/ready", response_model=ReadinessPublic, responses={503: {"model": ReadinessPublic}})
async def ready(resources: ResourcesDep) -> JSONResponse:
    """The database and Temporal answer; 503 otherwise."""

    async def database() -> bool:
        async with resources.engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
        return True

    async def temporal() -> bool:
        return await resources.temporal.service_client.check_health(timeout=timedelta(seconds=READY_TIMEOUT_SECONDS))

    checks = await asyncio.gather(
        *(asyncio.wait_for(check(), READY_TIMEOUT_SECONDS) for check in (database, temporal)),
        return_exceptions=True,
    )
    db_ok, temporal_ok = (result is True for result in checks)
    body = ReadinessPublic(
        status="ready" if db_ok and temporal_ok else "unavailable", database=db_ok, temporal=temporal_ok
    )
    return JSONResponse(body.model_dump(), status_code=200 if body.status == "ready" else 503)


@router.get("/api/v1/dev/outbox", response_model=list[OutboxMessagePublic])
async def dev_outbox(resources: ResourcesDep) -> list[OutboxMessagePublic]:
    """Development only: the emails the app would have sent, newest first."""
    sender = resources.sender
    if resources.settings.environment is not Environment.development or not isinstance(sender, OutboxSender):
        raise NotFound("The development mailbox is not enabled.")
    return [OutboxMessagePublic.model_validate(entry) for entry in sender.entries()]
