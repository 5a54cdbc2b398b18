"""The creator directory brands browse, its filters and paging, and public creator profiles."""

from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel import col, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from api.security import hash_password
from models.base import utcnow
from models.users import CreatorProfile, Role, User, UserStatus
from tests.api.test_auth import assert_error
from tests.campaign_factories import Json, brand
from tests.factories import PASSWORD, Account, login, register, unique_email


async def creator(http: httpx.AsyncClient, **profile: Any) -> Account:
    """A signed-in creator whose profile holds ``profile``."""
    account = await login(http, await register(http, "creator"))
    if profile:
        response = await http.patch("/api/v1/me", headers=account.headers, json={"creator_profile": profile})
        assert response.status_code == 200, response.text
    return account


def accounts(*pairs: tuple[str, int]) -> list[Json]:
    return [{"platform": platform, "handle": f"@{platform}", "followers": followers} for platform, followers in pairs]


async def handles(http: httpx.AsyncClient, account: Account, **params: Any) -> list[str]:
    response = await http.get("/api/v1/creators", headers=account.headers, params=params)
    assert response.status_code == 200, response.text
    return [item["handle"] for item in response.json()["items"]]


@pytest.fixture
async def viewer(client: httpx.AsyncClient) -> Account:
    return await brand(client)


async def test_only_creators_with_a_handle_are_listed(client: httpx.AsyncClient, viewer: Account) -> None:
    await creator(client, handle="with_handle", bio="Hi")
    await creator(client, bio="No handle yet")
    await creator(client)
    assert await handles(client, viewer) == ["with_handle"]


async def test_listing_shows_the_public_profile(client: httpx.AsyncClient, viewer: Account) -> None:
    profile = {
        "handle": "sunny.makes",
        "bio": "Skincare and slow living.",
        "niches": ["beauty"],
        "platforms": accounts(("tiktok", 48200), ("instagram", 1800)),
        "country": "FR",
        "languages": ["fr", "en"],
        "base_rates": [{"deliverable": "video", "amount": 25000, "currency": "EUR"}],
        "portfolio_links": ["https://example.com/reel/1"],
    }
    await creator(client, **profile)
    [item] = (await client.get("/api/v1/creators", headers=viewer.headers)).json()["items"]
    assert set(item) == {*profile, "id", "total_followers"}
    assert item["total_followers"] == 50000
    assert item["base_rates"] == profile["base_rates"]


async def test_suspended_creators_are_not_listed(
    client: httpx.AsyncClient, viewer: Account, db: async_sessionmaker[AsyncSession]
) -> None:
    await creator(client, handle="active_one")
    await creator(client, handle="suspended_one")
    suspended = select(CreatorProfile.user_id).where(CreatorProfile.handle == "suspended_one")
    async with db() as session:
        await session.exec(update(User).where(col(User.id).in_(suspended)).values(status=UserStatus.suspended))
        await session.commit()
    assert await handles(client, viewer) == ["active_one"]


async def test_creators_cannot_browse_the_directory(client: httpx.AsyncClient) -> None:
    account = await creator(client, handle="curious")
    assert_error(await client.get("/api/v1/creators", headers=account.headers), 403, "wrong_role")


async def test_admins_can_browse_the_directory(client: httpx.AsyncClient, db: async_sessionmaker[AsyncSession]) -> None:
    await creator(client, handle="listed")
    email = unique_email("admin")
    async with db() as session:
        session.add(
            User(email=email, password_hash=await hash_password(PASSWORD), role=Role.admin, email_verified_at=utcnow())
        )
        await session.commit()
    admin = await login(client, Account(email=email, password=PASSWORD, role="admin"))
    assert await handles(client, admin) == ["listed"]


async def test_text_query_matches_handle_bio_or_niche(client: httpx.AsyncClient, viewer: Account) -> None:
    await creator(client, handle="coffee_kate")
    await creator(client, handle="bean_bob", bio="Home barista, COFFEE every morning.")
    await creator(client, handle="nina", niches=["coffee culture"])
    await creator(client, handle="tea_tom", bio="Tea only.")
    assert await handles(client, viewer, q="Coffee") == ["bean_bob", "coffee_kate", "nina"]


async def test_text_query_treats_wildcards_literally(client: httpx.AsyncClient, viewer: Account) -> None:
    await creator(client, handle="under_score")
    await creator(client, handle="underscore")
    assert await handles(client, viewer, q="r_") == ["under_score"]


async def test_niche_filter(client: httpx.AsyncClient, viewer: Account) -> None:
    await creator(client, handle="gamer", niches=["gaming", "tech"])
    await creator(client, handle="chef", niches=["food"])
    assert await handles(client, viewer, niche="tech") == ["gamer"]


async def test_platform_filter(client: httpx.AsyncClient, viewer: Account) -> None:
    await creator(client, handle="tiktoker", platforms=accounts(("tiktok", 100)))
    await creator(client, handle="youtuber", platforms=accounts(("youtube", 100)))
    assert await handles(client, viewer, platform="youtube") == ["youtuber"]


