"""Campaign rules: only the owning brand writes, the lifecycle moves one legal step at a time,
terms creators applied under are versioned, and discovery shows only campaigns taking applications."""

import uuid
from typing import Any, Literal

from pydantic import AwareDatetime, TypeAdapter, ValidationError
from sqlalchemy import Row
from sqlmodel.ext.asyncio.session import AsyncSession

from api.errors import Conflict, DomainError, NotFound
from api.pagination import InvalidCursor, decode_cursor, encode_cursor
from api.ranking import RANKED_MATCHES, RankedMatches
from api.schemas.campaigns import (
    BrandCampaignPage,
    CampaignCreate,
    CampaignPage,
    CampaignPublic,
    CampaignSearch,
    CampaignUpdate,
    CampaignUpdatedPublic,
    PageQuery,
)
from api.services.applicants import PendingApplicants
from models.base import utcnow
from models.campaigns import (
    Campaign,
    CampaignFilters,
    CampaignRepository,
    CampaignSort,
    CampaignStatus,
    Keyset,
)
from models.users import User
from workflows.collaboration_models import TermsChange

Action = Literal["publish", "pause", "resume", "close", "archive"]

_MOVES: dict[Action, tuple[frozenset[CampaignStatus], CampaignStatus]] = {
    "publish": (frozenset({CampaignStatus.draft}), CampaignStatus.open),
    "pause": (frozenset({CampaignStatus.open}), CampaignStatus.paused),
    "resume": (frozenset({CampaignStatus.paused}), CampaignStatus.open),
    "close": (frozenset({CampaignStatus.open, CampaignStatus.paused}), CampaignStatus.closed),
    "archive": (frozenset({CampaignStatus.closed}), CampaignStatus.archived),
}
"""Each action: the statuses it may start from, and where it leads."""

_PUBLIC = frozenset({CampaignStatus.open, CampaignStatus.paused, CampaignStatus.closed})
"""Statuses anyone signed in may read; drafts and archived campaigns are the owner's alone."""
_EDITABLE = frozenset({CampaignStatus.draft, CampaignStatus.open, CampaignStatus.paused})

_TERMS = {
    "deliverables": "deliverables",
    "compensation_type": "pay",
    "currency": "pay",
    "price_min": "pay",
    "price_max": "pay",
    "usage_rights": "usage rights",
    "delivery_window_days": "delivery window",
    "max_revisions": "revisions",
    "review_window_hours": "review window",
    "product_shipping_required": "product shipping",
}
"""Columns holding what creators agree to when they apply, with what they are called in the emails
and the timeline; changing one after applications exist bumps ``version``."""

_MINE = "mine"
_CURSOR_KEYS: dict[str, TypeAdapter[Any]] = {
    _MINE: TypeAdapter(tuple[AwareDatetime, uuid.UUID]),
    CampaignSort.newest: TypeAdapter(tuple[AwareDatetime, uuid.UUID]),
    CampaignSort.deadline: TypeAdapter(tuple[AwareDatetime, uuid.UUID]),
    CampaignSort.pay: TypeAdapter(tuple[int, uuid.UUID]),
    CampaignSort.relevance: TypeAdapter(tuple[float, uuid.UUID]),
}
"""The key each listing pages on, by the name its cursors carry."""


class InvalidTransition(Conflict):
    code = "invalid_transition"


