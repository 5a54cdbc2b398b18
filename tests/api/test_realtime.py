"""The WebSocket over real HTTP (uvicorn) with PostgreSQL LISTEN/NOTIFY: who may connect, who hears
what, frames sent over it, and catching up across reconnects with nothing lost or repeated."""

import asyncio
import random
import uuid
from dataclasses import replace
from datetime import timedelta

from api.resources import Resources
from api.schemas.messages import MessageCreate
from api.security import TokenCodec
from api.services.messages import MessageService
from api.services.notifications import NotificationService
from models.users import User
from tests.api.applications import Json
from tests.api.conversations import inquiry, post
from tests.api.sockets import Realtime, ready_socket, realtime_app, socket
from tests.conftest import TEST_SECRET
from tests.factories import Account, verified_user
from tests.servers import Mailbox


def token_lasting(account: Account, lifetime: timedelta) -> str:
    """An access token of ``account``'s session that expires ``lifetime`` from now (in the past if negative)."""
    claims = TokenCodec(TEST_SECRET, timedelta(minutes=15)).read(account.access_token)
    assert claims is not None
    return TokenCodec(TEST_SECRET, lifetime).issue(claims.user_id, claims.session_id, claims.role)[0]


async def test_a_socket_without_a_valid_token_is_closed_with_4401(realtime: Realtime, mailbox: Mailbox) -> None:
    _, owner, _ = await inquiry(realtime.http, mailbox)
    expired = token_lasting(owner, timedelta(seconds=-30))

    for token in (None, "", "not-a-jwt", expired, owner.refresh_token):
        async with socket(realtime.url, token) as refused:
            assert (await refused.close_code())[0] == 4401, token
    assert (await realtime.http.post("/api/v1/auth/logout", headers=owner.headers)).status_code == 204
    async with socket(realtime.url, owner.access_token) as signed_out:
        assert await signed_out.close_code() == (4401, "Your session has ended. Please sign in again.")


async def test_messages_reach_every_socket_of_both_parties_and_no_one_else(
    realtime: Realtime, mailbox: Mailbox
) -> None:
    thread, owner, creator = await inquiry(realtime.http, mailbox)
    _, _, outsider = await inquiry(realtime.http, mailbox)
    async with (
        ready_socket(realtime.url, owner.access_token) as brand_tab,
        ready_socket(realtime.url, creator.access_token) as creator_tab,
        ready_socket(realtime.url, creator.access_token) as creator_other_tab,
        ready_socket(realtime.url, outsider.access_token) as outsider_tab,
    ):
        sent = await post(realtime.http, creator, thread, "Hello from the creator")

        for tab in (brand_tab, creator_tab, creator_other_tab):
            assert (await tab.next("message"))["message"] == sent
        await outsider_tab.silent()

        await outsider_tab.send({"type": "typing", "thread_id": thread["id"]})
        assert (await outsider_tab.next("error"))["code"] == "not_found"
        await outsider_tab.send({"type": "send", "thread_id": thread["id"], "body": "let me in", "ref": "x"})
        assert (await outsider_tab.next("error")) | {"message": None} == {
            "type": "error",
            "ref": "x",
            "code": "not_found",
            "message": None,
            "details": None,
        }
        await outsider_tab.send({"type": "resume", "after": 0})
        await outsider_tab.silent()
        assert (await brand_tab.next("notification"))["notification"]["kind"] == "new_message"
        await brand_tab.silent(0.1)


async def test_typing_goes_to_the_other_party_and_read_receipts_to_both(realtime: Realtime, mailbox: Mailbox) -> None:
    thread, owner, creator = await inquiry(realtime.http, mailbox)
    async with (
        ready_socket(realtime.url, owner.access_token) as brand_tab,
        ready_socket(realtime.url, creator.access_token) as creator_tab,
    ):
        await creator_tab.send({"type": "typing", "thread_id": thread["id"]})
        typing = await brand_tab.next("typing")
        assert typing == {"type": "typing", "thread_id": thread["id"], "user_id": thread["creator"]["user_id"]}
        await creator_tab.silent()

        sent = await post(realtime.http, creator, thread, "Did you get the samples?")
        await brand_tab.send({"type": "read", "thread_id": thread["id"], "ref": "r1"})

        receipt = {
            "type": "read",
            "thread_id": thread["id"],
            "user_id": thread["brand"]["user_id"],
            "last_read_message_id": sent["id"],
        }
        assert await creator_tab.next("read") == receipt
        answers = [await brand_tab.next("ack", "read") for _ in range(2)]
        assert sorted(answers, key=lambda event: event["type"]) == [
            {"type": "ack", "ref": "r1", "message_id": None},
            receipt,
        ]


async def test_a_message_sent_over_the_socket_is_acknowledged_and_pushed(realtime: Realtime, mailbox: Mailbox) -> None:
    thread, owner, creator = await inquiry(realtime.http, mailbox)
    async with (
        ready_socket(realtime.url, owner.access_token) as brand_tab,
        ready_socket(realtime.url, creator.access_token) as creator_tab,
    ):
        await creator_tab.send({"type": "send", "thread_id": thread["id"], "body": "Over the socket", "ref": "c1"})

        ack = await creator_tab.next("ack")
        pushed = (await brand_tab.next("message"))["message"]
        assert (ack["ref"], ack["message_id"]) == ("c1", pushed["id"])
        assert pushed["body"] == "Over the socket"

        await creator_tab.connection.send("not json")
        assert (await creator_tab.next("error"))["code"] == "invalid_frame"
        await creator_tab.send({"type": "send", "thread_id": thread["id"], "body": "x" * 5001})
        error = await creator_tab.next("error")
        assert (error["code"], error["details"][0]["field"]) == ("invalid_frame", "send.body")


