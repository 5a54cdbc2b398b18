"""`collabmarket seed`: load realistic demo brands, creators and campaigns, fast.

Everything goes in with ``COPY`` inside one transaction, so a failed run leaves nothing behind.
Campaigns are copied into a temporary table and inserted from there with their
``search_vector`` computed by PostgreSQL from the same expression the application uses
(``models.campaigns.search_document``), so search finds them at once. The tables are analysed
at the end, so the planner knows their new size.

Seeded accounts are email-verified, share one argon2id hash of the demo password (hashed once),
and are the only accounts at ``DEMO_DOMAIN``: ``brand1@…`` to ``brand<N>@…`` and ``creator1@…``
to ``creator<N>@…``. A database that already holds seeded accounts is refused unless
``append=True``, which numbers the new accounts after the existing ones (handles and websites
carry the number, so they stay unique too).
"""

import random
import time
from collections.abc import AsyncIterator, Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import psycopg
from psycopg import sql
from psycopg.types.json import Jsonb
from sqlalchemy import column, insert, select, table
from sqlalchemy.dialects.postgresql.psycopg import PGDialect_psycopg
from sqlmodel import SQLModel

from api.security import hash_password
from core.demo_data import DEMO_DOMAIN, BrandRow, CampaignRow, CreatorRow, DemoData, demo_email
from models.campaigns import search_document
from models.db import libpq_url

USER_COLUMNS = ("id", "email", "password_hash", "role", "status", "email_verified_at", "created_at", "updated_at")
BRAND_COLUMNS = ("user_id", "company_name", "website", "industry", "country", "updated_at")
CREATOR_COLUMNS = (
    "user_id",
    "handle",
    "bio",
    "niches",
    "platforms",
    "country",
    "languages",
    "base_rates",
    "portfolio_links",
    "updated_at",
)
_CAMPAIGNS = SQLModel.metadata.tables["campaigns"]
CAMPAIGN_COLUMNS = tuple(name for name in _CAMPAIGNS.columns.keys() if name != "search_vector")  # noqa: SIM118
_STAGING = "campaign_seed"
_LOCK = 0x5EED_C0DE
"""Advisory lock key: two seeds at once run one after the other, so numbering stays unique."""


@dataclass(frozen=True)
class SeedPlan:
    brands: int
    creators: int
    campaigns: int

    def __post_init__(self) -> None:
        if min(self.brands, self.creators, self.campaigns) < 0:
            raise ValueError("counts must not be negative")
        if self.campaigns and not self.brands:
            raise ValueError("campaigns need at least one brand")


@dataclass(frozen=True)
class SeedReport:
    brand_numbers: range
    creator_numbers: range
    campaigns: int
    seconds: float


class AlreadySeeded(Exception):
    """The database already holds seeded accounts and appending was not asked for."""


async def seed(
    database_url: str,
    plan: SeedPlan,
    *,
    random_seed: int,
    password: str,
    append: bool = False,
    now: datetime | None = None,
    progress: Callable[[str], None] = lambda _: None,
) -> SeedReport:
    """Load ``plan``'s rows in one transaction. The same ``random_seed`` (and numbering) gives the
    same rows; dates are relative to ``now``."""
    started = time.monotonic()
    now = now or datetime.now(UTC)
    password_hash = await hash_password(password)
    connect = psycopg.AsyncConnection.connect(libpq_url(database_url))
    async with await connect as connection, connection.transaction():
        await connection.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK,))
        last_brand, last_creator = await _last_numbers(connection)
        if (last_brand or last_creator) and not append:
            raise AlreadySeeded(
                f"this database already holds seeded accounts (brand1..brand{last_brand}, "
                f"creator1..creator{last_creator} @{DEMO_DOMAIN}); pass --append to add more"
            )
        data = DemoData(random.Random(f"{random_seed}:{last_brand}:{last_creator}"), now)
        async with _step(progress, f"{plan.brands + plan.creators:,} users and profiles"):
            brands = [data.brand(last_brand + index) for index in range(1, plan.brands + 1)]
            creators = [data.creator(last_creator + index) for index in range(1, plan.creators + 1)]
            await _copy(connection, "users", USER_COLUMNS, _users(brands, creators, password_hash))
            await _copy(connection, "brand_profiles", BRAND_COLUMNS, map(_brand_profile, brands))
            await _copy(connection, "creator_profiles", CREATOR_COLUMNS, map(_creator_profile, creators))
        async with _step(progress, f"{plan.campaigns:,} campaigns"):
            await connection.execute(
                sql.SQL("CREATE TEMPORARY TABLE {} (LIKE campaigns INCLUDING DEFAULTS) ON COMMIT DROP").format(
                    sql.Identifier(_STAGING)
                )
            )
            campaigns = _campaigns(data, brands, plan.campaigns)
            await _copy(connection, _STAGING, CAMPAIGN_COLUMNS, campaigns)
        async with _step(progress, "search vectors and indexes"):
            await connection.execute(_insert_from_staging())
        async with _step(progress, "statistics"):
            await connection.execute(
                "ANALYZE users, brand_profiles, creator_profiles, creator_platform_accounts, creator_base_rates,"
                " campaigns"
            )
    return SeedReport(
        brand_numbers=range(last_brand + 1, last_brand + plan.brands + 1),
        creator_numbers=range(last_creator + 1, last_creator + plan.creators + 1),
        campaigns=plan.campaigns,
        seconds=time.monotonic() - started,
    )


