"""Discovery: full-text ranking, every filter and sort, cursor pagination, and what stays invisible."""

from datetime import timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from api.ranking import RankedMatches
from api.resources import Resources
from api.services import campaigns as campaign_services
from models.base import utcnow
from tests.api.test_auth import assert_error
from tests.campaign_factories import Json, brand, create_campaign, in_days, move, published_campaign, set_deadline
from tests.factories import Account, login, register


def fixed(amount: int, currency: str = "EUR") -> Json:
    return {"type": "fixed", "amount": amount, "currency": currency}


def deliverable(platform: str) -> list[Json]:
    return [{"type": "video", "platform": platform, "count": 1}]


async def search(http: httpx.AsyncClient, account: Account, **params: Any) -> Json:
    response = await http.get("/api/v1/campaigns", headers=account.headers, params=params)
    assert response.status_code == 200, response.text
    page: Json = response.json()
    return page


async def titles(http: httpx.AsyncClient, account: Account, **params: Any) -> list[str]:
    return [item["title"] for item in (await search(http, account, **params))["items"]]


@pytest.fixture
async def owner(client: httpx.AsyncClient) -> Account:
    return await brand(client)


async def test_title_match_outranks_brief_only_match(client: httpx.AsyncClient, owner: Account) -> None:
    await published_campaign(client, owner, title="Morning routine", brief="Our new sunscreen for daily use.")
    await published_campaign(client, owner, title="Sunscreen launch", brief="Show how you apply it.")
    await published_campaign(client, owner, title="Coffee beans", brief="Brew a cup on camera.")
    assert await titles(client, owner, q="sunscreen") == ["Sunscreen launch", "Morning routine"]


async def test_query_matches_niches_and_stemmed_words(client: httpx.AsyncClient, owner: Account) -> None:
    await published_campaign(client, owner, title="Trail mix", niches=["hiking"], brief="Snacks.")
    await published_campaign(client, owner, title="City bike", niches=["cycling"], brief="Commutes.")
    assert await titles(client, owner, q="hikes") == ["Trail mix"]


async def test_web_search_syntax_excludes_words(client: httpx.AsyncClient, owner: Account) -> None:
    await published_campaign(client, owner, title="Vegan protein bar", brief="Snack.")
    await published_campaign(client, owner, title="Whey protein bar", brief="Snack.")
    assert await titles(client, owner, q="protein -whey") == ["Vegan protein bar"]


async def test_platform_filter_matches_any_deliverable(client: httpx.AsyncClient, owner: Account) -> None:
    mixed = deliverable("tiktok") + deliverable("youtube")
    await published_campaign(client, owner, title="Both", deliverables=mixed)
    await published_campaign(client, owner, title="Instagram", deliverables=deliverable("instagram"))
    assert await titles(client, owner, platform="youtube") == ["Both"]


async def test_niche_filter(client: httpx.AsyncClient, owner: Account) -> None:
    await published_campaign(client, owner, title="Skincare", niches=["beauty", "wellness"])
    await published_campaign(client, owner, title="Gadgets", niches=["tech"])
    assert await titles(client, owner, niche="wellness") == ["Skincare"]


async def test_pay_filters_keep_overlapping_price_ranges(client: httpx.AsyncClient, owner: Account) -> None:
    await published_campaign(client, owner, title="Low", compensation=fixed(5000))
    ranged = {"type": "range", "min": 10000, "max": 40000, "currency": "EUR"}
    await published_campaign(client, owner, title="Range", compensation=ranged)
    await published_campaign(client, owner, title="High", compensation=fixed(90000))
    assert await titles(client, owner, min_pay=30000, max_pay=50000) == ["Range"]
    assert sorted(await titles(client, owner, min_pay=20000)) == ["High", "Range"]
    assert sorted(await titles(client, owner, max_pay=10000)) == ["Low", "Range"]


async def test_currency_filter(client: httpx.AsyncClient, owner: Account) -> None:
    await published_campaign(client, owner, title="Euros", compensation=fixed(5000, "EUR"))
    await published_campaign(client, owner, title="Dollars", compensation=fixed(5000, "USD"))
    assert await titles(client, owner, currency="usd") == ["Dollars"]


