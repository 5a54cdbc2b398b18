"""Who called recently: access tokens already checked against their session, for a few seconds.

Every authenticated request checks that its token's session is still open (a sign-out or a
password change ends a session before its access token expires). Repeating that check for the
same token on every request cost a database round trip and about a quarter of a search's CPU, so
a process remembers a token's answer for ``ttl_seconds``. Sign-outs and revocations made through
this process forget the session at once; one made through another API process reaches this one
within ``ttl_seconds`` (``COLLAB_AUTH_CACHE_SECONDS``; 0 turns the memory off)."""

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from cachetools import TLRUCache

from models.users import User


@dataclass(frozen=True)
class _Entry:
    user: User
    session_id: uuid.UUID
    until: float
    """``time.monotonic()`` after which the token must be checked again."""


class RecentCallers:
    def __init__(self, ttl_seconds: float, max_entries: int = 10_000) -> None:
        self.ttl_seconds = ttl_seconds
        self._entries: TLRUCache[str, _Entry] = TLRUCache(max_entries, lambda _, entry, __: entry.until)

    def get(self, token: str) -> User | None:
        """The user a token was checked for, if that was recent enough (and the token is still valid)."""
        entry = self._entries.get(token)
        return entry.user if entry else None

    def remember(self, token: str, user: User, session_id: uuid.UUID, token_expires_at: datetime) -> None:
        token_left = token_expires_at.timestamp() - time.time()
        if self.ttl_seconds > 0 and token_left > 0:
            self._entries[token] = _Entry(user, session_id, time.monotonic() + min(self.ttl_seconds, token_left))

    def forget_session(self, session_id: uuid.UUID) -> None:
        self._forget(lambda entry: entry.session_id == session_id)

    def forget_user(self, user_id: uuid.UUID) -> None:
        self._forget(lambda entry: entry.user.id == user_id)

    def _forget(self, matches: Callable[[_Entry], bool]) -> None:
        for token in [token for token, entry in self._entries.items() if matches(entry)]:
            self._entries.pop(token, None)