async def test_follower_bounds_apply_to_one_account(client: httpx.AsyncClient, viewer: Account) -> None:
    await creator(client, handle="small", platforms=accounts(("tiktok", 900), ("instagram", 800)))
    await creator(client, handle="medium", platforms=accounts(("tiktok", 5000)))
    await creator(client, handle="large", platforms=accounts(("youtube", 90000)))
    assert await handles(client, viewer, min_followers=1000, max_followers=10000) == ["medium"]
    assert await handles(client, viewer, min_followers=1000) == ["large", "medium"]
    assert await handles(client, viewer, max_followers=1000) == ["small"]


async def test_follower_bounds_with_platform_use_that_platforms_account(
    client: httpx.AsyncClient, viewer: Account
) -> None:
    await creator(client, handle="big_on_youtube", platforms=accounts(("tiktok", 50), ("youtube", 50000)))
    await creator(client, handle="big_on_tiktok", platforms=accounts(("tiktok", 50000)))
    assert await handles(client, viewer, platform="tiktok", min_followers=10000) == ["big_on_tiktok"]


async def test_country_and_language_filters(client: httpx.AsyncClient, viewer: Account) -> None:
    await creator(client, handle="paris", country="FR", languages=["fr", "en"])
    await creator(client, handle="berlin", country="DE", languages=["de", "en"])
    assert await handles(client, viewer, country="fr") == ["paris"]
    assert await handles(client, viewer, language="EN") == ["berlin", "paris"]
    assert await handles(client, viewer, language="de") == ["berlin"]


async def test_max_rate_needs_a_rate_in_that_currency_at_or_below_it(
    client: httpx.AsyncClient, viewer: Account
) -> None:
    def rate(amount: int, currency: str) -> Json:
        return {"deliverable": "video", "amount": amount, "currency": currency}

    await creator(client, handle="cheap_eur", base_rates=[rate(90000, "EUR"), rate(10000, "EUR")])
    await creator(client, handle="pricey_eur", base_rates=[rate(90000, "EUR")])
    await creator(client, handle="cheap_usd", base_rates=[rate(10000, "USD")])
    assert await handles(client, viewer, max_rate=20000, currency="EUR") == ["cheap_eur"]


async def test_filters_follow_a_profile_as_it_changes(client: httpx.AsyncClient, viewer: Account) -> None:
    """The accounts and rates the filters read are copies PostgreSQL keeps; edits reach them."""
    account = await creator(
        client,
        handle="grower",
        bio="Knits socks.",
        platforms=accounts(("tiktok", 900)),
        base_rates=[{"deliverable": "video", "amount": 5000, "currency": "EUR"}],
    )
    assert await handles(client, viewer, platform="tiktok", min_followers=1000) == []
    assert await handles(client, viewer, q="scarves") == []
    edit = {
        "bio": "Knits SCARVES now.",
        "platforms": accounts(("tiktok", 12000)),
        "base_rates": [{"deliverable": "video", "amount": 15000, "currency": "EUR"}],
    }
    response = await client.patch("/api/v1/me", headers=account.headers, json={"creator_profile": edit})
    assert response.status_code == 200, response.text
    assert await handles(client, viewer, platform="tiktok", min_followers=1000) == ["grower"]
    assert await handles(client, viewer, q="Scarves") == ["grower"]
    assert await handles(client, viewer, max_rate=10000, currency="EUR") == []
    assert await handles(client, viewer, max_rate=15000, currency="EUR") == ["grower"]


async def test_pages_cover_every_creator_once(client: httpx.AsyncClient, viewer: Account) -> None:
    for n in range(5):
        await creator(client, handle=f"creator_{n}")
    seen: list[str] = []
    params: dict[str, Any] = {"limit": 2}
    while True:
        page = (await client.get("/api/v1/creators", headers=viewer.headers, params=params)).json()
        seen += [item["handle"] for item in page["items"]]
        if page["next_cursor"] is None:
            break
        params["cursor"] = page["next_cursor"]
    assert seen == [f"creator_{n}" for n in range(5)]


@pytest.mark.parametrize(
    "params",
    [{"max_rate": 100}, {"min_followers": 10, "max_followers": 5}, {"platform": "myspace"}, {"language": "english"}],
)
async def test_bad_filters_are_422(client: httpx.AsyncClient, viewer: Account, params: dict[str, Any]) -> None:
    response = await client.get("/api/v1/creators", headers=viewer.headers, params=params)
    assert_error(response, 422, "validation_error")


async def test_garbage_cursor_is_400(client: httpx.AsyncClient, viewer: Account) -> None:
    response = await client.get("/api/v1/creators", headers=viewer.headers, params={"cursor": "WzEsIDJd"})
    assert_error(response, 400, "invalid_cursor")


async def test_anyone_signed_in_reads_a_creator_profile(client: httpx.AsyncClient) -> None:
    await creator(client, handle="open_book", platforms=accounts(("tiktok", 10), ("youtube", 5)))
    reader = await creator(client)
    response = await client.get("/api/v1/creators/open_book", headers=reader.headers)
    assert response.status_code == 200, response.text
    assert (response.json()["handle"], response.json()["total_followers"]) == ("open_book", 15)


async def test_unknown_handle_is_404(client: httpx.AsyncClient, viewer: Account) -> None:
    assert_error(await client.get("/api/v1/creators/nobody_here", headers=viewer.headers), 404, "creator_not_found")