async def test_country_filter_includes_worldwide_campaigns(client: httpx.AsyncClient, owner: Account) -> None:
    await published_campaign(client, owner, title="France", target_countries=["FR", "BE"])
    await published_campaign(client, owner, title="Germany", target_countries=["DE"])
    await published_campaign(client, owner, title="Worldwide", target_countries=[])
    assert sorted(await titles(client, owner, country="be")) == ["France", "Worldwide"]


async def test_language_filter_includes_campaigns_without_languages(client: httpx.AsyncClient, owner: Account) -> None:
    await published_campaign(client, owner, title="Spanish", target_languages=["es"])
    await published_campaign(client, owner, title="English", target_languages=["en"])
    await published_campaign(client, owner, title="Any", target_languages=[])
    assert sorted(await titles(client, owner, language="ES")) == ["Any", "Spanish"]


async def test_deadline_filters(client: httpx.AsyncClient, owner: Account) -> None:
    for days in (3, 10, 30):
        await published_campaign(client, owner, title=f"{days} days", application_deadline=in_days(days))
    assert await titles(client, owner, deadline_after=in_days(5), deadline_before=in_days(20)) == ["10 days"]


async def test_newest_is_the_default_sort(client: httpx.AsyncClient, owner: Account) -> None:
    for title in ("Old", "Middle", "New"):
        await published_campaign(client, owner, title=title)
    assert await titles(client, owner) == ["New", "Middle", "Old"]


async def test_deadline_sort_puts_the_soonest_first(client: httpx.AsyncClient, owner: Account) -> None:
    for days in (20, 2, 9):
        await published_campaign(client, owner, title=f"{days} days", application_deadline=in_days(days))
    assert await titles(client, owner, sort="deadline") == ["2 days", "9 days", "20 days"]


async def test_pay_sort_puts_the_highest_maximum_first(client: httpx.AsyncClient, owner: Account) -> None:
    await published_campaign(client, owner, title="Fixed", compensation=fixed(30000))
    ranged = {"type": "range", "min": 1000, "max": 50000, "currency": "EUR"}
    await published_campaign(client, owner, title="Range", compensation=ranged)
    await published_campaign(client, owner, title="Small", compensation=fixed(100))
    assert await titles(client, owner, sort="pay") == ["Range", "Fixed", "Small"]


async def test_query_with_another_sort_keeps_that_order(client: httpx.AsyncClient, owner: Account) -> None:
    await published_campaign(client, owner, title="Serum cheap", compensation=fixed(100))
    await published_campaign(client, owner, title="Serum", brief="Serum serum serum.", compensation=fixed(900))
    await published_campaign(client, owner, title="Coffee", brief="Beans.", compensation=fixed(500))
    assert await titles(client, owner, q="serum", sort="pay") == ["Serum", "Serum cheap"]
    assert await titles(client, owner, q="serum", sort="newest") == ["Serum", "Serum cheap"]


@pytest.mark.parametrize(
    "params",
    [{}, {"sort": "deadline"}, {"sort": "pay"}, {"q": "serum"}],
    ids=["newest", "deadline", "pay", "relevance"],
)
async def test_cursor_pages_cover_every_campaign_once(
    client: httpx.AsyncClient, owner: Account, params: dict[str, Any]
) -> None:
    created = set()
    for n in range(7):
        campaign = await published_campaign(
            client,
            owner,
            title=f"Serum {n}",
            brief="serum " * (n % 3 + 1),
            compensation=fixed(1000 * (n % 2)),
            application_deadline=in_days(5 + n % 3),
        )
        created.add(campaign["id"])
    seen: list[str] = []
    page = await search(client, owner, limit=3, **params)
    while True:
        seen += [item["id"] for item in page["items"]]
        if page["next_cursor"] is None:
            break
        page = await search(client, owner, limit=3, cursor=page["next_cursor"], **params)
    assert len(seen) == len(set(seen)) == 7
    assert set(seen) == created


async def test_drafts_paused_closed_and_past_deadline_campaigns_are_not_discoverable(
    client: httpx.AsyncClient, owner: Account, db: async_sessionmaker[AsyncSession]
) -> None:
    await create_campaign(client, owner, title="Draft")
    await move(client, owner, await published_campaign(client, owner, title="Paused"), "pause")
    await move(client, owner, await published_campaign(client, owner, title="Closed"), "close")
    expired = await published_campaign(client, owner, title="Expired")
    await set_deadline(db, expired, utcnow() - timedelta(minutes=1))
    await published_campaign(client, owner, title="Open")
    assert await titles(client, owner) == ["Open"]


