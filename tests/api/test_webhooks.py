"""The Stripe webhook endpoint: only signed events get in, and each is acted on once."""

import json
import time
import uuid
from typing import Any

import httpx
from pydantic import SecretStr
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from api.resources import Resources
from models.webhook_events import StripeEvent
from tests.api.conftest import WEBHOOK_SECRET, stripe_app
from tests.api.test_auth import assert_error
from tests.stripe_server.server import StripeServer
from tests.stripe_server.webhooks import signature_header

PATH = "/api/v1/webhooks/stripe"


def event(event_type: str = "customer.created", **data: Any) -> bytes:
    """An event as Stripe sends it."""
    body = {
        "id": f"evt_{uuid.uuid4().hex[:24]}",
        "object": "event",
        "type": event_type,
        "created": int(time.time()),
        "livemode": False,
        "data": {"object": {"id": f"cus_{uuid.uuid4().hex[:14]}", "object": "customer", **data}},
    }
    return json.dumps(body).encode()


def signed(payload: bytes, secret: str = WEBHOOK_SECRET) -> dict[str, str]:
    return {"Stripe-Signature": signature_header(payload, secret, int(time.time())), "Content-Type": "application/json"}


async def stored(db: async_sessionmaker[AsyncSession], payload: bytes) -> StripeEvent | None:
    async with db() as session:
        return await session.get(StripeEvent, json.loads(payload)["id"])


async def test_an_event_without_stripes_signature_is_refused(
    stripe_api: httpx.AsyncClient, db: async_sessionmaker[AsyncSession]
) -> None:
    payload = event()

    assert_error(await stripe_api.post(PATH, content=payload), 400, "invalid_signature")
    assert_error(await stripe_api.post(PATH, content=payload, headers=signed(payload, "whsec_other")), 400)
    tampered = payload.replace(b"customer.created", b"account.updated")
    assert_error(await stripe_api.post(PATH, content=tampered, headers=signed(payload)), 400, "invalid_signature")
    assert await stored(db, payload) is None


async def test_an_event_of_no_interest_is_acknowledged_and_stored(
    stripe_api: httpx.AsyncClient, db: async_sessionmaker[AsyncSession]
) -> None:
    payload = event()

    answer = await stripe_api.post(PATH, content=payload, headers=signed(payload))

    assert (answer.status_code, answer.json()) == (200, {"received": True, "duplicate": False})
    row = await stored(db, payload)
    assert row is not None
    assert row.type == "customer.created"


async def test_an_event_delivered_again_is_acknowledged_as_a_duplicate(stripe_api: httpx.AsyncClient) -> None:
    payload = event()
    first = await stripe_api.post(PATH, content=payload, headers=signed(payload))

    again = await stripe_api.post(PATH, content=payload, headers=signed(payload))

    assert first.json() == {"received": True, "duplicate": False}
    assert (again.status_code, again.json()) == (200, {"received": True, "duplicate": True})


async def test_an_event_about_an_object_stripe_does_not_show_is_ignored(stripe_api: httpx.AsyncClient) -> None:
    payload = event("account.updated", payouts_enabled=True)

    answer = await stripe_api.post(PATH, content=payload, headers=signed(payload))

    assert (answer.status_code, answer.json()) == (200, {"received": True, "duplicate": False})


async def test_an_event_is_not_stored_while_stripe_cannot_be_asked(
    resources: Resources, stripe_server: StripeServer, db: async_sessionmaker[AsyncSession]
) -> None:
    """503, so that Stripe delivers it again, and that delivery is acted on afresh."""
    payload = event("account.updated", payouts_enabled=True)

    async with stripe_app(resources, stripe_server, stripe_secret_key=SecretStr("sk_test_revoked")) as api:
        assert_error(await api.post(PATH, content=payload, headers=signed(payload)), 503, "service_unavailable")

    assert await stored(db, payload) is None


async def test_webhooks_are_off_until_stripe_is_configured(client: httpx.AsyncClient) -> None:
    payload = event()

    assert_error(await client.post(PATH, content=payload, headers=signed(payload, "")), 404, "stripe_disabled")
