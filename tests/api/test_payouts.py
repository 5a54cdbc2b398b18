"""Creators set up payouts: once, through the gateway's onboarding; in the sandbox, one click finishes it
and a payout that was waiting for it follows."""

from typing import Any

import httpx

from core.settings import Settings
from tests.api.applications import Json, settled
from tests.api.test_auth import assert_error
from tests.api.test_money_path import admin, funded, until
from tests.factories import Account, login, register
from tests.servers import Mailbox

ONBOARDING = "/api/v1/me/payouts/onboarding"


def enable_path(account_id: str) -> str:
    return f"/api/v1/sandbox/payout-accounts/{account_id}/enable"


async def resolve(
    http: httpx.AsyncClient, settings: Settings, application: Json, creator: Account, **decision: Any
) -> None:
    """The creator opens a dispute and an admin decides it."""
    path = f"/api/v1/collaborations/{application['id']}/dispute"
    opened = await http.post(path, headers=creator.headers, json={"reason": "We disagree."})
    assert opened.status_code == 200, opened.text
    judge = await admin(http, settings)
    resolved = await http.post(f"{path}/resolution", headers=judge.headers, json=decision)
    assert resolved.status_code == 200, resolved.text


async def waiting_for_onboarding(http: httpx.AsyncClient, creator: Account, application: Json) -> None:
    """Once the workflow says the creator's payout waits for them to set up payouts."""
    await settled(http, creator, application, lambda detail: detail["money"]["payout"] == "waiting_for_onboarding")


async def test_a_creator_gets_one_payout_account_and_onboards_in_the_sandbox(client: httpx.AsyncClient) -> None:
    creator = await login(client, await register(client, "creator"))
    assert (await client.get("/api/v1/me/payouts", headers=creator.headers)).json() == {
        "account_id": None,
        "payouts_enabled": False,
    }

    first = await client.post(ONBOARDING, headers=creator.headers)
    again = await client.post(ONBOARDING, headers=creator.headers)

    account = (await client.get("/api/v1/me/payouts", headers=creator.headers)).json()
    assert account["account_id"].startswith("sbx_acct_")
    assert first.json() == again.json() == {"url": f"http://testserver/sandbox/onboard/{account['account_id']}"}
    assert account["payouts_enabled"] is False
    enabled = await client.post(enable_path(account["account_id"]), headers=creator.headers)
    assert enabled.json() == {"account_id": account["account_id"], "payouts_enabled": True}


async def test_only_the_creator_who_owns_a_sandbox_account_enables_it(client: httpx.AsyncClient) -> None:
    owner = await login(client, await register(client, "creator"))
    await client.post(ONBOARDING, headers=owner.headers)
    account_id = (await client.get("/api/v1/me/payouts", headers=owner.headers)).json()["account_id"]
    other = await login(client, await register(client, "creator"))
    brand = await login(client, await register(client, "brand"))

    assert_error(await client.post(enable_path(account_id), headers=other.headers), 404)
    assert_error(await client.post(enable_path(account_id), headers=brand.headers), 403, "wrong_role")
    assert_error(await client.post(ONBOARDING, headers=brand.headers), 403, "wrong_role")
    elsewhere = {"return_path": "//evil.example/"}
    assert_error(await client.post(ONBOARDING, headers=owner.headers, json=elsewhere), 422, "validation_error")
    assert (await client.get("/api/v1/me/payouts", headers=owner.headers)).json()["payouts_enabled"] is False


async def test_sandbox_onboarding_is_off_when_stripe_is_configured(stripe_api: httpx.AsyncClient) -> None:
    creator = await login(stripe_api, await register(stripe_api, "creator"))
    onboarding = await stripe_api.post(ONBOARDING, headers=creator.headers)
    account_id = (await stripe_api.get("/api/v1/me/payouts", headers=creator.headers)).json()["account_id"]

    assert account_id.startswith("acct_")
    assert "/connect/onboard/" in onboarding.json()["url"]
    assert_error(await stripe_api.post(enable_path(account_id), headers=creator.headers), 404, "sandbox_disabled")


async def test_a_sandbox_payout_waits_until_the_creator_has_onboarded(
    live: httpx.AsyncClient, mailbox: Mailbox, settings: Settings
) -> None:
    application, owner, creator = await funded(live, mailbox)
    await resolve(live, settings, application, creator, outcome="release")
    await waiting_for_onboarding(live, creator, application)

    url = (await live.post(ONBOARDING, headers=creator.headers)).json()["url"]
    enabled = await live.post(enable_path(url.rsplit("/", 1)[1]), headers=creator.headers)

    assert enabled.json()["payouts_enabled"] is True
    await until(live, creator, application, "completed")
    ledger = (await live.get(f"/api/v1/collaborations/{application['id']}/ledger", headers=owner.headers)).json()
    assert (ledger["totals"]["paid_to_creator"], ledger["totals"]["held_in_escrow"]) == (36000, 0)
