"""The memory of checked access tokens (api/callers.py): how long it trusts one, and forgetting."""

import time
import uuid
from datetime import timedelta

import pytest

from api.callers import RecentCallers
from models.base import utcnow
from models.users import Role, User


def user() -> User:
    return User(id=uuid.uuid4(), email=f"{uuid.uuid4().hex}@example.com", role=Role.creator)


def test_a_checked_token_is_trusted_for_the_ttl_then_checked_again() -> None:
    callers, caller = RecentCallers(0.2), user()
    callers.remember("token", caller, uuid.uuid4(), utcnow() + timedelta(minutes=15))
    assert callers.get("token") is caller
    assert callers.get("another token") is None
    time.sleep(0.25)
    assert callers.get("token") is None


def test_never_past_the_token_expiry() -> None:
    callers = RecentCallers(60)
    callers.remember("soon", user(), uuid.uuid4(), utcnow() + timedelta(seconds=0.2))
    callers.remember("expired", user(), uuid.uuid4(), utcnow() - timedelta(seconds=1))
    assert callers.get("soon") is not None
    assert callers.get("expired") is None
    time.sleep(0.25)
    assert callers.get("soon") is None


@pytest.mark.parametrize("how", ["session", "user"])
def test_forgetting_a_session_or_a_user_drops_its_tokens_only(how: str) -> None:
    callers, caller, other = RecentCallers(60), user(), user()
    session_id = uuid.uuid4()
    expires = utcnow() + timedelta(minutes=15)
    callers.remember("laptop", caller, session_id, expires)
    callers.remember("phone", caller, uuid.uuid4(), expires)
    callers.remember("someone else", other, uuid.uuid4(), expires)
    if how == "session":
        callers.forget_session(session_id)
        assert callers.get("phone") is caller
    else:
        callers.forget_user(caller.id)
        assert callers.get("phone") is None
    assert callers.get("laptop") is None
    assert callers.get("someone else") is other


def test_zero_seconds_remembers_nothing() -> None:
    callers = RecentCallers(0)
    callers.remember("token", user(), uuid.uuid4(), utcnow() + timedelta(minutes=15))
    assert callers.get("token") is None
