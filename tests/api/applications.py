"""Applying and following a collaboration over HTTP, as the parties' clients do."""

import asyncio
from collections.abc import Callable
from typing import Any

import httpx

from tests.campaign_factories import brand, published_campaign
from tests.factories import Account, verified_user
from tests.servers import Mailbox

Json = dict[str, Any]


async def apply_to(
    http: httpx.AsyncClient, mailbox: Mailbox, campaign: Json, price: int = 30000
) -> tuple[Json, Account]:
    """A new verified creator applies to ``campaign``."""
    creator = await verified_user(http, mailbox, "creator")
    body = {
        "pitch": "I film honest skincare routines.",
        "price": price,
        "currency": campaign["compensation"]["currency"],
    }
    response = await http.post(f"/api/v1/campaigns/{campaign['id']}/applications", headers=creator.headers, json=body)
    assert response.status_code == 201, response.text
    application: Json = response.json()
    return application, creator


async def apply(http: httpx.AsyncClient, mailbox: Mailbox, price: int = 30000) -> tuple[Json, Account, Account]:
    """A new brand publishes a campaign and a new creator applies to it."""
    owner = await brand(http)
    application, creator = await apply_to(http, mailbox, await published_campaign(http, owner), price)
    return application, owner, creator


async def settled(http: httpx.AsyncClient, account: Account, application: Json, done: Callable[[Json], bool]) -> Json:
    """The collaboration's detail once ``done`` holds for it (the workflow acts after the request answered)."""
    path = f"/api/v1/collaborations/{application['id']}"
    for _ in range(100):
        detail: Json = (await http.get(path, headers=account.headers)).json()
        if done(detail):
            return detail
        await asyncio.sleep(0.1)
    raise AssertionError(f"the collaboration never settled: {detail}")
