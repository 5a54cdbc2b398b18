"""Campaign payloads: what a brand writes, what anyone reads, and how discovery is asked."""

import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import Annotated, Any, Literal, Self

from pydantic import AfterValidator, AwareDatetime, Field, field_validator, model_validator

from api.schemas.base import PublicModel, RequestBody
from api.schemas.users import CountryCode, CurrencyCode, DeliverableType, LanguageCode, Niche, Platform
from models.base import utcnow
from models.campaigns import Campaign, CampaignSort, CampaignStatus, CompensationType

PayFilter = Annotated[int, Field(ge=0, le=1_000_000_000)]
"""Integer minor units (cents)."""
Amount = Annotated[PayFilter, Field(strict=True)]
"""Integer minor units (cents) in a JSON body; floats are refused."""
Title = Annotated[str, Field(min_length=1, max_length=200)]
Brief = Annotated[str, Field(min_length=1, max_length=20_000)]
"""Markdown."""
Slots = Annotated[int, Field(ge=1, le=1000)]
DeliveryWindowDays = Annotated[int, Field(ge=1, le=365)]
MaxRevisions = Annotated[int, Field(ge=0, le=10)]
ReviewWindowHours = Annotated[int, Field(ge=24, le=336)]


def _in_future(value: datetime) -> datetime:
    if value <= utcnow():
        raise ValueError("must be in the future")
    return value


class Deliverable(RequestBody):
    type: DeliverableType
    platform: Platform
    count: Annotated[int, Field(ge=1, le=100)]
    notes: Annotated[str, Field(max_length=500)] | None = None


class FixedCompensation(RequestBody):
    type: Literal["fixed"]
    amount: Amount
    currency: CurrencyCode

    def columns(self) -> dict[str, Any]:
        return {
            "compensation_type": CompensationType.fixed,
            "currency": self.currency,
            "price_min": self.amount,
            "price_max": self.amount,
        }


class RangeCompensation(RequestBody):
    type: Literal["range"]
    min: Amount
    max: Amount
    currency: CurrencyCode

    @model_validator(mode="after")
    def _ordered(self) -> "RangeCompensation":
        if self.max < self.min:
            raise ValueError("max must be at least min")
        return self

    def columns(self) -> dict[str, Any]:
        return {
            "compensation_type": CompensationType.range,
            "currency": self.currency,
            "price_min": self.min,
            "price_max": self.max,
        }


Compensation = Annotated[FixedCompensation | RangeCompensation, Field(discriminator="type")]


class UsageRights(RequestBody):
    paid_ads: bool = False
    duration_months: Annotated[int, Field(ge=0, le=120)] = 0
    territories: Annotated[list[CountryCode], Field(max_length=250)] = []
    """Empty: worldwide."""
    raw_footage: bool = False


Deliverables = Annotated[list[Deliverable], Field(min_length=1, max_length=20)]
Niches = Annotated[list[Niche], Field(max_length=10)]
Countries = Annotated[list[CountryCode], Field(max_length=250)]
"""Empty: every country."""
Languages = Annotated[list[LanguageCode], Field(max_length=50)]
"""Empty: every language."""
Deadline = Annotated[AwareDatetime, AfterValidator(_in_future)]
"""Timezone-aware, in the future."""


class CampaignCreate(RequestBody):
    title: Title
    brief: Brief
    deliverables: Deliverables
    niches: Niches = []
    target_countries: Countries = []
    target_languages: Languages = []
    compensation: Compensation
    slots: Slots = 1
    application_deadline: Deadline
    delivery_window_days: DeliveryWindowDays
    max_revisions: MaxRevisions = 2
    review_window_hours: ReviewWindowHours = 72
    usage_rights: UsageRights = UsageRights()
    product_shipping_required: bool = False


class CampaignUpdate(RequestBody):
    """Every field optional; only the fields sent change. ``null`` is refused: omit a field to keep it."""

    title: Title | None = None
    brief: Brief | None = None
    deliverables: Deliverables | None = None
    niches: Niches | None = None
    target_countries: Countries | None = None
    target_languages: Languages | None = None
    compensation: Compensation | None = None
    slots: Slots | None = None
    application_deadline: Deadline | None = None
    delivery_window_days: DeliveryWindowDays | None = None
    max_revisions: MaxRevisions | None = None
    review_window_hours: ReviewWindowHours | None = None
    usage_rights: UsageRights | None = None
    product_shipping_required: bool | None = None

    @field_validator("*")
    @classmethod
    def _not_null(cls, value: Any) -> Any:
        if value is None:
            raise ValueError("may not be null; omit the field to keep its value")
        return value


