"""The creator directory: the read-only queries brands browse creators with.

A page is creators in handle order after the last handle shown, narrowed by filters. PostgreSQL
chooses between walking the handle index until a page is found (common filters) and collecting
the few matches first, then sorting them (rare ones); the schema is shaped so it can tell which:

- The text filter is a substring match over ``creator_profiles.search_text`` (handle, bio and
  niches in lower case, a generated column), whose ``pg_trgm`` GIN index answers rare words.
- Platform accounts and base rates are JSONB arrays on the profile, which no index or statistic
  can look inside; PostgreSQL copies them into ``creator_platform_accounts`` and
  ``creator_base_rates`` (a trigger, see the ``directory_filters`` migration), a row per
  element, with indexes on the bounds brands filter by and extended statistics on each pair,
  since a rate's amount only means something in its currency.
"""

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import BigInteger, ColumnElement, Index, Row, exists, func, select
from sqlmodel import Field, SQLModel, col
from sqlmodel.ext.asyncio.session import AsyncSession

from models.db import fetch_rows
from models.users import CreatorProfile, User, UserStatus


class CreatorPlatformAccount(SQLModel, table=True):
    """One of a creator's platform accounts, copied from ``creator_profiles.platforms`` by PostgreSQL."""

    __tablename__ = "creator_platform_accounts"
    __table_args__ = (Index("ix_creator_platform_accounts_platform_followers", "platform", "followers"),)

    id: int | None = Field(default=None, primary_key=True, sa_type=BigInteger)
    user_id: uuid.UUID = Field(foreign_key="creator_profiles.user_id", index=True, ondelete="CASCADE")
    platform: str = Field(max_length=16)
    followers: int = Field(sa_type=BigInteger, index=True)


class CreatorBaseRate(SQLModel, table=True):
    """One of a creator's base rates, copied from ``creator_profiles.base_rates`` by PostgreSQL."""

    __tablename__ = "creator_base_rates"
    __table_args__ = (Index("ix_creator_base_rates_currency_amount", "currency", "amount"),)

    id: int | None = Field(default=None, primary_key=True, sa_type=BigInteger)
    user_id: uuid.UUID = Field(foreign_key="creator_profiles.user_id", index=True, ondelete="CASCADE")
    currency: str = Field(max_length=3)
    amount: int = Field(sa_type=BigInteger)


Index("ix_creator_profiles_country_handle", col(CreatorProfile.country), col(CreatorProfile.handle))
"""A country's creators in handle order, a page at a time."""
Index(
    "ix_creator_profiles_search_text",
    col(CreatorProfile.search_text),
    postgresql_using="gin",
    postgresql_ops={"search_text": "gin_trgm_ops"},
)

LISTED_COLUMNS = tuple(column for column in CreatorProfile.__table__.c if column.name != "search_text")  # type: ignore[attr-defined]
"""What a directory row carries: the profile without its search text."""


@dataclass(frozen=True)
class CreatorFilters:
    """What the directory narrows by; ``None`` means "any"."""

    q: str | None = None
    niche: str | None = None
    country: str | None = None
    language: str | None = None
    platform: str | None = None
    min_followers: int | None = None
    max_followers: int | None = None
    """With ``platform``, the follower bounds apply to that platform's account; otherwise to any account."""
    max_rate: int | None = None
    currency: str | None = None
    """With ``max_rate``: some base rate in this currency is at most ``max_rate``."""


class CreatorDirectory:
    """Lists creators who chose a handle and whose account is active. Reads only; rows carry
    :data:`LISTED_COLUMNS`, read as plain rows rather than ORM objects (a page is twenty)."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def by_handle(self, handle: str) -> Row[Any] | None:
        rows = await fetch_rows(self.session, _listed().where(col(CreatorProfile.handle) == handle))
        return rows[0] if rows else None

    async def search(self, filters: CreatorFilters, *, after: str | None, limit: int) -> list[Row[Any]]:
        """Creators in handle order; ``after`` is the last handle of the previous page."""
        statement = _listed().where(*_conditions(filters))
        if after is not None:
            statement = statement.where(col(CreatorProfile.handle) > after)
        return await fetch_rows(self.session, statement.order_by(col(CreatorProfile.handle)).limit(limit))


def _listed() -> Any:
    inactive = exists().where(col(User.id) == col(CreatorProfile.user_id), col(User.status) != UserStatus.active)
    return select(*LISTED_COLUMNS).where(col(CreatorProfile.handle).is_not(None), ~inactive)


def _conditions(filters: CreatorFilters) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if filters.q is not None:
        conditions.append(col(CreatorProfile.search_text).like(func.lower(_substring(filters.q)), escape="\\"))
    if filters.niche is not None:
        conditions.append(col(CreatorProfile.niches).contains([filters.niche]))
    if filters.country is not None:
        conditions.append(col(CreatorProfile.country) == filters.country)
    if filters.language is not None:
        conditions.append(col(CreatorProfile.languages).contains([filters.language]))
    copied = (
        (
            CreatorPlatformAccount,
            _bounds(
                col(CreatorPlatformAccount.platform),
                filters.platform,
                col(CreatorPlatformAccount.followers),
                filters.min_followers,
                filters.max_followers,
            ),
        ),
        (
            CreatorBaseRate,
            _bounds(
                col(CreatorBaseRate.currency), filters.currency, col(CreatorBaseRate.amount), None, filters.max_rate
            ),
        ),
    )
    conditions.extend(_some(element, tests) for element, tests in copied if tests)
    return conditions


def _substring(q: str) -> str:
    """A LIKE pattern matching ``q`` anywhere, its wildcards taken literally."""
    escaped = q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _bounds(
    kind: Any, wanted: str | None, value: Any, minimum: int | None, maximum: int | None
) -> list[ColumnElement[bool]]:
    """The tests one copied element must pass: of kind ``wanted`` and within the bounds, as far as given."""
    tests: list[ColumnElement[bool]] = []
    if wanted is not None:
        tests.append(kind == wanted)
    if minimum is not None:
        tests.append(value >= minimum)
    if maximum is not None:
        tests.append(value <= maximum)
    return tests


def _some(element: type[CreatorPlatformAccount] | type[CreatorBaseRate], tests: list[ColumnElement[bool]]) -> Any:
    """True when one of the creator's copied elements passes every test."""
    return exists().where(col(element.user_id) == col(CreatorProfile.user_id), *tests)
