"""Reading and editing one's own profile."""

import httpx

from tests.api.test_auth import assert_error
from tests.factories import login, register, verified_user
from tests.servers import Mailbox

CREATOR_PROFILE = {
    "handle": "sunny.makes",
    "bio": "Skincare and slow living.",
    "niches": ["beauty", "lifestyle"],
    "platforms": [{"platform": "tiktok", "handle": "@sunny", "followers": 48200}],
    "country": "fr",
    "languages": ["FR", "en"],
    "base_rates": [{"deliverable": "video", "amount": 25000, "currency": "eur"}],
    "portfolio_links": ["https://example.com/reel/1"],
}


async def test_creator_edits_profile_and_reads_it_back(client: httpx.AsyncClient, mailbox: Mailbox) -> None:
    creator = await verified_user(client, mailbox, "creator")
    response = await client.patch("/api/v1/me", headers=creator.headers, json={"creator_profile": CREATOR_PROFILE})
    assert response.status_code == 200, response.text
    profile = (await client.get("/api/v1/me", headers=creator.headers)).json()["creator_profile"]
    assert profile["handle"] == "sunny.makes"
    assert profile["country"] == "FR"
    assert profile["languages"] == ["fr", "en"]
    assert profile["base_rates"] == [{"deliverable": "video", "amount": 25000, "currency": "EUR"}]
    assert profile["platforms"][0]["followers"] == 48200
    assert profile["portfolio_links"] == ["https://example.com/reel/1"]


async def test_partial_update_keeps_other_fields(client: httpx.AsyncClient) -> None:
    brand = await login(client, await register(client, "brand"))
    first = {"company_name": "Glow Labs", "website": "https://glow.example", "country": "US"}
    await client.patch("/api/v1/me", headers=brand.headers, json={"brand_profile": first})
    response = await client.patch("/api/v1/me", headers=brand.headers, json={"brand_profile": {"industry": "Beauty"}})
    assert response.json()["brand_profile"] == {
        "company_name": "Glow Labs",
        "website": "https://glow.example/",
        "industry": "Beauty",
        "logo_url": None,
        "country": "US",
    }


async def test_brand_cannot_write_a_creator_profile(client: httpx.AsyncClient) -> None:
    brand = await login(client, await register(client, "brand"))
    response = await client.patch("/api/v1/me", headers=brand.headers, json={"creator_profile": {"bio": "hi"}})
    assert_error(response, 422, "profile_role_mismatch")


async def test_handle_taken_is_409(client: httpx.AsyncClient) -> None:
    first = await login(client, await register(client))
    second = await login(client, await register(client))
    body = {"creator_profile": {"handle": "same_handle"}}
    assert (await client.patch("/api/v1/me", headers=first.headers, json=body)).status_code == 200
    assert (await client.patch("/api/v1/me", headers=first.headers, json=body)).status_code == 200
    assert_error(await client.patch("/api/v1/me", headers=second.headers, json=body), 409, "handle_taken")


async def test_invalid_profile_fields_are_422_with_field_details(client: httpx.AsyncClient) -> None:
    creator = await login(client, await register(client))
    cases = [
        {"country": "France"},
        {"handle": "Has Spaces"},
        {"base_rates": [{"deliverable": "video", "amount": 12.5, "currency": "USD"}]},
        {"platforms": [{"platform": "myspace", "handle": "x", "followers": 1}]},
        {"portfolio_links": ["javascript:alert(1)"]},
        {"niches": ["n"] * 11},
        {"unknown": "field"},
    ]
    for fields in cases:
        response = await client.patch("/api/v1/me", headers=creator.headers, json={"creator_profile": fields})
        error = assert_error(response, 422, "validation_error")
        assert isinstance(error["details"], list) and error["details"][0]["field"].startswith("creator_profile")
    me = (await client.get("/api/v1/me", headers=creator.headers)).json()
    assert me["creator_profile"]["country"] is None


async def test_empty_update_is_422(client: httpx.AsyncClient) -> None:
    creator = await login(client, await register(client))
    assert_error(await client.patch("/api/v1/me", headers=creator.headers, json={}), 422, "validation_error")
