"""Conversations over HTTP: who may read and write them, history pages, read marks, inquiries, reports,
attachments, and the answers to bad input."""

from dataclasses import replace

import httpx
import pytest
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from api.main import create_app
from api.resources import Resources
from core.settings import Settings
from models.messages import MessageReport
from tests.api.applications import Json, apply
from tests.api.conversations import inquiry, post, thread_of
from tests.api.deliveries import send
from tests.api.test_auth import assert_error
from tests.api.test_money_path import admin, funded
from tests.campaign_factories import brand, create_campaign, move, published_campaign
from tests.factories import Account, login, register, verified_user
from tests.files import image_bytes, sha256
from tests.servers import Mailbox


async def test_the_parties_of_a_collaboration_talk_in_its_thread(client: httpx.AsyncClient, mailbox: Mailbox) -> None:
    application, owner, creator = await apply(client, mailbox)
    path = f"/api/v1/collaborations/{application['id']}/thread"
    thread = (await client.get(path, headers=creator.headers)).json()
    assert (await client.get(path, headers=owner.headers)).json()["id"] == thread["id"]

    sent = await post(client, creator, thread, "Hi! <b>Can</b> I film on Sunday?")

    listed = (await client.get("/api/v1/threads", headers=owner.headers)).json()
    assert [item["id"] for item in listed["items"]] == [thread["id"]]
    summary = listed["items"][0]
    assert summary["kind"] == "collaboration"
    assert summary["collaboration_id"] == application["id"]
    assert summary["campaign_title"] == "Summer serum launch"
    assert summary["unread_count"] == 1
    assert summary["last_message"] == sent
    assert sent["body"] == "Hi! <b>Can</b> I film on Sunday?"  # stored and answered as text, as sent
    history = (await client.get(f"/api/v1/threads/{thread['id']}/messages", headers=owner.headers)).json()
    assert history == {"items": [sent], "next_cursor": None}


async def test_threads_are_listed_the_most_recently_active_first(client: httpx.AsyncClient, mailbox: Mailbox) -> None:
    owner = await brand(client)
    campaign = await published_campaign(client, owner)
    threads: list[tuple[Json, Account]] = []
    for _ in range(3):
        creator = await verified_user(client, mailbox, "creator")
        thread = (await client.post(f"/api/v1/campaigns/{campaign['id']}/inquiry", headers=creator.headers)).json()
        await post(client, creator, thread, "Hello")
        threads.append((thread, creator))
    await post(client, threads[0][1], threads[0][0], "Hello again")

    first = (await client.get("/api/v1/threads", headers=owner.headers, params={"limit": 2})).json()
    params: dict[str, str | int] = {"limit": 2, "cursor": first["next_cursor"]}
    rest = (await client.get("/api/v1/threads", headers=owner.headers, params=params)).json()

    listed = [item["id"] for item in first["items"] + rest["items"]]
    assert listed == [threads[0][0]["id"], threads[2][0]["id"], threads[1][0]["id"]]
    assert rest["next_cursor"] is None
    assert [item["unread_count"] for item in first["items"]] == [2, 1]


async def test_a_third_user_can_neither_read_nor_write_a_thread(client: httpx.AsyncClient, mailbox: Mailbox) -> None:
    thread, _, creator = await inquiry(client, mailbox)
    message = await post(client, creator, thread, "Is the serum vegan?")
    outsider = await verified_user(client, mailbox, "creator")
    other_brand = await brand(client)
    base = f"/api/v1/threads/{thread['id']}"

    for account in (outsider, other_brand):
        for method, path, body in [
            ("GET", base, None),
            ("GET", f"{base}/messages", None),
            ("POST", f"{base}/messages", {"body": "Let me in"}),
            ("POST", f"{base}/read", {}),
            ("POST", f"/api/v1/messages/{message['id']}/reports", {"reason": "spam"}),
            (
                "POST",
                f"{base}/attachments",
                {"filename": "a.png", "content_type": "image/png", "size": 1, "sha256": "0" * 64},
            ),
        ]:
            response = await client.request(method, path, headers=account.headers, json=body)
            assert_error(response, 404, "not_found")
        listed = (await client.get("/api/v1/threads", headers=account.headers)).json()
        assert listed["items"] == []
    history = (await client.get(f"{base}/messages", headers=creator.headers)).json()
    assert [item["id"] for item in history["items"]] == [message["id"]]


