"""The steps after acceptance over HTTP, through a real worker and the sandbox gateway: paying,
the ledger both sides see, disputes an admin resolves, and who may do what."""

import asyncio
import uuid
from typing import Any

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from api.services.admins import create_admin
from core.settings import Settings
from tests.api.applications import Json, apply, settled
from tests.api.test_auth import assert_error
from tests.factories import PASSWORD, Account, login, register, unique_email
from tests.servers import Mailbox


async def until(http: httpx.AsyncClient, account: Account, collaboration: Json, status: str) -> Json:
    """The collaboration's detail once it reaches ``status`` (the workflow moves on by itself)."""
    path = f"/api/v1/collaborations/{collaboration['id']}"
    for _ in range(100):
        detail: Json = (await http.get(path, headers=account.headers)).json()
        if detail["status"] == status:
            return detail
        await asyncio.sleep(0.1)
    raise AssertionError(f"never reached {status}: {detail['status']}")


async def awaiting_funding(http: httpx.AsyncClient, mailbox: Mailbox) -> tuple[Json, Account, Account]:
    """An accepted collaboration whose payment page is open: it, the brand and the creator."""
    application, owner, creator = await apply(http, mailbox, price=40000)
    path = f"/api/v1/collaborations/{application['id']}"
    assert (await http.post(f"{path}/accept", headers=owner.headers)).status_code == 200
    awaiting = await until(http, owner, application, "awaiting_funding")
    assert awaiting["money"]["funding"]["fees"]["price"] == 40000
    return awaiting, owner, creator


async def funded(http: httpx.AsyncClient, mailbox: Mailbox) -> tuple[Json, Account, Account]:
    application, owner, creator = await awaiting_funding(http, mailbox)
    path = f"/api/v1/collaborations/{application['id']}"
    paid = await http.post(f"{path}/funding/sandbox-payment", headers=owner.headers)
    assert paid.status_code == 200, paid.text
    await until(http, owner, application, "in_production")
    return application, owner, creator


async def admin(http: httpx.AsyncClient, settings: Settings) -> Account:
    account = Account(email=unique_email("admin"), password=PASSWORD, role="admin")
    await create_admin(settings, account.email, account.password)
    return await login(http, account)


async def test_paying_in_the_sandbox_funds_the_escrow(live: httpx.AsyncClient, mailbox: Mailbox) -> None:
    application, owner, creator = await funded(live, mailbox)

    detail = await until(live, creator, application, "in_production")
    assert detail["money"]["deadline"]["kind"] == "delivery"
    for account in (owner, creator):
        ledger = (await live.get(f"/api/v1/collaborations/{application['id']}/ledger", headers=account.headers)).json()
        assert ledger["totals"] == {
            "brand_paid": 40000,
            "refunded_to_brand": 0,
            "held_in_escrow": 40000,
            "paid_to_creator": 0,
            "platform_fees": 0,
        }
        assert [movement["movement"] for movement in ledger["movements"]] == ["funding"]
    again = await live.post(
        f"/api/v1/collaborations/{application['id']}/funding/sandbox-payment", headers=owner.headers
    )
    assert_error(again, 409, "invalid_state")


async def test_an_admin_refunds_a_disputed_collaboration(
    live: httpx.AsyncClient, mailbox: Mailbox, settings: Settings
) -> None:
    application, owner, creator = await funded(live, mailbox)
    path = f"/api/v1/collaborations/{application['id']}"
    opened = await live.post(f"{path}/dispute", headers=creator.headers, json={"reason": "The product never came."})
    assert opened.status_code == 200, opened.text
    assert opened.json()["money"]["dispute"]["opened_by"] == "creator"
    decision: dict[str, Any] = {"outcome": "refund", "note": "No delivery possible."}

    assert_error(await live.post(f"{path}/dispute/resolution", headers=owner.headers, json=decision), 403)
    split_without_share = {"outcome": "split"}
    judge = await admin(live, settings)
    assert_error(await live.post(f"{path}/dispute/resolution", headers=judge.headers, json=split_without_share), 422)
    resolved = await live.post(f"{path}/dispute/resolution", headers=judge.headers, json=decision)
    assert resolved.status_code == 200, resolved.text

    await until(live, owner, application, "cancelled")
    ledger = (await live.get(f"{path}/ledger", headers=owner.headers)).json()
    assert ledger["totals"]["refunded_to_brand"] == 40000
    assert (ledger["totals"]["held_in_escrow"], ledger["totals"]["brand_paid"]) == (0, 0)


