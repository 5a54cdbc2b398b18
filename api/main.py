"""The FastAPI application factory."""

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi_offline import FastAPIOffline
from starlette.middleware.sessions import SessionMiddleware

from api.errors import install_error_handlers
from api.middleware import BodySizeLimit
from api.resources import Resources, build_resources
from api.routes import (
    auth,
    campaigns,
    collaborations,
    creators,
    deliveries,
    files,
    me,
    messages,
    money_path,
    notifications,
    oauth,
    payouts,
    realtime,
    system,
    uploads,
    webhooks,
)
from api.spa import mount_spa
from core.settings import Settings, get_settings
from core.storage.local import FILES_PATH


def _settle_garbage_collector() -> None:
    """Tune the cycle collector for a process that serves requests for hours.

    What is loaded at startup (modules, the app, SQLAlchemy and pydantic schemas: ~230,000
    objects) lives as long as the process, yet every full collection walked all of it: a
    130 ms pause every few thousand requests, felt by every request in flight. Frozen, they are
    left out. And a request's objects are nearly all freed by reference counting when it ends;
    the default threshold (700 new objects) collected several times inside each one for nothing.
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(10_000, 10, 10)


def create_app(settings: Settings | None = None, resources: Resources | None = None) -> FastAPI:
    """Build the app. Tests pass ``resources`` they own; otherwise the lifespan creates them."""
    settings = settings or (resources.settings if resources else get_settings())

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if resources is not None:
            yield
            return
        app.state.resources = await build_resources(settings)
        _settle_garbage_collector()
        try:
            yield
        finally:
            await app.state.resources.close()

    # Swagger UI and ReDoc served from the package, not a CDN: /docs works offline too.
    app = FastAPIOffline(
        title="CollabMarket API",
        version="1.0.0",
        description="Brands post UGC campaigns, creators apply, money is held in escrow until content is approved.",
        lifespan=lifespan,
    )
    if resources is not None:
        app.state.resources = resources
    install_error_handlers(app)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_credentials=True,
            allow_methods=["*"],
            allow_headers=["*"],
        )
    # Holds only the OAuth state during a provider round trip.
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.secret_key.get_secret_value(),
        session_cookie="cm_oauth",
        max_age=600,
        same_site="lax",
        https_only=settings.refresh_cookie_secure,
    )
    # Uploads to the local storage cap their bodies at the size the creator declared.
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes, unlimited_prefix=f"{FILES_PATH}/")

    v1 = APIRouter(prefix="/api/v1")
    v1.include_router(auth.router)
    v1.include_router(oauth.router)
    v1.include_router(me.router)
    v1.include_router(campaigns.router)
    v1.include_router(creators.router)
    v1.include_router(collaborations.router)
    v1.include_router(money_path.router)
    v1.include_router(payouts.router)
    v1.include_router(webhooks.router)
    v1.include_router(uploads.router)
    v1.include_router(deliveries.router)
    v1.include_router(files.router)
    v1.include_router(messages.router)
    v1.include_router(realtime.router)
    v1.include_router(notifications.router)
    app.include_router(v1)
    app.include_router(system.router)
    mount_spa(app, settings.frontend_dist)
    return app