async def test_history_pages_newest_first_and_catches_up_oldest_first(
    client: httpx.AsyncClient, mailbox: Mailbox
) -> None:
    thread, owner, creator = await inquiry(client, mailbox)
    sent = [await post(client, creator if n % 2 else owner, thread, f"message {n}") for n in range(5)]
    ids = [message["id"] for message in sent]
    path = f"/api/v1/threads/{thread['id']}/messages"

    pages, cursor = [], None
    while True:
        params = {"limit": 2} | ({"cursor": cursor} if cursor else {})
        page = (await client.get(path, headers=owner.headers, params=params)).json()
        pages.append([item["id"] for item in page["items"]])
        if (cursor := page["next_cursor"]) is None:
            break
    assert pages == [ids[:-3:-1], ids[2:0:-1], ids[:1]]

    caught_up = (await client.get(path, headers=creator.headers, params={"after": ids[1], "limit": 2})).json()
    assert [item["id"] for item in caught_up["items"]] == ids[2:4]
    rest = (await client.get(path, headers=creator.headers, params={"cursor": caught_up["next_cursor"]})).json()
    assert ([item["id"] for item in rest["items"]], rest["next_cursor"]) == (ids[4:], None)


async def test_read_marks_move_forward_and_count_what_is_unread(client: httpx.AsyncClient, mailbox: Mailbox) -> None:
    thread, owner, creator = await inquiry(client, mailbox)
    first, second, third = [await post(client, creator, thread, text) for text in ("one", "two", "three")]
    path = f"/api/v1/threads/{thread['id']}/read"
    assert (await thread_of(client, owner, thread))["unread_count"] == 3

    marked = await client.post(path, headers=owner.headers, json={"up_to": second["id"]})
    assert marked.json()["last_read_message_id"] == second["id"]
    assert (await thread_of(client, owner, thread))["unread_count"] == 1
    back = await client.post(path, headers=owner.headers, json={"up_to": first["id"]})
    assert back.json()["last_read_message_id"] == second["id"]
    beyond = await client.post(path, headers=owner.headers, json={"up_to": third["id"] + 1000})
    assert beyond.json()["last_read_message_id"] == third["id"]

    seen = await thread_of(client, creator, thread)
    assert (seen["unread_count"], seen["brand"]["last_read_message_id"]) == (0, third["id"])
    reply = await post(client, owner, thread, "Yes")
    assert (await thread_of(client, creator, thread))["unread_count"] == 1
    assert (await thread_of(client, owner, thread))["brand"]["last_read_message_id"] == reply["id"]


async def test_bad_input_is_answered_with_json_errors(client: httpx.AsyncClient, mailbox: Mailbox) -> None:
    thread, _, creator = await inquiry(client, mailbox)
    message = await post(client, creator, thread, "hello")
    messages = f"/api/v1/threads/{thread['id']}/messages"

    for body in [{}, {"body": "   "}, {"body": "x" * 5001}, {"body": "nul \x00"}, {"body": "hi", "html": True}]:
        assert_error(await client.post(messages, headers=creator.headers, json=body), 422, "validation_error")
    assert_error(await client.post(messages, headers=creator.headers, content=b"{not json"), 422)
    assert (await client.post(messages, headers=creator.headers, json={"body": "x" * 5000})).status_code == 201
    assert_error(await client.get("/api/v1/threads/not-a-uuid", headers=creator.headers), 422)
    assert_error(
        await client.get(messages, headers=creator.headers, params={"cursor": "garbage"}), 400, "invalid_cursor"
    )
    assert_error(await client.get(messages, headers=creator.headers, params={"after": -1}), 422)
    both: dict[str, str | int] = {"after": 1, "cursor": "garbage"}
    assert_error(await client.get(messages, headers=creator.headers, params=both), 422, "invalid_query")
    assert_error(
        await client.post(
            "/api/v1/messages/99999999999999999999/reports", headers=creator.headers, json={"reason": "x"}
        ),
        422,
    )
    assert_error(await client.post(f"/api/v1/messages/{message['id']}/reports", headers=creator.headers, json={}), 422)
    assert_error(await client.get(messages), 401)


