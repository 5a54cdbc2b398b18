"""Notifications, the unread count, email preferences and unsubscribing."""

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, Field, model_validator

from api.schemas.base import PublicModel, RequestBody
from models.notifications import MessagesMode, NotificationCategory


class NotificationPublic(PublicModel):
    id: uuid.UUID
    category: NotificationCategory
    kind: str
    title: str
    body: str
    """Plain text (render it as text, never as HTML); paragraphs separated by blank lines."""
    link: str | None
    """A path in the web app."""
    created_at: datetime
    read_at: datetime | None


class NotificationPage(BaseModel):
    items: list[NotificationPublic]
    next_cursor: str | None
    unread_count: int


class UnreadCount(BaseModel):
    unread_count: int


class NotificationPreferencePublic(BaseModel):
    category: NotificationCategory
    label: str
    email: bool
    """Whether this category is emailed (in the app, every notification shows)."""
    messages_mode: MessagesMode | None
    """Messages only: emailed a few minutes after they arrive if still unread, in a daily digest, or not."""


class NotificationPreferences(BaseModel):
    categories: list[NotificationPreferencePublic]


class NotificationPreferenceUpdate(RequestBody):
    category: NotificationCategory
    email: bool | None = None
    messages_mode: MessagesMode | None = None
    """Only for ``messages``."""
    label: str | None = None
    """Ignored: accepted so that a client may send back what it read."""

    @model_validator(mode="after")
    def _mode_for_messages_only(self) -> "NotificationPreferenceUpdate":
        if self.messages_mode is not None and self.category != NotificationCategory.messages:
            raise ValueError("messages_mode applies to the messages category only")
        return self


def _one_each(updates: list[NotificationPreferenceUpdate]) -> list[NotificationPreferenceUpdate]:
    categories = [update.category for update in updates]
    if len(set(categories)) != len(categories):
        raise ValueError("each category may appear once")
    return updates


class NotificationPreferencesUpdate(RequestBody):
    categories: Annotated[
        list[NotificationPreferenceUpdate],
        Field(max_length=len(NotificationCategory)),
        AfterValidator(_one_each),
    ]
    """The categories to change (the others keep their settings); in each, the fields sent."""


class UnsubscribePublic(BaseModel):
    category: NotificationCategory
    label: str
    email: bool
    """Whether the category is emailed now."""
