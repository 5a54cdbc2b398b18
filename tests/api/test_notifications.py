"""Notifications over HTTP: the list, read marks, preferences, the emails (a real SMTP server) and their
one-click unsubscribe links; notifications made as the workflows make them (the ``notify`` activity)."""

import re
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import httpx
import pytest

from api.resources import Resources
from models.notifications import NotificationCategory, NotificationDraft
from tests.api.conversations import inquiry, post
from tests.api.notifications import draft, listed, notification_activities, user_id
from tests.campaign_factories import brand
from tests.factories import Account, verified_user
from tests.servers import Mailbox

PREFERENCES = "/api/v1/me/notification-preferences"
Notify = Callable[[NotificationDraft], Awaitable[None]]


@dataclass
class Reader:
    account: Account
    id: uuid.UUID


@pytest.fixture
async def reader(client: httpx.AsyncClient, mailbox: Mailbox) -> Reader:
    """A verified user, whose mailbox is empty to begin with."""
    account = await verified_user(client, mailbox)
    mailbox.clear()
    return Reader(account, await user_id(client, account))


@pytest.fixture
def notify(resources: Resources) -> Notify:
    """The worker's ``notify`` activity, in the test's transaction."""
    return notification_activities(resources).notify


async def test_notifications_are_listed_newest_first_in_pages_with_the_unread_count(
    client: httpx.AsyncClient, reader: Reader, notify: Notify
) -> None:
    for number in range(3):
        await notify(draft(reader.id, title=f"Step {number}"))

    first = await listed(client, reader.account, limit=2)
    second = await listed(client, reader.account, limit=2, cursor=first["next_cursor"])

    assert [item["title"] for item in first["items"] + second["items"]] == ["Step 2", "Step 1", "Step 0"]
    assert (first["unread_count"], second["next_cursor"]) == (3, None)
    item = second["items"][0]
    assert set(item) == {"id", "category", "kind", "title", "body", "link", "created_at", "read_at"}
    assert (item["category"], item["kind"], item["read_at"]) == ("applications", "accepted", None)
    assert item["body"].startswith("The application to “Spring <launch>”")


async def test_reading_one_or_all_lowers_the_unread_count(
    client: httpx.AsyncClient, reader: Reader, notify: Notify
) -> None:
    headers = reader.account.headers
    for _ in range(3):
        await notify(draft(reader.id))
    oldest = (await listed(client, reader.account))["items"][-1]

    read = await client.post(f"/api/v1/notifications/{oldest['id']}/read", headers=headers)

    assert read.status_code == 200, read.text
    assert read.json()["id"] == oldest["id"] and read.json()["read_at"] is not None
    assert (await client.get("/api/v1/notifications/unread-count", headers=headers)).json() == {"unread_count": 2}
    assert [item["id"] for item in (await listed(client, reader.account, unread="false"))["items"]] == [oldest["id"]]
    assert len((await listed(client, reader.account, unread="true"))["items"]) == 2
    assert (await client.post("/api/v1/notifications/read-all", headers=headers)).json() == {"unread_count": 0}
    assert (await listed(client, reader.account))["unread_count"] == 0


async def test_no_one_lists_or_marks_anothers_notifications(
    client: httpx.AsyncClient, reader: Reader, notify: Notify, mailbox: Mailbox
) -> None:
    stranger = await verified_user(client, mailbox)
    await notify(draft(reader.id))
    [theirs] = (await listed(client, reader.account))["items"]

    marked = await client.post(f"/api/v1/notifications/{theirs['id']}/read", headers=stranger.headers)
    unknown = await client.post(f"/api/v1/notifications/{uuid.uuid4()}/read", headers=stranger.headers)
    await client.post("/api/v1/notifications/read-all", headers=stranger.headers)

    assert (marked.status_code, marked.json()["error"]["code"]) == (404, "not_found")
    assert unknown.status_code == 404
    assert await listed(client, stranger) == {"items": [], "next_cursor": None, "unread_count": 0}
    assert (await listed(client, reader.account))["unread_count"] == 1
    assert (await client.get("/api/v1/notifications")).status_code == 401