async def test_sending_is_rate_limited_per_user(resources: Resources, mailbox: Mailbox) -> None:
    limited = resources.settings.model_copy(update={"message_send_limit_per_user": "2/minute"})
    app = create_app(resources=replace(resources, settings=limited))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as http:
        thread, owner, creator = await inquiry(http, mailbox)
        for text in ("one", "two"):
            await post(http, creator, thread, text)

        refused = await http.post(
            f"/api/v1/threads/{thread['id']}/messages", headers=creator.headers, json={"body": "3"}
        )

        error = assert_error(refused, 429, "rate_limited")
        assert int(refused.headers["Retry-After"]) == error["details"]["retry_after"] > 0
        await post(http, owner, thread, "the other party is not limited")


async def test_a_creator_opens_one_inquiry_per_campaign(client: httpx.AsyncClient, mailbox: Mailbox) -> None:
    thread, owner, creator = await inquiry(client, mailbox)
    again = await client.post(f"/api/v1/campaigns/{thread['campaign_id']}/inquiry", headers=creator.headers)
    assert again.json()["id"] == thread["id"]
    assert (thread["kind"], thread["collaboration_id"]) == ("inquiry", None)
    assert (thread["brand"]["user_id"], thread["creator"]["user_id"]) != (None, None)
    assert (await client.get("/api/v1/threads", headers=owner.headers)).json()["items"] == []
    await post(client, creator, thread, "Hello!")
    listed = (await client.get("/api/v1/threads", headers=owner.headers)).json()
    assert [item["id"] for item in listed["items"]] == [thread["id"]]

    campaign = await published_campaign(client, owner)
    path = f"/api/v1/campaigns/{campaign['id']}/inquiry"
    assert_error(await client.post(path, headers=owner.headers), 403, "wrong_role")
    unverified = await login(client, await register(client, "creator"))
    assert_error(await client.post(path, headers=unverified.headers), 403, "email_not_verified")
    await move(client, owner, campaign, "close")
    assert_error(await client.post(path, headers=creator.headers), 409, "campaign_not_open")
    draft = await create_campaign(client, owner)
    assert_error(await client.post(f"/api/v1/campaigns/{draft['id']}/inquiry", headers=creator.headers), 404)


async def test_a_reported_message_lands_in_the_admin_queue(
    client: httpx.AsyncClient, mailbox: Mailbox, db: async_sessionmaker[AsyncSession]
) -> None:
    thread, owner, creator = await inquiry(client, mailbox)
    message = await post(client, creator, thread, "Pay me outside the platform.")
    path = f"/api/v1/messages/{message['id']}/reports"

    reported = await client.post(path, headers=owner.headers, json={"reason": "Asks to be paid off-platform."})

    assert reported.status_code == 201, reported.text
    assert (reported.json()["message_id"], reported.json()["status"]) == (message["id"], "open")
    assert_error(await client.post(path, headers=owner.headers, json={"reason": "again"}), 409, "already_reported")
    assert_error(await client.post(path, headers=creator.headers, json={"reason": "mine"}), 403, "own_message")
    async with db() as session:
        queued = (await session.exec(select(MessageReport).where(MessageReport.message_id == message["id"]))).all()
    assert [(report.reason, report.status) for report in queued] == [("Asks to be paid off-platform.", "open")]


