"""Applications over HTTP, through a real worker on the Temporal dev server.

These tests commit their data (the workflow's projection writes from its own
connections), so each creates its own users and campaigns.
"""

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine
from temporalio.testing import WorkflowEnvironment

from api.main import create_app
from api.resources import Resources
from core.email import SmtpSender
from core.settings import Settings
from models.db import session_factory
from temporal.worker import build_worker
from tests.api.test_auth import assert_error
from tests.campaign_factories import brand, published_campaign
from tests.conftest import build_test_resources
from tests.factories import Account, login, register, verified_user
from tests.servers import Mailbox


@pytest.fixture
async def live(
    settings: Settings, engine: AsyncEngine, temporal_dev: WorkflowEnvironment, mailbox: Mailbox
) -> AsyncIterator[httpx.AsyncClient]:
    """An API whose requests commit, and a worker serving its workflows."""
    factory = session_factory(engine)
    resources: Resources = build_test_resources(settings, engine, factory, temporal_dev.client)
    sender = SmtpSender(settings.smtp_host, settings.smtp_port, settings.email_from)
    worker = build_worker(temporal_dev.client, settings, sender, factory)
    async with worker:
        transport = httpx.ASGITransport(app=create_app(resources=resources))
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            yield http


async def apply(
    http: httpx.AsyncClient, mailbox: Mailbox, price: int = 30000
) -> tuple[dict[str, Any], Account, Account]:
    owner = await brand(http)
    campaign = await published_campaign(http, owner)
    creator = await verified_user(http, mailbox, "creator")
    body = {
        "pitch": "I film honest skincare routines.",
        "price": price,
        "currency": campaign["compensation"]["currency"],
    }
    response = await http.post(f"/api/v1/campaigns/{campaign['id']}/applications", headers=creator.headers, json=body)
    assert response.status_code == 201, response.text
    return response.json(), owner, creator


async def test_brand_counters_and_creator_accepts(live: httpx.AsyncClient, mailbox: Mailbox) -> None:
    application, owner, creator = await apply(live, mailbox)
    path = f"/api/v1/collaborations/{application['id']}"
    countered = await live.post(f"{path}/counter", headers=owner.headers, json={"price": 25000})
    assert countered.status_code == 200, countered.text
    assert countered.json()["pending_offer_by"] == "brand"
    accepted = await live.post(f"{path}/accept-counter", headers=creator.headers)
    assert accepted.status_code == 200, accepted.text
    assert (accepted.json()["status"], accepted.json()["price"]) == ("accepted", 25000)
    assert [offer["price"] for offer in accepted.json()["offers"]] == [30000, 25000]
    mine = await live.get("/api/v1/collaborations", params={"role": "creator"}, headers=creator.headers)
    assert [item["status"] for item in mine.json()["items"]] == ["accepted"]


async def test_decisions_are_authorised(live: httpx.AsyncClient, mailbox: Mailbox) -> None:
    application, owner, creator = await apply(live, mailbox)
    path = f"/api/v1/collaborations/{application['id']}"
    stranger = await login(live, await register(live, "brand"))
    assert_error(await live.get(path, headers=stranger.headers), 404)
    assert_error(await live.post(f"{path}/accept", headers=stranger.headers), 404)
    assert_error(await live.post(f"{path}/accept", headers=creator.headers), 403, "wrong_party")
    assert (await live.post(f"{path}/accept", headers=owner.headers)).status_code == 200
    assert_error(await live.post(f"{path}/accept", headers=owner.headers), 409)


async def test_one_application_per_creator_per_campaign(live: httpx.AsyncClient, mailbox: Mailbox) -> None:
    application, _, creator = await apply(live, mailbox)
    body = {"pitch": "Second try at the same brief.", "price": 1000, "currency": application["currency"]}
    again = await live.post(
        f"/api/v1/campaigns/{application['campaign_id']}/applications",
        headers=creator.headers,
        json=body,
    )
    assert_error(again, 409, "already_applied")


async def test_closing_the_campaign_declines_pending_applications(live: httpx.AsyncClient, mailbox: Mailbox) -> None:
    application, owner, creator = await apply(live, mailbox)
    closed = await live.post(f"/api/v1/campaigns/{application['campaign_id']}/close", headers=owner.headers)
    assert closed.status_code == 200, closed.text
    path = f"/api/v1/collaborations/{application['id']}"
    for _ in range(50):
        detail = (await live.get(path, headers=creator.headers)).json()
        if detail["status"] == "rejected":
            break
        await asyncio.sleep(0.1)
    assert detail["status"] == "rejected"
    assert detail["events"][-1]["data"]["reason"] == "The brand closed this campaign."
