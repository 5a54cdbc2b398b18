"""Campaign payloads, and helpers that create campaigns through the API as a brand would."""

import uuid
from datetime import datetime, timedelta
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel import col, update
from sqlmodel.ext.asyncio.session import AsyncSession

from models.base import utcnow
from models.campaigns import Campaign
from models.collaborations import Collaboration
from tests.factories import Account, login, register

Json = dict[str, Any]


def in_days(days: float) -> str:
    return (utcnow() + timedelta(days=days)).isoformat()


def campaign_payload(**overrides: Any) -> Json:
    """A valid ``CampaignCreate`` body: one TikTok video for a fixed EUR 250, deadline in two weeks."""
    payload: Json = {
        "title": "Summer serum launch",
        "brief": "Film your **morning routine** with our vitamin C serum.",
        "deliverables": [{"type": "video", "platform": "tiktok", "count": 1, "notes": "30-60 seconds"}],
        "niches": ["beauty"],
        "compensation": {"type": "fixed", "amount": 25000, "currency": "EUR"},
        "slots": 3,
        "application_deadline": in_days(14),
        "delivery_window_days": 14,
    }
    return payload | overrides


async def brand(http: httpx.AsyncClient) -> Account:
    return await login(http, await register(http, "brand"))


async def create_campaign(http: httpx.AsyncClient, owner: Account, **overrides: Any) -> Json:
    response = await http.post("/api/v1/campaigns", headers=owner.headers, json=campaign_payload(**overrides))
    assert response.status_code == 201, response.text
    campaign: Json = response.json()
    return campaign


async def move(http: httpx.AsyncClient, owner: Account, campaign: Json, action: str) -> Json:
    """Publish, pause, resume, close or archive; asserts it worked."""
    response = await http.post(f"/api/v1/campaigns/{campaign['id']}/{action}", headers=owner.headers)
    assert response.status_code == 200, response.text
    moved: Json = response.json()
    return moved


async def published_campaign(http: httpx.AsyncClient, owner: Account, **overrides: Any) -> Json:
    return await move(http, owner, await create_campaign(http, owner, **overrides), "publish")


async def set_deadline(db: async_sessionmaker[AsyncSession], campaign: Json, deadline: datetime) -> None:
    """Move a deadline where the API would refuse to put it, e.g. into the past."""
    async with db() as session:
        await session.exec(
            update(Campaign).where(col(Campaign.id) == uuid.UUID(campaign["id"])).values(application_deadline=deadline)
        )
        await session.commit()


async def add_application(db: async_sessionmaker[AsyncSession], campaign: Json, creator_id: uuid.UUID) -> None:
    """An application row as the collaboration read model holds it."""
    async with db() as session:
        session.add(
            Collaboration(
                campaign_id=uuid.UUID(campaign["id"]),
                campaign_version=campaign["version"],
                brand_id=uuid.UUID(campaign["brand_id"]),
                creator_id=creator_id,
                status="applied",
                pitch="I film skincare routines every week.",
                price=25000,
                currency="EUR",
            )
        )
        await session.commit()
