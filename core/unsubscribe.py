"""The signed token of a one-click unsubscribe link: one user, one category of notification emails.

Signed with the secret key (itsdangerous, a salt of its own so no other signed value passes for one). It
does not expire: a link in an old email still unsubscribes, and all it can do is turn emails off."""

import uuid

from itsdangerous import BadSignature, URLSafeSerializer

from models.notifications import NotificationCategory

_SALT = "notification-unsubscribe"


class UnsubscribeTokens:
    def __init__(self, secret: str) -> None:
        self._serializer = URLSafeSerializer(secret, salt=_SALT)

    def issue(self, user_id: uuid.UUID, category: NotificationCategory) -> str:
        return self._serializer.dumps([str(user_id), str(category)])

    def read(self, token: str) -> tuple[uuid.UUID, NotificationCategory] | None:
        """The user and category of a token this issued; None for anything else."""
        try:
            user_id, category = self._serializer.loads(token)
            return uuid.UUID(user_id), NotificationCategory(category)
        except (BadSignature, ValueError, TypeError):
            return None
