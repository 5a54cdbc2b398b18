"""Telling users things as the workflows do (the ``notify`` activity), and reading them back over HTTP."""

import uuid
from typing import Any

import httpx

from activities.notifications import NotificationActivities
from api.resources import Resources
from models.notifications import NotificationCategory, NotificationDraft
from tests.api.applications import Json
from tests.factories import Account


def notification_activities(resources: Resources) -> NotificationActivities:
    """The worker's notification activities, on the resources' database, sender and fan-out."""
    return NotificationActivities(resources.sender, resources.session_factory, resources.settings, resources.fanout)


def draft(
    user_id: uuid.UUID, category: NotificationCategory = NotificationCategory.applications, **changes: Any
) -> NotificationDraft:
    """A step of a collaboration as the workflow tells it, under a key of its own unless given one."""
    collaboration = uuid.uuid4()
    fields: dict[str, Any] = {
        "user_id": user_id,
        "category": category,
        "kind": "accepted",
        "title": "Application accepted: Spring <launch>",
        "body": "The application to “Spring <launch>” was accepted at 500.00 EUR.\n\nReason: fits & finishes.",
        "link": f"/collaborations/{collaboration}",
        "idempotency_key": f"collab-{collaboration}:2:creator",
    }
    return NotificationDraft(**(fields | changes))


async def user_id(http: httpx.AsyncClient, account: Account) -> uuid.UUID:
    response = await http.get("/api/v1/me", headers=account.headers)
    assert response.status_code == 200, response.text
    return uuid.UUID(response.json()["id"])


async def listed(http: httpx.AsyncClient, account: Account, **params: str | int) -> Json:
    """The account's notifications page (``GET /notifications``)."""
    response = await http.get("/api/v1/notifications", headers=account.headers, params=params)
    assert response.status_code == 200, response.text
    page: Json = response.json()
    return page
