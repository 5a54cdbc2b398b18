"""Campaigns: a brand's brief that creators apply to, and the queries over them."""

import uuid
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, TypeVar

from sqlalchemy import (
    CheckConstraint,
    ColumnClause,
    ColumnElement,
    Index,
    Row,
    Select,
    SQLColumnExpression,
    String,
    Text,
    cast,
    column,
    func,
    literal_column,
    or_,
    table,
    tuple_,
)
from sqlalchemy import (
    select as sa_select,
)
from sqlalchemy.dialects.postgresql import ARRAY, DOUBLE_PRECISION, JSONB, TSVECTOR
from sqlmodel import Column, Field, SQLModel, col, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from models.base import id_field, optional_timestamp_field, timestamp_field, utcnow
from models.db import fetch_rows


class CampaignStatus(StrEnum):
    draft = "draft"
    open = "open"
    paused = "paused"
    closed = "closed"
    archived = "archived"


class CompensationType(StrEnum):
    fixed = "fixed"
    range = "range"


class Campaign(SQLModel, table=True):
    __tablename__ = "campaigns"
    __table_args__ = (
        CheckConstraint("price_min >= 0 AND price_max >= price_min", name="price_range"),
        CheckConstraint("slots >= 1 AND slots_filled >= 0 AND slots_filled <= slots", name="slots"),
        Index("ix_campaigns_search_vector", "search_vector", postgresql_using="gin"),
        # One per discovery sort, ending in id as the keyset does: a page is an index range, not a sort.
        Index("ix_campaigns_status_published_at_id", "status", "published_at", "id"),
        Index("ix_campaigns_status_application_deadline_id", "status", "application_deadline", "id"),
        Index("ix_campaigns_status_price_max_id", "status", "price_max", "id"),
        # Amounts compare only within a currency: sorting by pay usually comes with a currency filter.
        Index("ix_campaigns_status_currency_price_max_id", "status", "currency", "price_max", "id"),
    )

    id: uuid.UUID = id_field()
    brand_id: uuid.UUID = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    status: CampaignStatus = Field(default=CampaignStatus.draft, sa_type=String(16))
    version: int = 1
    """Bumped when terms change after applications exist; each application records the version it answered."""
    title: str = Field(max_length=200)
    brief: str = Field(sa_type=Text)
    deliverables: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSONB, nullable=False, server_default="[]")
    )
    niches: list[str] = Field(
        default_factory=list, sa_column=Column(ARRAY(String(50)), nullable=False, server_default="{}")
    )
    target_countries: list[str] = Field(
        default_factory=list, sa_column=Column(ARRAY(String(2)), nullable=False, server_default="{}")
    )
    target_languages: list[str] = Field(
        default_factory=list, sa_column=Column(ARRAY(String(8)), nullable=False, server_default="{}")
    )
    platforms: list[str] = Field(
        default_factory=list, sa_column=Column(ARRAY(String(16)), nullable=False, server_default="{}")
    )
    """Derived from the deliverables, for filtering."""
    compensation_type: CompensationType = Field(sa_type=String(8))
    currency: str = Field(max_length=3)
    price_min: int
    """Integer minor units; equals price_max for a fixed price."""
    price_max: int
    slots: int = 1
    slots_filled: int = 0
    application_deadline: datetime = timestamp_field()
    delivery_window_days: int
    max_revisions: int = 2
    review_window_hours: int = 72
    usage_rights: dict[str, Any] = Field(
        default_factory=dict, sa_column=Column(JSONB, nullable=False, server_default="{}")
    )
    product_shipping_required: bool = False
    search_vector: str | None = Field(default=None, sa_column=Column(TSVECTOR, nullable=True))
    published_at: datetime | None = optional_timestamp_field()
    created_at: datetime = timestamp_field()
    updated_at: datetime = timestamp_field()


class CampaignSort(StrEnum):
    newest = "newest"
    """Most recently published first."""
    deadline = "deadline"
    """Soonest application deadline first."""
    pay = "pay"
    """Highest ``price_max`` first."""
    relevance = "relevance"
    """Best full-text match first; needs a query."""


