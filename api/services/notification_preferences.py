"""Which notifications a user wants by email, per category (in the app, every one shows), and the one-click
unsubscribe that turns one category's emails off from a link in an email, without signing in."""

import uuid

from sqlmodel.ext.asyncio.session import AsyncSession

from api.errors import DomainError
from api.schemas.notifications import (
    NotificationPreferencePublic,
    NotificationPreferences,
    NotificationPreferencesUpdate,
    UnsubscribePublic,
)
from core.unsubscribe import UnsubscribeTokens
from models.notifications import (
    CATEGORY_LABELS,
    NotificationCategory,
    NotificationPreference,
    NotificationRepository,
)
from models.users import User


class InvalidUnsubscribeLink(DomainError):
    code = "invalid_unsubscribe_link"

    def __init__(self) -> None:
        super().__init__("This unsubscribe link is not valid. Change your notification settings in the app.")


class NotificationPreferenceService:
    def __init__(self, session: AsyncSession, tokens: UnsubscribeTokens) -> None:
        self.session = session
        self.tokens = tokens
        self.notifications = NotificationRepository(session)

    async def get(self, user: User) -> NotificationPreferences:
        preferences = await self.notifications.preferences(user.id)
        return NotificationPreferences(categories=[_public(preference) for preference in preferences])

    async def update(self, user: User, data: NotificationPreferencesUpdate) -> NotificationPreferences:
        """Change the fields sent of the categories sent; the others keep their settings."""
        for change in data.categories:
            current = await self.notifications.preference(user.id, change.category)
            await self.notifications.save_preference(
                user.id,
                change.category,
                email=current.email if change.email is None else change.email,
                messages_mode=change.messages_mode or current.messages_mode,
            )
        return await self.get(user)

    async def unsubscribe_view(self, token: str) -> UnsubscribePublic:
        """What the link would turn off, and whether it is on now (nothing changes)."""
        user_id, category = self._read(token)
        return _unsubscribe_public(await self.notifications.preference(user_id, category))

    async def unsubscribe(self, token: str) -> UnsubscribePublic:
        """Turn off the emails of the link's category for its user (again is fine)."""
        user_id, category = self._read(token)
        current = await self.notifications.preference(user_id, category)
        await self.notifications.save_preference(user_id, category, email=False, messages_mode=current.messages_mode)
        return _unsubscribe_public(await self.notifications.preference(user_id, category))

    def _read(self, token: str) -> tuple[uuid.UUID, NotificationCategory]:
        read = self.tokens.read(token)
        if read is None:
            raise InvalidUnsubscribeLink()
        return read


def _public(preference: NotificationPreference) -> NotificationPreferencePublic:
    return NotificationPreferencePublic(
        category=preference.category,
        label=CATEGORY_LABELS[preference.category],
        email=preference.email,
        messages_mode=preference.messages_mode,
    )


def _unsubscribe_public(preference: NotificationPreference) -> UnsubscribePublic:
    return UnsubscribePublic(
        category=preference.category, label=CATEGORY_LABELS[preference.category], email=preference.email
    )
