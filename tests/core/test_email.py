"""The development outbox keeps every email readable and never writes one twice."""

from email import message_from_bytes, policy
from pathlib import Path

from core.email import Email, OutboxSender

WELCOME = Email(to="creator@example.com", subject="Welcome", text="Hello there", html="<p>Hello there</p>")


async def test_outbox_writes_a_readable_message_with_both_parts(tmp_path: Path) -> None:
    sender = OutboxSender(tmp_path, "CollabMarket <no-reply@example.com>")
    await sender.send(WELCOME)
    [entry] = sender.entries()
    assert (entry.to, entry.subject, entry.text) == ("creator@example.com", "Welcome", "Hello there")
    [eml] = tmp_path.glob("*.eml")
    message = message_from_bytes(eml.read_bytes(), policy=policy.default)
    assert message.get_body(preferencelist=("html",)) is not None
    assert message.get_body(preferencelist=("plain",)) is not None


async def test_outbox_sends_once_per_idempotency_key(tmp_path: Path) -> None:
    sender = OutboxSender(tmp_path, "CollabMarket <no-reply@example.com>")
    await sender.send(WELCOME, idempotency_key="collab-1:accepted:brand")
    await sender.send(WELCOME, idempotency_key="collab-1:accepted:brand")
    await sender.send(WELCOME, idempotency_key="collab-1:accepted:creator")
    assert len(sender.entries()) == 2


async def test_outbox_writes_the_emails_own_headers(tmp_path: Path) -> None:
    unsubscribe = {
        "List-Unsubscribe": "<https://example.com/u?token=t>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    sender = OutboxSender(tmp_path, "CollabMarket <no-reply@example.com>")
    await sender.send(
        Email(to="creator@example.com", subject="Paid", text="Paid", html="<p>Paid</p>", headers=unsubscribe)
    )
    [eml] = tmp_path.glob("*.eml")
    message = message_from_bytes(eml.read_bytes(), policy=policy.default)
    assert {name: message[name] for name in unsubscribe} == unsubscribe