@dataclass(frozen=True)
class CampaignFilters:
    """What discovery narrows open campaigns by; ``None`` means "any"."""

    q: str | None = None
    platform: str | None = None
    niche: str | None = None
    min_pay: int | None = None
    """Keeps campaigns whose price range reaches at least this much."""
    max_pay: int | None = None
    """Keeps campaigns whose price range starts at or below this."""
    currency: str | None = None
    country: str | None = None
    """Keeps campaigns targeting this country or targeting none (worldwide)."""
    language: str | None = None
    """Keeps campaigns targeting this language or targeting none."""
    deadline_before: datetime | None = None
    deadline_after: datetime | None = None


Keyset = tuple[Any, uuid.UUID]
"""Where a page ends: the sort key of its last row and that row's id."""

_Statement = TypeVar("_Statement", bound=Select[Any])

_COLLABORATIONS = table("collaborations", column("id"), column("campaign_id"))
"""Read here only to count applications; ``models.collaborations`` owns the table (and imports this module)."""

_ENGLISH: ColumnClause[Any] = literal_column("'english'::regconfig")


def search_document(title: Any, niches: Any, brief: Any) -> ColumnElement[Any]:
    """What ``search_vector`` holds, computed from these columns: title weighs most, then niches,
    then the brief. The bulk loader (``core.seed``) applies it to a staging table's columns."""
    return (
        func.setweight(func.to_tsvector(_ENGLISH, title), literal_column("'A'"))
        .op("||")(func.setweight(func.to_tsvector(_ENGLISH, func.array_to_string(niches, " ")), literal_column("'B'")))
        .op("||")(func.setweight(func.to_tsvector(_ENGLISH, brief), literal_column("'C'")))
    )


_SEARCH_DOCUMENT = search_document(col(Campaign.title), col(Campaign.niches), col(Campaign.brief))
LISTED_COLUMNS = tuple(column for column in Campaign.__table__.c if column.name != "search_vector")  # type: ignore[attr-defined]
"""What lists read of a campaign, as plain rows rather than ORM objects (a page is twenty): all
but ``search_vector``, about a kilobyte a row that nothing reads."""


def _page(
    statement: _Statement, key: SQLColumnExpression[Any], descending: bool, after: Keyset | None, limit: int
) -> _Statement:
    """Keyset pagination on ``(key, id)``, both in the same direction."""
    row = tuple_(key, Campaign.id)
    if after is not None:
        statement = statement.where(row < tuple_(*after) if descending else row > tuple_(*after))
    order = (key.desc(), col(Campaign.id).desc()) if descending else (key.asc(), col(Campaign.id).asc())
    return statement.order_by(*order).limit(limit)