async def test_each_side_takes_only_its_own_steps(live: httpx.AsyncClient, mailbox: Mailbox) -> None:
    application, owner, creator = await funded(live, mailbox)
    path = f"/api/v1/collaborations/{application['id']}"
    stranger = await login(live, await register(live, "brand"))

    assert_error(await live.post(f"{path}/approval", headers=owner.headers), 409, "invalid_state")
    assert_error(await live.post(f"{path}/approval", headers=creator.headers), 403, "wrong_party")
    assert_error(await live.post(f"{path}/funding/sandbox-payment", headers=creator.headers), 403)
    earlier = {"until": "2020-01-01T00:00:00Z"}
    assert_error(await live.post(f"{path}/deadline", headers=owner.headers, json=earlier), 422, "invalid_input")
    assert_error(await live.post(f"{path}/missed-deadline-cancellation", headers=owner.headers), 409)
    assert_error(await live.post(f"{path}/shipment", headers=owner.headers, json={"carrier": "DHL"}), 422)
    assert_error(await live.get(f"{path}/ledger", headers=stranger.headers), 404)
    assert_error(await live.post(f"{path}/cancellation", headers=stranger.headers), 404)


async def test_cancelling_by_agreement_refunds_the_brand(live: httpx.AsyncClient, mailbox: Mailbox) -> None:
    application, owner, creator = await funded(live, mailbox)
    path = f"/api/v1/collaborations/{application['id']}"

    proposed = await live.post(f"{path}/cancellation", headers=owner.headers)
    assert proposed.json()["money"]["cancel_proposed_by"] == "brand"
    assert_error(await live.post(f"{path}/cancellation/acceptance", headers=owner.headers), 403, "wrong_party")
    assert (await live.post(f"{path}/cancellation/acceptance", headers=creator.headers)).status_code == 200

    # Cancelled first, refunded a moment later: wait for the refund before reading the ledger.
    detail = await settled(live, creator, application, lambda detail: detail["events"][-1]["type"] == "refunded")
    assert detail["status"] == "cancelled"
    assert [event["type"] for event in detail["events"]][-3:] == ["cancel_proposed", "cancelled", "refunded"]
    ledger = (await live.get(f"{path}/ledger", headers=creator.headers)).json()
    assert ledger["totals"]["refunded_to_brand"] == 40000


async def test_the_brand_gets_a_new_payment_link_once_the_first_expired(
    live: httpx.AsyncClient, mailbox: Mailbox, engine: AsyncEngine
) -> None:
    detail, owner, creator = await awaiting_funding(live, mailbox)
    path = f"/api/v1/collaborations/{detail['id']}"
    first = detail["money"]["funding"]
    assert first["number"] == 1 and first["expires_at"] is not None
    async with engine.begin() as connection:  # a day passes: the sandbox's page expires, as Stripe's does
        await connection.execute(
            text("UPDATE sandbox_payments SET created_at = created_at - interval '25 hours' WHERE id = :id"),
            {"id": first["id"]},
        )
    assert_error(await live.post(f"{path}/funding/sandbox-payment", headers=owner.headers), 409, "funding_expired")

    assert_error(await live.post(f"{path}/funding/renewal", headers=creator.headers), 403, "wrong_party")
    renewed = await live.post(f"{path}/funding/renewal", headers=owner.headers)

    assert renewed.status_code == 200, renewed.text
    funding = renewed.json()["money"]["funding"]
    assert (renewed.json()["status"], funding["number"]) == ("awaiting_funding", 2)
    assert funding["id"] != first["id"] and funding["fees"] == first["fees"]
    assert renewed.json()["money"]["deadline"] == detail["money"]["deadline"]
    assert (await live.post(f"{path}/funding/sandbox-payment", headers=owner.headers)).status_code == 200
    await until(live, owner, detail, "in_production")
    ledger = (await live.get(f"{path}/ledger", headers=owner.headers)).json()
    assert (ledger["totals"]["brand_paid"], ledger["totals"]["held_in_escrow"]) == (40000, 40000)
    assert_error(await live.post(f"{path}/funding/renewal", headers=owner.headers), 409, "invalid_state")


async def test_no_new_payment_link_for_a_collaboration_that_ended_or_is_not_yours(
    live: httpx.AsyncClient, mailbox: Mailbox
) -> None:
    detail, owner, _ = await awaiting_funding(live, mailbox)
    path = f"/api/v1/collaborations/{detail['id']}"
    stranger = await login(live, await register(live, "brand"))
    assert_error(await live.post(f"{path}/funding/renewal", headers=stranger.headers), 404)

    assert (await live.post(f"{path}/cancellation", headers=owner.headers)).status_code == 200
    await until(live, owner, detail, "cancelled")

    assert_error(await live.post(f"{path}/funding/renewal", headers=owner.headers), 409)


async def test_only_admins_retry_a_payment_and_only_a_refused_one(
    live: httpx.AsyncClient, mailbox: Mailbox, settings: Settings
) -> None:
    application, owner, creator = await funded(live, mailbox)
    path = f"/api/v1/collaborations/{application['id']}/payment-retry"
    operator = await admin(live, settings)

    for party in (owner, creator):
        assert_error(await live.post(path, headers=party.headers), 403)
    assert_error(await live.post(f"/api/v1/collaborations/{uuid.uuid4()}/payment-retry", headers=operator.headers), 404)
    assert_error(await live.post(path, headers=operator.headers), 409, "invalid_state")
