import re
import uuid
from datetime import datetime
from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, Field, HttpUrl, model_validator

from api.schemas.base import PublicModel, RequestBody
from models.users import Role


def _upper_code(length: int) -> AfterValidator:
    def check(value: str) -> str:
        if not re.fullmatch(rf"[A-Za-z]{{{length}}}", value):
            raise ValueError(f"must be a {length}-letter code")
        return value.upper()

    return AfterValidator(check)


def _language(value: str) -> str:
    if not re.fullmatch(r"[a-z]{2}", value.lower()):
        raise ValueError("must be a 2-letter ISO 639-1 language code")
    return value.lower()


CountryCode = Annotated[str, _upper_code(2)]
CurrencyCode = Annotated[str, _upper_code(3)]
LanguageCode = Annotated[str, AfterValidator(_language)]
Url = Annotated[HttpUrl, Field(max_length=2048)]
Handle = Annotated[str, Field(pattern=r"^[a-z0-9_.]{3,30}$")]
Niche = Annotated[str, Field(min_length=1, max_length=50)]


class Platform(StrEnum):
    tiktok = "tiktok"
    instagram = "instagram"
    youtube = "youtube"
    other = "other"


class DeliverableType(StrEnum):
    video = "video"
    photo = "photo"
    story = "story"
    review = "review"


class PlatformAccount(RequestBody):
    platform: Platform
    handle: Annotated[str, Field(min_length=1, max_length=100)]
    followers: Annotated[int, Field(ge=0, le=10_000_000_000)]


class BaseRate(RequestBody):
    deliverable: DeliverableType
    amount: Annotated[int, Field(ge=0, le=100_000_000_00, strict=True)]
    """Integer minor units (cents); floats are refused."""
    currency: CurrencyCode


class BrandProfileUpdate(RequestBody):
    company_name: Annotated[str, Field(min_length=1, max_length=200)] | None = None
    website: Url | None = None
    industry: Annotated[str, Field(min_length=1, max_length=100)] | None = None
    logo_url: Url | None = None
    country: CountryCode | None = None


class CreatorProfileUpdate(RequestBody):
    handle: Handle | None = None
    bio: Annotated[str, Field(max_length=2000)] | None = None
    niches: Annotated[list[Niche], Field(max_length=10)] | None = None
    platforms: Annotated[list[PlatformAccount], Field(max_length=10)] | None = None
    country: CountryCode | None = None
    languages: Annotated[list[LanguageCode], Field(max_length=10)] | None = None
    base_rates: Annotated[list[BaseRate], Field(max_length=20)] | None = None
    portfolio_links: Annotated[list[Url], Field(max_length=20)] | None = None


class MeUpdate(RequestBody):
    brand_profile: BrandProfileUpdate | None = None
    creator_profile: CreatorProfileUpdate | None = None

    @model_validator(mode="after")
    def _one_profile(self) -> "MeUpdate":
        if (self.brand_profile is None) == (self.creator_profile is None):
            raise ValueError("send exactly one of brand_profile or creator_profile")
        return self


class BrandProfilePublic(PublicModel):
    company_name: str | None
    website: str | None
    industry: str | None
    logo_url: str | None
    country: str | None


class PlatformAccountPublic(PublicModel):
    platform: Platform
    handle: str
    followers: int


class BaseRatePublic(PublicModel):
    deliverable: DeliverableType
    amount: int
    currency: str


class CreatorProfilePublic(PublicModel):
    handle: str | None
    bio: str | None
    niches: list[str]
    platforms: list[PlatformAccountPublic]
    country: str | None
    languages: list[str]
    base_rates: list[BaseRatePublic]
    portfolio_links: list[str]


class MePublic(PublicModel):
    id: uuid.UUID
    email: str
    role: Role
    email_verified: bool
    created_at: datetime
    brand_profile: BrandProfilePublic | None = None
    creator_profile: CreatorProfilePublic | None = None
