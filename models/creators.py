"""The creator directory: the read-only queries brands browse creators with.

The text filter is a case-insensitive substring match (``ILIKE``) over handle, bio and niches,
joined into one text by the SQL function ``creator_search_text`` (defined by a migration), whose
``pg_trgm`` GIN index answers it without reading every profile. The function is declared
expensive, so the planner reads that index for rare words instead of filtering the handle order
row by row; for common words, walking the handle order finds a page sooner, and it does that."""

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Index, Text, func, literal
from sqlalchemy.dialects.postgresql import JSONB, JSONPATH
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession
from sqlmodel.sql.expression import SelectOfScalar

from models.users import CreatorProfile, Role, User, UserStatus

SEARCH_TEXT = func.creator_search_text(
    col(CreatorProfile.handle), col(CreatorProfile.bio), col(CreatorProfile.niches), type_=Text
)
"""Handle, bio and niches (space-separated) on separate lines: a substring matches within one of them."""
# The directory's indexes live here, next to the queries they serve.
Index("ix_creator_profiles_country_handle", col(CreatorProfile.country), col(CreatorProfile.handle))
"""A country's creators in handle order, a page at a time."""
Index(
    "ix_creator_profiles_search_text",
    SEARCH_TEXT.label("search_text"),
    postgresql_using="gin",
    postgresql_ops={"search_text": "gin_trgm_ops"},
)


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
    """Lists creators who chose a handle and whose account is active. Reads only."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def by_handle(self, handle: str) -> CreatorProfile | None:
        result = await self.session.exec(_listed().where(CreatorProfile.handle == handle))
        return result.first()

    async def search(self, filters: CreatorFilters, *, after: str | None, limit: int) -> list[CreatorProfile]:
        """Creators in handle order; ``after`` is the last handle of the previous page."""
        statement = _listed().where(*_conditions(filters))
        if after is not None:
            statement = statement.where(col(CreatorProfile.handle) > after)
        result = await self.session.exec(statement.order_by(col(CreatorProfile.handle)).limit(limit))
        return list(result.all())


def _listed() -> SelectOfScalar[CreatorProfile]:
    return (
        select(CreatorProfile)
        .join(User, col(User.id) == col(CreatorProfile.user_id))
        .where(col(CreatorProfile.handle).is_not(None), User.role == Role.creator, User.status == UserStatus.active)
    )


def _conditions(filters: CreatorFilters) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if filters.q is not None:
        conditions.append(SEARCH_TEXT.icontains(filters.q, autoescape=True))
    if filters.niche is not None:
        conditions.append(col(CreatorProfile.niches).contains([filters.niche]))
    if filters.country is not None:
        conditions.append(col(CreatorProfile.country) == filters.country)
    if filters.language is not None:
        conditions.append(col(CreatorProfile.languages).contains([filters.language]))
    conditions.extend(
        condition
        for condition in (
            _some_element(
                col(CreatorProfile.platforms),
                ("platform", "==", filters.platform),
                ("followers", ">=", filters.min_followers),
                ("followers", "<=", filters.max_followers),
            ),
            _some_element(
                col(CreatorProfile.base_rates),
                ("currency", "==", filters.currency),
                ("amount", "<=", filters.max_rate),
            ),
        )
        if condition is not None
    )
    return conditions


def _some_element(array: Any, *tests: tuple[str, str, Any]) -> ColumnElement[bool] | None:
    """True when one element of a JSONB array passes every test whose value is given, e.g.
    ``("followers", ">=", 1000)``; ``None`` when no value is given. Field names and operators come
    from code; values travel as jsonpath variables, never inside the path text."""
    given = [(field, operator, value) for field, operator, value in tests if value is not None]
    if not given:
        return None
    predicate = " && ".join(f"@.{field} {operator} $v{index}" for index, (field, operator, _) in enumerate(given))
    variables = {f"v{index}": value for index, (_, _, value) in enumerate(given)}
    return func.jsonb_path_exists(array, literal(f"$[*] ? ({predicate})", JSONPATH), literal(variables, JSONB))