async def test_notifying_the_same_event_twice_stores_and_emails_it_once(
    client: httpx.AsyncClient, reader: Reader, notify: Notify, mailbox: Mailbox
) -> None:
    step = draft(reader.id)

    await notify(step)
    await notify(step)  # a retried activity, or the event replayed

    assert len((await listed(client, reader.account))["items"]) == 1
    [email] = mailbox.to(reader.account.email)
    assert email["Message-ID"].strip() == f"<{step.idempotency_key.replace(':', '.')}@collabmarket.local>"


async def test_the_email_has_html_and_text_parts_and_a_one_click_unsubscribe(
    resources: Resources, reader: Reader, notify: Notify, mailbox: Mailbox
) -> None:
    step = draft(reader.id)

    await notify(step)

    [email] = mailbox.to(reader.account.email)
    assert email["Subject"] == "Application accepted: Spring <launch>"
    page = resources.settings.app_url(step.link or "")
    html = email.get_body(preferencelist=("html",))
    text = email.get_body(preferencelist=("plain",))
    assert html is not None and text is not None
    assert "Spring &lt;launch&gt;" in html.get_content() and "fits &amp; finishes" in html.get_content()
    assert f'href="{page}"' in html.get_content()
    assert "Reason: fits & finishes." in text.get_content()
    assert f"Open the collaboration: {page}" in text.get_content()
    unsubscribe = _unsubscribe_url(email["List-Unsubscribe"])
    assert email["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe.startswith(resources.settings.app_url("/api/v1/notifications/unsubscribe?token="))
    assert f"Unsubscribe from applications and offers: {unsubscribe}" in text.get_content()
    assert unsubscribe.replace("&", "&amp;") in html.get_content()


async def test_the_unsubscribe_link_turns_off_exactly_its_category(
    client: httpx.AsyncClient, resources: Resources, reader: Reader, notify: Notify, mailbox: Mailbox
) -> None:
    await notify(draft(reader.id, NotificationCategory.applications))
    [email] = mailbox.to(reader.account.email)
    link = _unsubscribe_url(email["List-Unsubscribe"]).removeprefix(resources.settings.app_url(""))

    page = await client.get(link)
    asked = await client.get(link, headers={"Accept": "application/json"})
    done = await client.post(link, data={"List-Unsubscribe": "One-Click"})  # as a mail client does it (RFC 8058)

    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "Unsubscribe from applications and offers?" in page.text and '<form method="post">' in page.text
    assert asked.json() == {"category": "applications", "label": "Applications and offers", "email": True}
    assert done.status_code == 200 and "You are unsubscribed" in done.text
    preferences = (await client.get(PREFERENCES, headers=reader.account.headers)).json()["categories"]
    assert {item["category"]: item["email"] for item in preferences} == {
        "applications": False,
        "collaboration": True,
        "payments": True,
        "disputes": True,
        "reminders": True,
        "messages": True,
    }
    await notify(draft(reader.id, NotificationCategory.applications, title="Counter-offer"))
    await notify(draft(reader.id, NotificationCategory.payments, title="Collaboration funded"))
    assert [message["Subject"] for message in mailbox.to(reader.account.email)] == [
        email["Subject"],
        "Collaboration funded",
    ]
    assert [item["title"] for item in (await listed(client, reader.account))["items"]][:2] == [
        "Collaboration funded",
        "Counter-offer",
    ]


async def test_an_unsubscribe_link_that_is_not_ours_is_refused(client: httpx.AsyncClient, reader: Reader) -> None:
    for token in ("nonsense", reader.account.access_token, "WyJ4IiwiYXBwbGljYXRpb25zIl0.forged"):
        refused = await client.post("/api/v1/notifications/unsubscribe", params={"token": token})
        assert (refused.status_code, refused.json()["error"]["code"]) == (400, "invalid_unsubscribe_link"), token
    assert (await client.get("/api/v1/notifications/unsubscribe")).status_code == 422


async def test_with_email_off_a_step_shows_in_the_app_only(
    client: httpx.AsyncClient, reader: Reader, notify: Notify, mailbox: Mailbox
) -> None:
    email_off = {"categories": [{"category": "payments", "email": False}]}
    turned_off = await client.put(PREFERENCES, headers=reader.account.headers, json=email_off)
    assert turned_off.status_code == 200, turned_off.text

    await notify(draft(reader.id, NotificationCategory.payments))

    assert [item["category"] for item in (await listed(client, reader.account))["items"]] == ["payments"]
    assert mailbox.to(reader.account.email) == []


async def test_preferences_default_to_every_email_and_messages_at_once(client: httpx.AsyncClient) -> None:
    account = await brand(client)

    preferences = await client.get(PREFERENCES, headers=account.headers)

    assert preferences.status_code == 200
    assert preferences.json() == {
        "categories": [
            {"category": "applications", "label": "Applications and offers", "email": True, "messages_mode": None},
            {"category": "collaboration", "label": "Collaboration progress", "email": True, "messages_mode": None},
            {"category": "payments", "label": "Payments", "email": True, "messages_mode": None},
            {"category": "disputes", "label": "Disputes", "email": True, "messages_mode": None},
            {"category": "reminders", "label": "Deadline reminders", "email": True, "messages_mode": None},
            {"category": "messages", "label": "Messages", "email": True, "messages_mode": "instant"},
        ]
    }


async def test_preferences_change_only_the_fields_and_categories_sent(client: httpx.AsyncClient) -> None:
    account = await brand(client)
    before = (await client.get(PREFERENCES, headers=account.headers)).json()
    changes = {
        "categories": [{"category": "messages", "messages_mode": "daily"}, {"category": "disputes", "email": False}]
    }

    changed = await client.put(PREFERENCES, headers=account.headers, json=changes)
    sent_back = await client.put(PREFERENCES, headers=account.headers, json=changed.json())  # labels and all

    assert changed.status_code == 200, changed.text
    expected = [
        item | {"messages_mode": "daily"} if item["category"] == "messages" else item for item in before["categories"]
    ]
    expected = [item | {"email": False} if item["category"] == "disputes" else item for item in expected]
    assert changed.json() == {"categories": expected}
    assert sent_back.json() == changed.json()
    email_off = {"categories": [{"category": "messages", "email": False}]}
    messages = (await client.put(PREFERENCES, headers=account.headers, json=email_off)).json()["categories"][-1]
    assert messages == {"category": "messages", "label": "Messages", "email": False, "messages_mode": "daily"}


async def test_malformed_preferences_are_refused(client: httpx.AsyncClient) -> None:
    account = await brand(client)

    for body in (
        {"categories": [{"category": "newsletters", "email": False}]},
        {"categories": [{"category": "payments", "messages_mode": "daily"}]},
        {"categories": [{"category": "messages", "messages_mode": "weekly"}]},
        {"categories": [{"category": "payments", "email": False}, {"category": "payments", "email": True}]},
        {"categories": [{"category": "payments", "email": False, "sms": True}]},
        {"categories": [{"category": "payments", "email": "sometimes"}]},
        {},
    ):
        refused = await client.put(PREFERENCES, headers=account.headers, json=body)
        assert (refused.status_code, refused.json()["error"]["code"]) == (422, "validation_error"), body
    assert (await client.get(PREFERENCES, headers=account.headers)).json()["categories"][2]["email"] is True


async def test_a_message_notifies_its_recipient_until_the_thread_is_read(
    client: httpx.AsyncClient, mailbox: Mailbox
) -> None:
    thread, owner, creator = await inquiry(client, mailbox)

    sent = await post(client, creator, thread, "Do you ship to Belgium?")

    [notification] = (await listed(client, owner))["items"]
    assert (notification["category"], notification["kind"], notification["link"]) == (
        "messages",
        "new_message",
        f"/messages/{thread['id']}",
    )
    assert (notification["title"], notification["body"]) == ("New message from the creator", "Do you ship to Belgium?")
    assert (await listed(client, creator))["items"] == []
    read = await client.post(f"/api/v1/threads/{thread['id']}/read", headers=owner.headers, json={"up_to": sent["id"]})
    assert read.status_code == 200, read.text
    assert (await listed(client, owner))["unread_count"] == 0

    await post(client, owner, thread, "Yes, we do.")
    assert (await listed(client, creator))["unread_count"] == 1
    await post(client, creator, thread, "Great, thanks!")  # answering is reading
    assert (await listed(client, creator))["unread_count"] == 0


def _unsubscribe_url(header: str) -> str:
    match = re.fullmatch(r"<(\S+)>", header)
    assert match, header
    return match.group(1)
