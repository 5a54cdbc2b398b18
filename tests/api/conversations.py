"""Opening conversations and sending messages over HTTP, as the parties' clients do."""

import httpx

from tests.api.applications import Json
from tests.campaign_factories import brand, published_campaign
from tests.factories import Account, verified_user
from tests.servers import Mailbox


async def inquiry(http: httpx.AsyncClient, mailbox: Mailbox) -> tuple[Json, Account, Account]:
    """A new brand's open campaign, and a new verified creator's inquiry about it: the thread, the brand and
    the creator."""
    owner = await brand(http)
    campaign = await published_campaign(http, owner)
    creator = await verified_user(http, mailbox, "creator")
    opened = await http.post(f"/api/v1/campaigns/{campaign['id']}/inquiry", headers=creator.headers)
    assert opened.status_code == 200, opened.text
    thread: Json = opened.json()
    return thread, owner, creator


async def post(http: httpx.AsyncClient, account: Account, thread: Json, body: str) -> Json:
    """``account`` sends ``body`` in ``thread``; the message."""
    sent = await http.post(f"/api/v1/threads/{thread['id']}/messages", headers=account.headers, json={"body": body})
    assert sent.status_code == 201, sent.text
    message: Json = sent.json()
    return message


async def thread_of(http: httpx.AsyncClient, account: Account, thread: Json) -> Json:
    """The thread as ``account`` sees it now."""
    found = await http.get(f"/api/v1/threads/{thread['id']}", headers=account.headers)
    assert found.status_code == 200, found.text
    seen: Json = found.json()
    return seen