class CampaignRepository:
    """Queries over campaigns. Flushes, never commits."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, campaign_id: uuid.UUID, *, for_update: bool = False) -> Campaign | None:
        """``for_update`` locks the row until the transaction ends, for edits and transitions."""
        statement = select(Campaign).where(Campaign.id == campaign_id)
        if for_update:
            statement = statement.with_for_update().execution_options(populate_existing=True)
        return (await self.session.exec(statement)).first()

    async def save(self, campaign: Campaign) -> None:
        """Write the campaign and recompute its ``search_vector`` from the stored text."""
        campaign.updated_at = utcnow()
        self.session.add(campaign)
        await self.session.flush()
        await self.session.exec(
            update(Campaign)
            .where(col(Campaign.id) == campaign.id)
            .values(search_vector=_SEARCH_DOCUMENT)
            .execution_options(synchronize_session=False)
        )

    async def application_count(self, campaign_id: uuid.UUID) -> int:
        result = await self.session.exec(
            select(func.count()).select_from(_COLLABORATIONS).where(_COLLABORATIONS.c.campaign_id == campaign_id)
        )
        return result.one()

    async def by_brand(self, brand_id: uuid.UUID, *, after: Keyset | None, limit: int) -> list[Row[Any]]:
        """The brand's campaigns in any status, newest first (rows of :data:`LISTED_COLUMNS`),
        each with its number of applications as ``application_count``."""
        statement = (
            sa_select(*LISTED_COLUMNS, func.count(_COLLABORATIONS.c.id).label("application_count"))
            .outerjoin(_COLLABORATIONS, _COLLABORATIONS.c.campaign_id == Campaign.id)
            .where(col(Campaign.brand_id) == brand_id)
            .group_by(col(Campaign.id))
        )
        return await fetch_rows(self.session, _page(statement, col(Campaign.created_at), True, after, limit))

    async def discover(
        self, filters: CampaignFilters, sort: CampaignSort, *, after: Keyset | None, limit: int
    ) -> list[tuple[Row[Any], Any]]:
        """Open campaigns still taking applications (rows of :data:`LISTED_COLUMNS`), each with its
        sort key. Not by relevance: that is ``rank`` then ``taking_applications``."""
        key, descending = _sort_key(sort)
        statement = sa_select(*LISTED_COLUMNS, key.label("sort_key")).where(*_discoverable(filters))
        rows = await fetch_rows(self.session, _page(statement, key, descending, after, limit))
        return [(row, row.sort_key) for row in rows]

    async def rank(self, filters: CampaignFilters, *, limit: int) -> list[Keyset]:
        """``(rank, id)`` of the best ``limit`` matches of ``filters.q`` among open campaigns
        still taking applications, best first (ties by id, descending as the keyset runs).

        PostgreSQL ranks every match to find the best, thousands for a common word; that is the
        expensive part of a search, and why callers keep the answer for a while."""
        if filters.q is None:
            raise ValueError("ranking needs a query")
        rank = cast(func.ts_rank(col(Campaign.search_vector), _text_query(filters.q)), DOUBLE_PRECISION)
        statement = (
            select(rank, col(Campaign.id))
            .where(*_discoverable(filters))
            .order_by(rank.desc(), col(Campaign.id).desc())
            .limit(limit)
        )
        return [(value, campaign_id) for value, campaign_id in (await self.session.exec(statement)).all()]

    async def taking_applications(self, ids: list[uuid.UUID]) -> dict[uuid.UUID, Row[Any]]:
        """Those of ``ids`` that are still open and before their deadline (rows of
        :data:`LISTED_COLUMNS`), by id."""
        statement = sa_select(*LISTED_COLUMNS).where(col(Campaign.id).in_(ids), *_discoverable(CampaignFilters()))
        return {row.id: row for row in await fetch_rows(self.session, statement)}


def _discoverable(filters: CampaignFilters) -> list[ColumnElement[bool]]:
    """Open, still taking applications, and passing every filter, the text query included."""
    conditions = [
        col(Campaign.status) == CampaignStatus.open,
        col(Campaign.application_deadline) > utcnow(),
        *_conditions(filters),
    ]
    if filters.q is not None:
        conditions.append(col(Campaign.search_vector).op("@@")(_text_query(filters.q)))
    return conditions


def _text_query(q: str) -> ColumnElement[Any]:
    return func.websearch_to_tsquery(_ENGLISH, q)


def _conditions(filters: CampaignFilters) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if filters.platform is not None:
        conditions.append(col(Campaign.platforms).contains([filters.platform]))
    if filters.niche is not None:
        conditions.append(col(Campaign.niches).contains([filters.niche]))
    if filters.min_pay is not None:
        conditions.append(col(Campaign.price_max) >= filters.min_pay)
    if filters.max_pay is not None:
        conditions.append(col(Campaign.price_min) <= filters.max_pay)
    if filters.currency is not None:
        conditions.append(col(Campaign.currency) == filters.currency)
    if filters.country is not None:
        conditions.append(_targets(col(Campaign.target_countries), filters.country))
    if filters.language is not None:
        conditions.append(_targets(col(Campaign.target_languages), filters.language))
    if filters.deadline_before is not None:
        conditions.append(col(Campaign.application_deadline) < filters.deadline_before)
    if filters.deadline_after is not None:
        conditions.append(col(Campaign.application_deadline) > filters.deadline_after)
    return conditions


def _targets(targets: Any, value: str) -> ColumnElement[bool]:
    """An empty target list means everyone."""
    return or_(func.cardinality(targets) == 0, targets.contains([value]))


def _sort_key(sort: CampaignSort) -> tuple[SQLColumnExpression[Any], bool]:
    """The sort's key column and whether it runs descending."""
    if sort == CampaignSort.relevance:
        raise ValueError("relevance is ranked, not sorted by a column")
    if sort == CampaignSort.deadline:
        return col(Campaign.application_deadline), False
    if sort == CampaignSort.pay:
        return col(Campaign.price_max), True
    return col(Campaign.published_at), True
