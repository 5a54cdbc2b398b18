"""`collabmarket seed`: demo data that signs in, searches, and is never loaded twice by accident.

The seed commits (it uses its own connection and COPY), so the module seeds once and deletes
every seeded account afterwards; deleting users cascades to their profiles and campaigns."""

import random
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import httpx
import psycopg
import pytest

from core.demo_data import DEMO_DOMAIN, DEMO_PASSWORD, DemoData, demo_email
from core.seed import AlreadySeeded, SeedPlan, SeedReport, seed
from tests.core.test_cli import run_cli

PLAN = SeedPlan(brands=5, creators=20, campaigns=50)


def delete_seeded(database_url: str) -> None:
    with psycopg.connect(database_url) as connection:
        connection.execute("DELETE FROM users WHERE email LIKE %s", (f"%@{DEMO_DOMAIN}",))


@pytest.fixture(scope="module")
async def seeded(database_url: str) -> AsyncIterator[SeedReport]:
    delete_seeded(database_url)
    try:
        yield await seed(database_url, PLAN, random_seed=7, password=DEMO_PASSWORD)
    finally:
        delete_seeded(database_url)


def one(database_url: str, query: str, *params: object) -> tuple[Any, ...]:
    with psycopg.connect(database_url) as connection:
        row = connection.execute(query, params).fetchone()
    assert row is not None
    return tuple(row)


async def sign_in(client: httpx.AsyncClient, role: str, number: int = 1) -> dict[str, str]:
    response = await client.post(
        "/api/v1/auth/login", json={"email": demo_email(role, number), "password": DEMO_PASSWORD}
    )
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def test_seed_loads_verified_accounts_profiles_and_searchable_campaigns(seeded: SeedReport, database_url: str) -> None:
    domain = f"%@{DEMO_DOMAIN}"
    users = one(
        database_url,
        "SELECT count(*) FILTER (WHERE role = 'brand'), count(*) FILTER (WHERE role = 'creator'),"
        " count(*) FILTER (WHERE email_verified_at IS NULL), count(DISTINCT password_hash) FROM users"
        " WHERE email LIKE %s",
        domain,
    )
    assert users == (5, 20, 0, 1)
    profiles = one(
        database_url,
        "SELECT (SELECT count(*) FROM brand_profiles b JOIN users u ON u.id = b.user_id WHERE u.email LIKE %s),"
        " (SELECT count(*) FROM creator_profiles c JOIN users u ON u.id = c.user_id"
        "  WHERE u.email LIKE %s AND c.handle IS NOT NULL AND jsonb_array_length(c.platforms) > 0)",
        domain,
        domain,
    )
    assert profiles == (5, 20)
    campaigns = one(
        database_url,
        "SELECT count(*), count(c.search_vector), count(*) FILTER (WHERE c.status = 'open') FROM campaigns c"
        " JOIN users u ON u.id = c.brand_id WHERE u.email LIKE %s",
        domain,
    )
    assert campaigns[:2] == (50, 50)
    assert campaigns[2] > 25  # mostly open
    assert (seeded.brand_numbers, seeded.creator_numbers) == (range(1, 6), range(1, 21))


async def test_a_seeded_creator_signs_in_with_the_demo_password(seeded: SeedReport, client: httpx.AsyncClient) -> None:
    headers = await sign_in(client, "creator", 20)
    me = (await client.get("/api/v1/me", headers=headers)).json()
    assert (me["role"], me["email_verified"]) == ("creator", True)
    assert me["creator_profile"]["handle"].endswith("20")


async def test_a_seeded_open_campaign_is_found_by_its_title(
    seeded: SeedReport, client: httpx.AsyncClient, database_url: str
) -> None:
    campaign_id, title = one(
        database_url,
        "SELECT c.id, c.title FROM campaigns c JOIN users u ON u.id = c.brand_id"
        " WHERE u.email LIKE %s AND c.status = 'open' ORDER BY c.id LIMIT 1",
        f"%@{DEMO_DOMAIN}",
    )
    headers = await sign_in(client, "creator")
    response = await client.get("/api/v1/campaigns", params={"q": title, "limit": 100}, headers=headers)
    assert response.status_code == 200, response.text
    assert str(campaign_id) in [item["id"] for item in response.json()["items"]]


async def test_a_seeded_creator_is_found_in_the_directory(
    seeded: SeedReport, client: httpx.AsyncClient, database_url: str
) -> None:
    (handle,) = one(
        database_url,
        "SELECT c.handle FROM creator_profiles c JOIN users u ON u.id = c.user_id WHERE u.email = %s",
        demo_email("creator", 3),
    )
    headers = await sign_in(client, "brand")
    response = await client.get("/api/v1/creators", params={"q": handle}, headers=headers)
    assert handle in [item["handle"] for item in response.json()["items"]]


async def test_seeding_a_seeded_database_again_is_refused(seeded: SeedReport, database_url: str) -> None:
    with pytest.raises(AlreadySeeded, match="--append"):
        await seed(database_url, SeedPlan(1, 1, 1), random_seed=7, password=DEMO_PASSWORD)


def test_the_command_refuses_a_seeded_database_with_a_clear_message(seeded: SeedReport, database_url: str) -> None:
    result = run_cli("seed", "--brands", "1", "--creators", "1", "--campaigns", "1", database_url=database_url)
    assert result.returncode == 1
    assert "already holds seeded accounts" in result.stderr
    assert "--append" in result.stderr


async def test_appending_numbers_new_accounts_after_the_existing_ones(seeded: SeedReport, database_url: str) -> None:
    report = await seed(database_url, SeedPlan(1, 2, 3), random_seed=7, password=DEMO_PASSWORD, append=True)
    emails = [demo_email("brand", 6), demo_email("creator", 21), demo_email("creator", 22)]
    try:
        assert (report.brand_numbers, report.creator_numbers) == (range(6, 7), range(21, 23))
        assert one(database_url, "SELECT count(*) FROM users WHERE email = ANY(%s)", emails) == (3,)
    finally:
        with psycopg.connect(database_url) as connection:
            connection.execute("DELETE FROM users WHERE email = ANY(%s)", (emails,))


def test_the_same_seed_generates_the_same_data() -> None:
    now = datetime(2026, 1, 1, tzinfo=UTC)
    first, second = DemoData(random.Random("7:0:0"), now), DemoData(random.Random("7:0:0"), now)
    brand = first.brand(1)
    assert brand == second.brand(1)
    assert first.creator(1) == second.creator(1)
    assert first.campaign(brand) == second.campaign(brand)
