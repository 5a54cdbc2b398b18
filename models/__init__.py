"""SQLModel tables and their repositories. Importing this package registers every table."""

from models import (
    auth,
    campaigns,
    collaborations,
    creators,
    ledger,
    messages,
    notifications,
    sandbox_payments,
    uploads,
    users,
    webhook_events,
)

__all__ = [
    "auth",
    "campaigns",
    "collaborations",
    "creators",
    "ledger",
    "messages",
    "notifications",
    "sandbox_payments",
    "uploads",
    "users",
    "webhook_events",
]