async def attach(
    http: httpx.AsyncClient, account: Account, thread: Json, data: bytes, content_type: str
) -> httpx.Response:
    body = {"filename": "photo.png", "content_type": content_type, "size": len(data), "sha256": sha256(data)}
    return await http.post(f"/api/v1/threads/{thread['id']}/attachments", headers=account.headers, json=body)


async def test_attachments_follow_the_upload_rules_and_go_out_once(
    client: httpx.AsyncClient, mailbox: Mailbox, settings: Settings
) -> None:
    thread, owner, creator = await inquiry(client, mailbox)
    other_thread, _, _ = await inquiry(client, mailbox)
    data = image_bytes("PNG", (32, 24))
    assert_error(await attach(client, creator, thread, data, "application/pdf"), 422, "unsupported_type")
    huge = {
        "filename": "big.png",
        "content_type": "image/png",
        "size": settings.upload_max_image_bytes + 1,
        "sha256": "0" * 64,
    }
    too_large = await client.post(f"/api/v1/threads/{thread['id']}/attachments", headers=creator.headers, json=huge)
    assert_error(too_large, 422, "file_too_large")

    created = (await attach(client, creator, thread, data, "image/png")).json()
    messages = f"/api/v1/threads/{thread['id']}/messages"
    early = await client.post(messages, headers=creator.headers, json={"attachment_id": created["id"]})
    assert_error(early, 409, "attachment_not_verified")
    assert (await send(client, created, data)).status_code in (200, 204)
    completed = await client.post(f"/api/v1/attachments/{created['id']}/complete", headers=creator.headers)
    assert completed.json()["status"] == "verified", completed.text
    elsewhere = f"/api/v1/threads/{other_thread['id']}/messages"
    assert_error(await client.post(elsewhere, headers=creator.headers, json={"attachment_id": created["id"]}), 404)

    sent = await client.post(messages, headers=creator.headers, json={"attachment_id": created["id"]})

    assert sent.status_code == 201, sent.text
    assert (sent.json()["body"], sent.json()["attachment"]["id"]) == ("", created["id"])
    again = await client.post(messages, headers=creator.headers, json={"attachment_id": created["id"]})
    assert_error(again, 409, "attachment_already_sent")
    stolen = await client.post(messages, headers=owner.headers, json={"attachment_id": created["id"]})
    assert_error(stolen, 422, "unknown_attachment")
    file = f"/api/v1/threads/{thread['id']}/attachments/{created['id']}"
    url = (await client.get(file, headers={**owner.headers, "Accept": "application/json"})).json()["url"]
    assert (await client.get(url)).content == data


@pytest.mark.parametrize("disputed", [True, False])
async def test_an_admin_only_reads_the_thread_of_a_disputed_collaboration(
    live: httpx.AsyncClient, mailbox: Mailbox, settings: Settings, disputed: bool
) -> None:
    collaboration, owner, creator = await funded(live, mailbox)
    path = f"/api/v1/collaborations/{collaboration['id']}"
    thread = (await live.get(f"{path}/thread", headers=owner.headers)).json()
    message = await post(live, owner, thread, "The product shipped on Monday.")
    if disputed:
        opened = await live.post(f"{path}/dispute", headers=creator.headers, json={"reason": "Nothing arrived."})
        assert opened.status_code == 200, opened.text
    judge = await admin(live, settings)
    messages = f"/api/v1/threads/{thread['id']}/messages"

    if not disputed:
        assert_error(await live.get(f"{path}/thread", headers=judge.headers), 404)
        assert_error(await live.get(messages, headers=judge.headers), 404)
        return
    assert (await live.get(f"{path}/thread", headers=judge.headers)).json()["id"] == thread["id"]
    assert [item["id"] for item in (await live.get(messages, headers=judge.headers)).json()["items"]] == [message["id"]]
    assert_error(await live.post(messages, headers=judge.headers, json={"body": "Admin here"}), 403, "read_only")
    assert_error(await live.post(f"/api/v1/threads/{thread['id']}/read", headers=judge.headers), 403, "read_only")