async def test_creators_can_search(client: httpx.AsyncClient, owner: Account) -> None:
    await published_campaign(client, owner, title="Open")
    creator = await login(client, await register(client, "creator"))
    assert await titles(client, creator) == ["Open"]


async def test_search_needs_sign_in(client: httpx.AsyncClient) -> None:
    assert_error(await client.get("/api/v1/campaigns"), 401)


@pytest.mark.parametrize(
    "params",
    [
        {"min_pay": "1.5"},
        {"min_pay": 500, "max_pay": 100},
        {"sort": "relevance"},
        {"sort": "cheapest"},
        {"platform": "myspace"},
        {"country": "France"},
        {"deadline_before": "2030-01-01T00:00:00"},
        {"limit": 101},
        {"colour": "red"},
    ],
)
async def test_bad_filters_are_422(client: httpx.AsyncClient, owner: Account, params: dict[str, Any]) -> None:
    response = await client.get("/api/v1/campaigns", headers=owner.headers, params=params)
    assert_error(response, 422, "validation_error")


@pytest.mark.parametrize("cursor", ["garbage!", "bm90IGpzb24", "WzFd", "WyJwYXkiLCAiYSIsICJiIl0="])
async def test_garbage_cursor_is_400(client: httpx.AsyncClient, owner: Account, cursor: str) -> None:
    response = await client.get("/api/v1/campaigns", headers=owner.headers, params={"cursor": cursor, "sort": "pay"})
    assert_error(response, 400, "invalid_cursor")


async def test_cursor_from_another_sort_is_400(client: httpx.AsyncClient, owner: Account) -> None:
    for title in ("A", "B"):
        await published_campaign(client, owner, title=title)
    cursor = (await search(client, owner, limit=1))["next_cursor"]
    response = await client.get("/api/v1/campaigns", headers=owner.headers, params={"cursor": cursor, "sort": "pay"})
    assert_error(response, 400, "invalid_cursor")


async def test_relevance_pages_through_one_ranking_and_skips_campaigns_closed_since(
    client: httpx.AsyncClient, owner: Account
) -> None:
    created = [
        await published_campaign(client, owner, title=f"Kombucha {n}", brief="kombucha " * (n + 1)) for n in range(5)
    ]
    first = await search(client, owner, q="kombucha", limit=2)
    assert [item["title"] for item in first["items"]] == ["Kombucha 4", "Kombucha 3"]
    await move(client, owner, created[2], "close")  # on the next page of the ranking already made
    rest = await search(client, owner, q="kombucha", limit=2, cursor=first["next_cursor"])
    assert [item["title"] for item in rest["items"]] == ["Kombucha 1", "Kombucha 0"]
    assert rest["next_cursor"] is None


async def test_a_campaign_published_after_a_search_joins_it_when_the_ranking_expires(
    client: httpx.AsyncClient, owner: Account, resources: Resources
) -> None:
    now = [0.0]
    resources.ranked = RankedMatches(ttl_seconds=30, clock=lambda: now[0])
    await published_campaign(client, owner, title="Kefir one", brief="Kefir.")
    assert await titles(client, owner, q="kefir") == ["Kefir one"]
    await published_campaign(client, owner, title="Kefir two", brief="Kefir kefir.")
    now[0] = 29.9
    assert await titles(client, owner, q="kefir") == ["Kefir one"]
    now[0] = 30.0
    assert await titles(client, owner, q="kefir") == ["Kefir two", "Kefir one"]


async def test_relevance_stops_at_the_ranked_matches(
    client: httpx.AsyncClient, owner: Account, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(campaign_services, "RANKED_MATCHES", 3)
    for n in range(5):
        await published_campaign(client, owner, title=f"Matcha {n}", brief="matcha " * (n + 1))
    first = await search(client, owner, q="matcha", limit=2)
    rest = await search(client, owner, q="matcha", limit=2, cursor=first["next_cursor"])
    assert [item["title"] for item in first["items"] + rest["items"]] == ["Matcha 4", "Matcha 3", "Matcha 2"]
    assert rest["next_cursor"] is None
    assert len(await titles(client, owner, q="matcha", sort="newest", limit=10)) == 5