async def _last_numbers(connection: psycopg.AsyncConnection[Any]) -> tuple[int, int]:
    """The highest brand and creator numbers seeded so far (0 when none)."""
    cursor = await connection.execute(
        "SELECT role, max(substring(email from '^[a-z]+([0-9]+)@')::int) FROM users"
        " WHERE email LIKE %s AND role IN ('brand', 'creator') GROUP BY role",
        (f"%@{DEMO_DOMAIN}",),
    )
    found = {role: number or 0 for role, number in await cursor.fetchall()}
    return found.get("brand", 0), found.get("creator", 0)


@asynccontextmanager
async def _step(progress: Callable[[str], None], what: str) -> AsyncIterator[None]:
    started = time.monotonic()
    yield
    progress(f"  {what}: {time.monotonic() - started:.1f} s")


async def _copy(
    connection: psycopg.AsyncConnection[Any],
    table_name: str,
    columns: Sequence[str],
    rows: Iterable[Mapping[str, Any]],
) -> None:
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table_name), sql.SQL(", ").join(map(sql.Identifier, columns))
    )
    async with connection.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            await copy.write_row([row[name] for name in columns])


def _insert_from_staging() -> str:
    """``INSERT INTO campaigns … SELECT …, <search document> FROM campaign_seed``."""
    staging = table(_STAGING, *(column(name) for name in CAMPAIGN_COLUMNS))
    document = search_document(staging.c.title, staging.c.niches, staging.c.brief)
    statement = insert(_CAMPAIGNS).from_select(
        [*CAMPAIGN_COLUMNS, "search_vector"], select(*(staging.c[name] for name in CAMPAIGN_COLUMNS), document)
    )
    dialect = PGDialect_psycopg()  # type: ignore[no-untyped-call]
    return str(statement.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))


# Rows


def _users(brands: Sequence[BrandRow], creators: Sequence[CreatorRow], password_hash: str) -> Iterator[dict[str, Any]]:
    accounts: list[tuple[str, BrandRow | CreatorRow]] = [
        *(("brand", brand) for brand in brands),
        *(("creator", creator) for creator in creators),
    ]
    for role, account in accounts:
        yield {
            "id": account.id,
            "email": demo_email(role, account.number),
            "password_hash": password_hash,
            "role": role,
            "status": "active",
            "email_verified_at": account.created_at,
            "created_at": account.created_at,
            "updated_at": account.created_at,
        }


def _brand_profile(brand: BrandRow) -> dict[str, Any]:
    return {
        "user_id": brand.id,
        "company_name": brand.company_name,
        "website": brand.website,
        "industry": brand.industry,
        "country": brand.country.code,
        "updated_at": brand.created_at,
    }


def _creator_profile(creator: CreatorRow) -> dict[str, Any]:
    return {
        "user_id": creator.id,
        "handle": creator.handle,
        "bio": creator.bio,
        "niches": creator.niches,
        "platforms": Jsonb(creator.platforms),
        "country": creator.country,
        "languages": creator.languages,
        "base_rates": Jsonb(creator.base_rates),
        "portfolio_links": creator.portfolio_links,
        "updated_at": creator.created_at,
    }


def _campaigns(data: DemoData, brands: Sequence[BrandRow], count: int) -> Iterator[dict[str, Any]]:
    """``count`` campaigns, generated while they are copied (they never sit in memory together).
    Brands get a long-tailed share: most post a few campaigns, some post hundreds."""
    weights = [data.rng.paretovariate(1.5) for _ in brands]
    for brand in data.rng.choices(brands, weights, k=count):
        yield _campaign_columns(data.campaign(brand))


def _campaign_columns(campaign: CampaignRow) -> dict[str, Any]:
    row = {name: getattr(campaign, name) for name in CampaignRow.__dataclass_fields__}
    return row | {
        "version": 1,
        "deliverables": Jsonb(campaign.deliverables),
        "usage_rights": Jsonb(campaign.usage_rights),
        "slots_filled": 0,
        "updated_at": campaign.published_at or campaign.created_at,
    }