class DeliverablePublic(PublicModel):
    type: DeliverableType
    platform: Platform
    count: int
    notes: str | None


class FixedCompensationPublic(PublicModel):
    type: Literal["fixed"] = "fixed"
    amount: int
    currency: str


class RangeCompensationPublic(PublicModel):
    type: Literal["range"] = "range"
    min: int
    max: int
    currency: str


class UsageRightsPublic(PublicModel):
    paid_ads: bool
    duration_months: int
    territories: list[str]
    raw_footage: bool


class CampaignPublic(PublicModel):
    id: uuid.UUID
    brand_id: uuid.UUID
    status: CampaignStatus
    version: int
    """Goes up when terms change after creators applied; each application records the version it answered."""
    title: str
    brief: str
    deliverables: list[DeliverablePublic]
    niches: list[str]
    target_countries: list[str]
    target_languages: list[str]
    platforms: list[Platform]
    compensation: Annotated[FixedCompensationPublic | RangeCompensationPublic, Field(discriminator="type")]
    slots: int
    slots_filled: int
    application_deadline: datetime
    delivery_window_days: int
    max_revisions: int
    review_window_hours: int
    usage_rights: UsageRightsPublic
    product_shipping_required: bool
    published_at: datetime | None
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def fields_of(campaign: Mapping[str, Any]) -> dict[str, Any]:
        """A campaign's columns (``models.campaigns.LISTED_COLUMNS``) as this model's fields, the
        price columns folded into one ``compensation``. Lists validate a whole page at once: one
        call into pydantic instead of one per campaign."""
        compensation: dict[str, Any] = (
            {"type": "fixed", "amount": campaign["price_min"]}
            if campaign["compensation_type"] == CompensationType.fixed
            else {"type": "range", "min": campaign["price_min"], "max": campaign["price_max"]}
        )
        return {**campaign, "compensation": compensation | {"currency": campaign["currency"]}}

    @classmethod
    def from_campaign(cls, campaign: Campaign, **extra: Any) -> Self:
        columns = {name: getattr(campaign, name) for name in _READ_COLUMNS}
        return cls.model_validate(cls.fields_of(columns) | extra)


_READ_COLUMNS = (
    *(name for name in CampaignPublic.model_fields if name != "compensation"),
    "compensation_type",
    "price_min",
    "price_max",
    "currency",
)
"""What :meth:`CampaignPublic.from_campaign` reads of a campaign (not its deferred search vector)."""


class CampaignUpdatedPublic(CampaignPublic):
    version_bumped: bool
    """True when the edit changed terms creators had already applied under, so ``version`` went up."""


class BrandCampaignPublic(CampaignPublic):
    application_count: int


class CampaignPage(PublicModel):
    items: list[CampaignPublic]
    next_cursor: str | None
    """Pass as ``cursor`` for the next page; ``null`` on the last page."""


class BrandCampaignPage(PublicModel):
    items: list[BrandCampaignPublic]
    next_cursor: str | None


Limit = Annotated[int, Field(ge=1, le=100)]


class PageQuery(RequestBody):
    cursor: Annotated[str, Field(max_length=512)] | None = None
    limit: Limit = 20


class CampaignSearch(PageQuery):
    """Discovery over open campaigns whose application deadline has not passed."""

    q: Annotated[str, Field(min_length=1, max_length=200)] | None = None
    """Full-text over title, niches and brief (web-search syntax: quotes, ``or``, ``-word``)."""
    platform: Platform | None = None
    niche: Niche | None = None
    min_pay: PayFilter | None = None
    max_pay: PayFilter | None = None
    currency: CurrencyCode | None = None
    country: CountryCode | None = None
    language: LanguageCode | None = None
    deadline_before: AwareDatetime | None = None
    deadline_after: AwareDatetime | None = None
    sort: CampaignSort | None = None
    """Default: ``relevance`` with ``q``, else ``newest``."""

    @model_validator(mode="after")
    def _consistent(self) -> "CampaignSearch":
        if self.min_pay is not None and self.max_pay is not None and self.min_pay > self.max_pay:
            raise ValueError("min_pay must not exceed max_pay")
        if self.sort == CampaignSort.relevance and self.q is None:
            raise ValueError("sort=relevance needs q")
        return self

    @property
    def effective_sort(self) -> CampaignSort:
        return self.sort or (CampaignSort.relevance if self.q is not None else CampaignSort.newest)