class CampaignService:
    def __init__(self, session: AsyncSession, applicants: PendingApplicants) -> None:
        self.campaigns = CampaignRepository(session)
        self.applicants = applicants

    async def create(self, brand: User, data: CampaignCreate) -> CampaignPublic:
        """A new draft: nobody but the brand sees it until it is published."""
        campaign = Campaign(brand_id=brand.id, **_columns(data, exclude_unset=False))
        await self.campaigns.save(campaign)
        return CampaignPublic.from_campaign(campaign)

    async def get(self, user: User, campaign_id: uuid.UUID) -> CampaignPublic:
        campaign = await self.campaigns.get(campaign_id)
        if campaign is None or (campaign.brand_id != user.id and campaign.status not in _PUBLIC):
            raise _not_found()
        return CampaignPublic.from_campaign(campaign)

    async def update(self, brand: User, campaign_id: uuid.UUID, data: CampaignUpdate) -> CampaignUpdatedPublic:
        """Apply the fields sent. Changing terms after creators applied bumps ``version``, and the
        applications still pending are told (the creators get an email and may withdraw)."""
        campaign = await self._owned(brand, campaign_id)
        if campaign.status not in _EDITABLE:
            raise Conflict(f"A {campaign.status} campaign can no longer be edited.", code="campaign_not_editable")
        changes = _columns(data, exclude_unset=True)
        if changes.get("slots", campaign.slots) < campaign.slots_filled:
            raise Conflict(
                f"{campaign.slots_filled} slots are already filled.",
                code="slots_below_filled",
                details=[{"field": "slots", "message": f"must be at least {campaign.slots_filled}"}],
            )
        changed_terms = sorted(
            {_TERMS[field] for field, value in changes.items() if field in _TERMS and getattr(campaign, field) != value}
        )
        version_bumped = bool(changed_terms) and await self.campaigns.application_count(campaign.id) > 0
        for field, value in changes.items():
            setattr(campaign, field, value)
        if version_bumped:
            campaign.version += 1
            await self.applicants.terms_changed(campaign.id, TermsChange(version=campaign.version, terms=changed_terms))
        await self.campaigns.save(campaign)
        return CampaignUpdatedPublic.from_campaign(campaign, version_bumped=version_bumped)

    async def publish(self, brand: User, campaign_id: uuid.UUID) -> CampaignPublic:
        return await self._move(brand, campaign_id, "publish")

    async def pause(self, brand: User, campaign_id: uuid.UUID) -> CampaignPublic:
        return await self._move(brand, campaign_id, "pause")

    async def resume(self, brand: User, campaign_id: uuid.UUID) -> CampaignPublic:
        return await self._move(brand, campaign_id, "resume")

    async def close(self, brand: User, campaign_id: uuid.UUID) -> CampaignPublic:
        """Stop taking applications for good, and decline the ones still pending."""
        campaign = await self._move(brand, campaign_id, "close")
        await self.applicants.campaign_closed(campaign_id, "The brand closed this campaign.")
        return campaign

    async def archive(self, brand: User, campaign_id: uuid.UUID) -> CampaignPublic:
        return await self._move(brand, campaign_id, "archive")

    async def mine(self, brand: User, page: PageQuery) -> BrandCampaignPage:
        after = _keyset(page.cursor, _MINE)
        rows = await self.campaigns.by_brand(brand.id, after=after, limit=page.limit + 1)
        items = rows[: page.limit]
        return BrandCampaignPage.model_validate(
            {
                "items": [CampaignPublic.fields_of(row._asdict()) for row in items],
                "next_cursor": encode_cursor(_MINE, items[-1].created_at, items[-1].id)
                if len(rows) > page.limit
                else None,
            }
        )

    async def _owned(self, brand: User, campaign_id: uuid.UUID) -> Campaign:
        """The brand's campaign, locked for this transaction; another brand's is reported missing, not forbidden."""
        campaign = await self.campaigns.get(campaign_id, for_update=True)
        if campaign is None or campaign.brand_id != brand.id:
            raise _not_found()
        return campaign

    async def _move(self, brand: User, campaign_id: uuid.UUID, action: Action) -> CampaignPublic:
        campaign = await self._owned(brand, campaign_id)
        sources, target = _MOVES[action]
        if campaign.status not in sources:
            raise InvalidTransition(
                f"Cannot {action} a {campaign.status} campaign.",
                details={"status": campaign.status, "action": action},
            )
        if target == CampaignStatus.open:
            if campaign.application_deadline <= utcnow():
                raise DomainError(
                    "The application deadline has passed. Move it into the future first.",
                    code="deadline_passed",
                    status_code=422,
                    details=[{"field": "application_deadline", "message": "must be in the future"}],
                )
            campaign.published_at = campaign.published_at or utcnow()
        campaign.status = target
        await self.campaigns.save(campaign)
        return CampaignPublic.from_campaign(campaign)


def _columns(data: CampaignCreate | CampaignUpdate, *, exclude_unset: bool) -> dict[str, Any]:
    """The campaign columns a payload sets: compensation becomes the price columns and the
    deliverables also set ``platforms``. A nested object sent is taken whole, with its defaults."""
    fields = data.model_fields_set if exclude_unset else set(type(data).model_fields)
    columns = data.model_dump(mode="json", include=fields - {"compensation", "application_deadline"})
    if data.application_deadline is not None:
        columns["application_deadline"] = data.application_deadline
    if data.compensation is not None:
        columns |= data.compensation.columns()
    if "deliverables" in columns:
        columns["platforms"] = sorted({deliverable["platform"] for deliverable in columns["deliverables"]})
    return columns


class CampaignDiscovery:
    """What creators search: open campaigns still taking applications. Reads only, so it runs on
    the read session."""

    def __init__(self, session: AsyncSession, ranked: RankedMatches) -> None:
        self.campaigns = CampaignRepository(session)
        self.ranked = ranked

    async def search(self, query: CampaignSearch) -> CampaignPage:
        sort = query.effective_sort
        filters = CampaignFilters(**query.model_dump(exclude={"cursor", "limit", "sort"}))
        after = _keyset(query.cursor, sort)
        if sort == CampaignSort.relevance:
            rows = await self._by_relevance(filters, after, query.limit + 1)
        else:
            rows = await self.campaigns.discover(filters, sort, after=after, limit=query.limit + 1)
        items = rows[: query.limit]
        return CampaignPage.model_validate(
            {
                "items": [CampaignPublic.fields_of(campaign._asdict()) for campaign, _ in items],
                "next_cursor": encode_cursor(sort, items[-1][1], items[-1][0].id) if len(rows) > query.limit else None,
            }
        )

    async def _by_relevance(
        self, filters: CampaignFilters, after: Keyset | None, limit: int
    ) -> list[tuple[Row[Any], Any]]:
        """Up to ``limit`` campaigns of the ranked list (``api.ranking``) after the cursor, each with
        its rank; those no longer taking applications are skipped."""
        ranked = await self.ranked.get(filters, lambda: self.campaigns.rank(filters, limit=RANKED_MATCHES))
        # Best first, by (rank, id) descending: the page starts after the last one shown.
        rest = ranked if after is None else [key for key in ranked if key < after]
        rows: list[tuple[Row[Any], Any]] = []
        while rest and len(rows) < limit:
            batch, rest = rest[: limit - len(rows)], rest[limit - len(rows) :]
            found = await self.campaigns.taking_applications([campaign_id for _, campaign_id in batch])
            rows.extend((found[campaign_id], rank) for rank, campaign_id in batch if campaign_id in found)
        return rows


def _keyset(cursor: str | None, listing: str) -> Keyset | None:
    """Where the previous page of ``listing`` ended; a cursor from another listing or sort is refused."""
    if cursor is None:
        return None
    name, *key = decode_cursor(cursor, 3)
    if name != listing:
        raise InvalidCursor()
    try:
        keyset: Keyset = _CURSOR_KEYS[listing].validate_python(tuple(key))
    except ValidationError as exc:
        raise InvalidCursor() from exc
    return keyset


def _not_found() -> NotFound:
    return NotFound("No such campaign.", code="campaign_not_found")