async def test_sending_too_fast_over_the_socket_gets_an_error_frame(committing: Resources, mailbox: Mailbox) -> None:
    limited = committing.settings.model_copy(update={"message_send_limit_per_user": "2/minute"})
    async with realtime_app(replace(committing, settings=limited)) as stack:
        thread, _, creator = await inquiry(stack.http, mailbox)
        async with ready_socket(stack.url, creator.access_token) as tab:
            for ref in ("1", "2", "3"):
                await tab.send({"type": "send", "thread_id": thread["id"], "body": ref, "ref": ref})
            assert [(await tab.next("ack"))["ref"] for _ in range(2)] == ["1", "2"]
            error = await tab.next("error")
            assert (error["ref"], error["code"], error["details"]["retry_after"] > 0) == ("3", "rate_limited", True)


async def test_a_reconnecting_client_loses_nothing_and_gets_nothing_twice(realtime: Realtime, mailbox: Mailbox) -> None:
    """Two creators send to one brand at the same time, while the brand's client keeps dropping its socket
    and resuming from the last message it got."""
    thread, owner, creator = await inquiry(realtime.http, mailbox)
    other = await verified_user(realtime.http, mailbox, "creator")
    opened = await realtime.http.post(f"/api/v1/campaigns/{thread['campaign_id']}/inquiry", headers=other.headers)
    sent: list[int] = []

    async def send_all(sender: Account, conversation: Json) -> None:
        for number in range(25):  # under the limit of 30 a minute
            sent.append((await post(realtime.http, sender, conversation, f"message {number}"))["id"])
            await asyncio.sleep(random.uniform(0, 0.01))

    sending = asyncio.gather(send_all(creator, thread), send_all(other, opened.json()))
    received: list[int] = []
    async with asyncio.timeout(60):
        while not (sending.done() and len(received) >= len(sent)):
            async with ready_socket(realtime.url, owner.access_token, after=received[-1] if received else 0) as tab:
                for _ in range(random.randint(1, 6)):
                    try:
                        received.append((await tab.next("message", timeout=0.2))["message"]["id"])
                    except TimeoutError:
                        break
    await sending

    assert received == sorted(sent)


async def test_messages_to_one_user_commit_in_the_order_of_their_ids(
    realtime: Realtime, committing: Resources, mailbox: Mailbox
) -> None:
    """What makes "after id N" safe: a message to the brand waits while an earlier one to the brand (in
    another thread) is uncommitted, so a client never sees a newer id before an older one commits."""
    thread, _, _ = await inquiry(realtime.http, mailbox)
    other = await verified_user(realtime.http, mailbox, "creator")
    opened = (
        await realtime.http.post(f"/api/v1/campaigns/{thread['campaign_id']}/inquiry", headers=other.headers)
    ).json()
    async with committing.session_factory() as session:
        sender = await session.get(User, uuid.UUID(thread["creator"]["user_id"]))
        assert sender is not None
        service = MessageService(
            session,
            committing.settings,
            committing.limiter,
            committing.fanout,
            NotificationService(session, committing.fanout),
        )
        earlier = await service.send(
            sender, uuid.UUID(thread["id"]), MessageCreate(body="drawn first, committed later")
        )

        later = asyncio.create_task(post(realtime.http, other, opened, "drawn after"))
        await asyncio.sleep(0.5)
        assert not later.done()
        await session.commit()

    assert (await later)["id"] > earlier.id


async def test_resume_catches_up_from_the_last_message_seen(realtime: Realtime, mailbox: Mailbox) -> None:
    thread, owner, creator = await inquiry(realtime.http, mailbox)
    first, second, third = [await post(realtime.http, creator, thread, text) for text in ("1", "2", "3")]
    async with ready_socket(realtime.url, owner.access_token) as tab:
        await tab.silent(0.2)  # from now on only: the three are older

        await tab.send({"type": "resume", "after": first["id"]})

        assert await tab.messages_until(third["id"]) == [second["id"], third["id"]]
    async with socket(realtime.url, owner.access_token, after="-1") as invalid:
        assert (await invalid.close_code())[0] == 4400


async def test_signing_out_closes_the_sessions_sockets(realtime: Realtime, mailbox: Mailbox) -> None:
    _, owner, creator = await inquiry(realtime.http, mailbox)
    async with (
        ready_socket(realtime.url, owner.access_token) as brand_tab,
        ready_socket(realtime.url, creator.access_token) as creator_tab,
    ):
        assert (await realtime.http.post("/api/v1/auth/logout", headers=owner.headers)).status_code == 204

        assert await brand_tab.close_code() == (4401, "Your session has ended.")
        await creator_tab.silent(0.2)


async def test_a_socket_closes_when_its_token_expires(realtime: Realtime, mailbox: Mailbox) -> None:
    _, owner, _ = await inquiry(realtime.http, mailbox)
    async with ready_socket(realtime.url, token_lasting(owner, timedelta(seconds=2))) as tab:
        assert await tab.close_code() == (4401, "Your access token has expired.")
