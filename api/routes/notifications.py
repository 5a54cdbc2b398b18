"""The caller's notifications (the bell), their email preferences, and the one-click unsubscribe link of
notification emails. New notifications and read counts also arrive over the WebSocket."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from api.deps import (
    CurrentUser,
    NotificationPreferenceServiceDep,
    NotificationReaderDep,
    NotificationServiceDep,
    SettingsDep,
)
from api.schemas.notifications import (
    NotificationPage,
    NotificationPreferences,
    NotificationPreferencesUpdate,
    NotificationPublic,
    UnreadCount,
    UnsubscribePublic,
)
from api.services.notification_emails import PREFERENCES_PATH
from core.templating import render_page

router = APIRouter(tags=["notifications"])

Cursor = Annotated[str | None, Query(max_length=512)]
Limit = Annotated[int, Query(ge=1, le=100)]
Token = Annotated[str, Query(min_length=1, max_length=512)]
UNSUBSCRIBE_RESPONSES: dict[int | str, dict[str, object]] = {
    200: {
        "description": "A confirmation page (HTML), or JSON when asked for with `Accept: application/json`.",
        "content": {"text/html": {}},
    },
    400: {"description": "The token is not one of ours."},
}


@router.get("/notifications", response_model=NotificationPage)
async def list_notifications(
    user: CurrentUser,
    notifications: NotificationReaderDep,
    cursor: Cursor = None,
    limit: Limit = 20,
    unread: bool | None = None,
) -> NotificationPage:
    """The caller's notifications, newest first (``unread=true``: only unread; ``false``: only read), with
    the number unread."""
    return await notifications.page(user, cursor=cursor, limit=limit, unread=unread)


@router.get("/notifications/unread-count", response_model=UnreadCount)
async def unread_count(user: CurrentUser, notifications: NotificationReaderDep) -> UnreadCount:
    return await notifications.unread_count(user)


@router.post("/notifications/read-all", response_model=UnreadCount)
async def read_all(user: CurrentUser, notifications: NotificationServiceDep) -> UnreadCount:
    return await notifications.mark_all_read(user)


@router.post(
    "/notifications/{notification_id}/read",
    response_model=NotificationPublic,
    responses={404: {"description": "Unknown, or not yours."}},
)
async def read_notification(
    notification_id: uuid.UUID, user: CurrentUser, notifications: NotificationServiceDep
) -> NotificationPublic:
    return await notifications.mark_read(user, notification_id)


@router.get("/notifications/unsubscribe", response_model=UnsubscribePublic, responses=UNSUBSCRIBE_RESPONSES)
async def unsubscribe_page(
    token: Token, request: Request, preferences: NotificationPreferenceServiceDep, settings: SettingsDep
) -> Response:
    """What the link in an email turns off, with a button that does it (a GET changes nothing: mail
    scanners open links)."""
    found = await preferences.unsubscribe_view(token)
    return _answer(request, found, settings.app_url(PREFERENCES_PATH), unsubscribed=False)


@router.post("/notifications/unsubscribe", response_model=UnsubscribePublic, responses=UNSUBSCRIBE_RESPONSES)
async def unsubscribe(
    token: Token, request: Request, preferences: NotificationPreferenceServiceDep, settings: SettingsDep
) -> Response:
    """Turn off the emails of the link's category: the page's button, or a mail client's one-click
    unsubscribe (RFC 8058, body ``List-Unsubscribe=One-Click``). No sign-in: the token is the proof."""
    done = await preferences.unsubscribe(token)
    return _answer(request, done, settings.app_url(PREFERENCES_PATH), unsubscribed=True)


@router.get("/me/notification-preferences", response_model=NotificationPreferences)
async def read_preferences(user: CurrentUser, preferences: NotificationPreferenceServiceDep) -> NotificationPreferences:
    """Per category: whether it is emailed, and for messages when (in the app, every notification shows)."""
    return await preferences.get(user)


@router.put("/me/notification-preferences", response_model=NotificationPreferences)
async def update_preferences(
    body: NotificationPreferencesUpdate, user: CurrentUser, preferences: NotificationPreferenceServiceDep
) -> NotificationPreferences:
    """Change the categories sent (the fields sent of each); answers every category's settings."""
    return await preferences.update(user, body)


def _answer(request: Request, result: UnsubscribePublic, preferences_url: str, *, unsubscribed: bool) -> Response:
    if "application/json" in request.headers.get("accept", ""):
        return JSONResponse(result.model_dump(mode="json"))
    page = render_page(
        "unsubscribe",
        label=result.label.lower(),
        unsubscribed=unsubscribed,
        preferences_url=preferences_url,
    )
    return HTMLResponse(page)
