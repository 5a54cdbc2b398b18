"""The creator directory: how brands ask, and the public profile they see."""

import uuid
from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import Field, model_validator

from api.schemas.base import PublicModel
from api.schemas.campaigns import PageQuery
from api.schemas.users import (
    BaseRatePublic,
    CountryCode,
    CurrencyCode,
    LanguageCode,
    Niche,
    Platform,
    PlatformAccountPublic,
)

Followers = Annotated[int, Field(ge=0, le=10_000_000_000)]


class CreatorSearch(PageQuery):
    """Creators with a handle, in handle order."""

    q: Annotated[str, Field(min_length=1, max_length=100)] | None = None
    """Case-insensitive substring of the handle, bio or a niche."""
    niche: Niche | None = None
    platform: Platform | None = None
    min_followers: Followers | None = None
    """On one account: with ``platform``, that platform's account."""
    max_followers: Followers | None = None
    country: CountryCode | None = None
    language: LanguageCode | None = None
    max_rate: Annotated[int, Field(ge=0)] | None = None
    """Some base rate in ``currency`` is at most this many minor units; needs ``currency``."""
    currency: CurrencyCode | None = None

    @model_validator(mode="after")
    def _consistent(self) -> "CreatorSearch":
        if (
            self.min_followers is not None
            and self.max_followers is not None
            and self.min_followers > self.max_followers
        ):
            raise ValueError("min_followers must not exceed max_followers")
        if self.max_rate is not None and self.currency is None:
            raise ValueError("max_rate needs currency")
        return self


class CreatorPublic(PublicModel):
    id: uuid.UUID
    handle: str
    bio: str | None
    niches: list[str]
    platforms: list[PlatformAccountPublic]
    country: str | None
    languages: list[str]
    base_rates: list[BaseRatePublic]
    portfolio_links: list[str]
    total_followers: int
    """Summed over the creator's platform accounts."""

    @staticmethod
    def fields_of(profile: Mapping[str, Any]) -> dict[str, Any]:
        """A directory row (``models.creators.LISTED_COLUMNS``) as this model's fields. Callers
        validate a whole page at once: one call into pydantic instead of one per creator."""
        return {
            **profile,
            "id": profile["user_id"],
            "total_followers": sum(account["followers"] for account in profile["platforms"]),
        }


class CreatorPage(PublicModel):
    items: list[CreatorPublic]
    next_cursor: str | None
    """Pass as ``cursor`` for the next page; ``null`` on the last page."""
