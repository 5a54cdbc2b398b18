"""Writing campaigns, who may read and edit them, their lifecycle and their versioned terms."""

import uuid
from datetime import timedelta

import httpx
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel import col, update
from sqlmodel.ext.asyncio.session import AsyncSession

from models.base import utcnow
from models.campaigns import Campaign
from tests.api.test_auth import assert_error
from tests.campaign_factories import (
    add_application,
    brand,
    campaign_payload,
    create_campaign,
    in_days,
    move,
    published_campaign,
    set_deadline,
)
from tests.factories import Account, login, register

RANGE = {"type": "range", "min": 10000, "max": 30000, "currency": "usd"}


async def creator(http: httpx.AsyncClient) -> Account:
    return await login(http, await register(http, "creator"))


async def user_id(http: httpx.AsyncClient, account: Account) -> uuid.UUID:
    return uuid.UUID((await http.get("/api/v1/me", headers=account.headers)).json()["id"])


async def test_brand_creates_a_draft_with_defaults(client: httpx.AsyncClient) -> None:
    owner = await brand(client)
    deliverables = [
        {"type": "video", "platform": "tiktok", "count": 2},
        {"type": "story", "platform": "instagram", "count": 1},
        {"type": "photo", "platform": "tiktok", "count": 3, "notes": "flat lay"},
    ]
    campaign = await create_campaign(client, owner, deliverables=deliverables)
    assert campaign["status"] == "draft"
    assert campaign["version"] == 1
    assert campaign["published_at"] is None
    assert campaign["brand_id"] == str(await user_id(client, owner))
    assert campaign["platforms"] == ["instagram", "tiktok"]
    assert campaign["compensation"] == {"type": "fixed", "amount": 25000, "currency": "EUR"}
    assert (campaign["max_revisions"], campaign["review_window_hours"]) == (2, 72)
    assert campaign["usage_rights"] == {
        "paid_ads": False,
        "duration_months": 0,
        "territories": [],
        "raw_footage": False,
    }
    assert campaign["deliverables"][0] == {"type": "video", "platform": "tiktok", "count": 2, "notes": None}


async def test_range_compensation_reads_back_as_a_range(client: httpx.AsyncClient) -> None:
    owner = await brand(client)
    campaign = await create_campaign(client, owner, compensation=RANGE)
    response = await client.get(f"/api/v1/campaigns/{campaign['id']}", headers=owner.headers)
    assert response.json()["compensation"] == {"type": "range", "min": 10000, "max": 30000, "currency": "USD"}


async def test_creator_cannot_create_a_campaign(client: httpx.AsyncClient) -> None:
    account = await creator(client)
    response = await client.post("/api/v1/campaigns", headers=account.headers, json=campaign_payload())
    assert_error(response, 403, "wrong_role")


async def test_float_amount_is_422(client: httpx.AsyncClient) -> None:
    owner = await brand(client)
    body = campaign_payload(compensation={"type": "fixed", "amount": 250.5, "currency": "EUR"})
    error = assert_error(await client.post("/api/v1/campaigns", headers=owner.headers, json=body), 422)
    assert error["details"][0]["field"] == "compensation.fixed.amount"


async def test_range_with_max_below_min_is_422(client: httpx.AsyncClient) -> None:
    owner = await brand(client)
    body = campaign_payload(compensation=RANGE | {"min": 30000, "max": 10000})
    assert_error(await client.post("/api/v1/campaigns", headers=owner.headers, json=body), 422, "validation_error")


async def test_unknown_field_is_422(client: httpx.AsyncClient) -> None:
    owner = await brand(client)
    body = campaign_payload(budget=100)
    error = assert_error(await client.post("/api/v1/campaigns", headers=owner.headers, json=body), 422)
    assert error["details"][0]["field"] == "budget"


async def test_past_or_naive_deadline_is_422(client: httpx.AsyncClient) -> None:
    owner = await brand(client)
    for deadline in (in_days(-1), "2099-01-01T12:00:00"):
        body = campaign_payload(application_deadline=deadline)
        error = assert_error(await client.post("/api/v1/campaigns", headers=owner.headers, json=body), 422)
        assert error["details"][0]["field"] == "application_deadline"


async def test_out_of_range_numbers_are_422(client: httpx.AsyncClient) -> None:
    owner = await brand(client)
    for field, value in [
        ("slots", 0),
        ("delivery_window_days", 366),
        ("max_revisions", 11),
        ("review_window_hours", 23),
    ]:
        body = campaign_payload(**{field: value})
        error = assert_error(await client.post("/api/v1/campaigns", headers=owner.headers, json=body), 422)
        assert error["details"][0]["field"] == field


async def test_publish_opens_the_campaign_and_stamps_published_at(client: httpx.AsyncClient) -> None:
    owner = await brand(client)
    campaign = await published_campaign(client, owner)
    assert campaign["status"] == "open"
    assert campaign["published_at"] is not None


async def test_publishing_after_the_deadline_passed_is_422(
    client: httpx.AsyncClient, db: async_sessionmaker[AsyncSession]
) -> None:
    owner = await brand(client)
    campaign = await create_campaign(client, owner)
    await set_deadline(db, campaign, utcnow() - timedelta(hours=1))
    response = await client.post(f"/api/v1/campaigns/{campaign['id']}/publish", headers=owner.headers)
    assert_error(response, 422, "deadline_passed")


async def test_lifecycle_pause_resume_close_archive(client: httpx.AsyncClient) -> None:
    owner = await brand(client)
    campaign = await published_campaign(client, owner)
    statuses = [(await move(client, owner, campaign, action))["status"] for action in ("pause", "resume", "close")]
    archived = await move(client, owner, campaign, "archive")
    assert [*statuses, archived["status"]] == ["paused", "open", "closed", "archived"]
    assert archived["published_at"] == campaign["published_at"]


async def test_illegal_transitions_are_409(client: httpx.AsyncClient) -> None:
    owner = await brand(client)
    draft = await create_campaign(client, owner)
    opened = await published_campaign(client, owner)
    for campaign, action in [(draft, "pause"), (draft, "close"), (opened, "publish"), (opened, "archive")]:
        response = await client.post(f"/api/v1/campaigns/{campaign['id']}/{action}", headers=owner.headers)
        error = assert_error(response, 409, "invalid_transition")
        assert error["details"] == {"status": campaign["status"], "action": action}


async def test_closed_campaign_cannot_be_reopened_or_edited(client: httpx.AsyncClient) -> None:
    owner = await brand(client)
    campaign = await move(client, owner, await published_campaign(client, owner), "close")
    reopen = await client.post(f"/api/v1/campaigns/{campaign['id']}/resume", headers=owner.headers)
    assert_error(reopen, 409, "invalid_transition")
    edit = await client.patch(f"/api/v1/campaigns/{campaign['id']}", headers=owner.headers, json={"title": "Again"})
    assert_error(edit, 409, "campaign_not_editable")


async def test_owner_edits_only_the_fields_sent(client: httpx.AsyncClient) -> None:
    owner = await brand(client)
    campaign = await create_campaign(client, owner)
    changes = {
        "title": "Autumn serum launch",
        "deliverables": [{"type": "review", "platform": "youtube", "count": 1}],
        "compensation": RANGE,
    }
    response = await client.patch(f"/api/v1/campaigns/{campaign['id']}", headers=owner.headers, json=changes)
    assert response.status_code == 200, response.text
    edited = (await client.get(f"/api/v1/campaigns/{campaign['id']}", headers=owner.headers)).json()
    assert edited["title"] == "Autumn serum launch"
    assert edited["platforms"] == ["youtube"]
    assert edited["compensation"]["type"] == "range"
    assert (edited["brief"], edited["slots"], edited["niches"]) == (campaign["brief"], 3, ["beauty"])


async def test_null_in_an_edit_is_422(client: httpx.AsyncClient) -> None:
    owner = await brand(client)
    campaign = await create_campaign(client, owner)
    response = await client.patch(f"/api/v1/campaigns/{campaign['id']}", headers=owner.headers, json={"title": None})
    assert_error(response, 422, "validation_error")


async def test_another_brand_cannot_edit_or_move_and_sees_404(client: httpx.AsyncClient) -> None:
    campaign = await published_campaign(client, await brand(client))
    other = await brand(client)
    edit = await client.patch(f"/api/v1/campaigns/{campaign['id']}", headers=other.headers, json={"title": "Mine"})
    assert_error(edit, 404, "campaign_not_found")
    close = await client.post(f"/api/v1/campaigns/{campaign['id']}/close", headers=other.headers)
    assert_error(close, 404, "campaign_not_found")


async def test_creator_edit_is_403(client: httpx.AsyncClient) -> None:
    campaign = await published_campaign(client, await brand(client))
    account = await creator(client)
    response = await client.patch(f"/api/v1/campaigns/{campaign['id']}", headers=account.headers, json={"slots": 9})
    assert_error(response, 403, "wrong_role")


async def test_draft_and_archived_campaigns_are_the_owners_alone(client: httpx.AsyncClient) -> None:
    owner = await brand(client)
    draft = await create_campaign(client, owner)
    archived = await move(
        client, owner, await move(client, owner, await published_campaign(client, owner), "close"), "archive"
    )
    account = await creator(client)
    for campaign in (draft, archived):
        assert (await client.get(f"/api/v1/campaigns/{campaign['id']}", headers=owner.headers)).status_code == 200
        response = await client.get(f"/api/v1/campaigns/{campaign['id']}", headers=account.headers)
        assert_error(response, 404, "campaign_not_found")


async def test_others_read_open_paused_and_closed_campaigns(client: httpx.AsyncClient) -> None:
    owner = await brand(client)
    campaign = await published_campaign(client, owner)
    account = await creator(client)
    for action in ("pause", "close"):
        assert (await client.get(f"/api/v1/campaigns/{campaign['id']}", headers=account.headers)).status_code == 200
        await move(client, owner, campaign, action)
    response = await client.get(f"/api/v1/campaigns/{campaign['id']}", headers=account.headers)
    assert response.json()["status"] == "closed"


async def test_unknown_campaign_is_404(client: httpx.AsyncClient) -> None:
    owner = await brand(client)
    assert_error(await client.get(f"/api/v1/campaigns/{uuid.uuid4()}", headers=owner.headers), 404)


async def test_changing_terms_after_applications_bumps_the_version(
    client: httpx.AsyncClient, db: async_sessionmaker[AsyncSession]
) -> None:
    owner = await brand(client)
    campaign = await published_campaign(client, owner)
    await add_application(db, campaign, await user_id(client, await creator(client)))
    for version, change in enumerate(
        [{"compensation": RANGE}, {"max_revisions": 3}, {"usage_rights": {"paid_ads": True}}], start=2
    ):
        response = await client.patch(f"/api/v1/campaigns/{campaign['id']}", headers=owner.headers, json=change)
        assert (response.json()["version"], response.json()["version_bumped"]) == (version, True)


async def test_copy_edits_after_applications_keep_the_version(
    client: httpx.AsyncClient, db: async_sessionmaker[AsyncSession]
) -> None:
    owner = await brand(client)
    campaign = await published_campaign(client, owner)
    await add_application(db, campaign, await user_id(client, await creator(client)))
    change = {"title": "Summer serum launch!", "brief": "Fixed a typo.", "max_revisions": 2}
    response = await client.patch(f"/api/v1/campaigns/{campaign['id']}", headers=owner.headers, json=change)
    assert (response.json()["version"], response.json()["version_bumped"]) == (1, False)


async def test_changing_terms_before_any_application_keeps_the_version(client: httpx.AsyncClient) -> None:
    owner = await brand(client)
    campaign = await published_campaign(client, owner)
    response = await client.patch(
        f"/api/v1/campaigns/{campaign['id']}", headers=owner.headers, json={"compensation": RANGE}
    )
    assert (response.json()["version"], response.json()["version_bumped"]) == (1, False)


async def test_mine_lists_own_campaigns_newest_first_with_application_counts(
    client: httpx.AsyncClient, db: async_sessionmaker[AsyncSession]
) -> None:
    owner = await brand(client)
    first = await published_campaign(client, owner, title="First")
    second = await create_campaign(client, owner, title="Second")
    await create_campaign(client, await brand(client), title="Someone else's")
    await add_application(db, first, await user_id(client, await creator(client)))
    response = await client.get("/api/v1/campaigns/mine", headers=owner.headers)
    items = response.json()["items"]
    assert [(item["id"], item["application_count"]) for item in items] == [(second["id"], 0), (first["id"], 1)]


async def test_mine_pages_through_every_campaign_once(client: httpx.AsyncClient) -> None:
    owner = await brand(client)
    created = {(await create_campaign(client, owner, title=f"Campaign {n}"))["id"] for n in range(5)}
    seen: list[str] = []
    params: dict[str, str | int] = {"limit": 2}
    while True:
        page = (await client.get("/api/v1/campaigns/mine", headers=owner.headers, params=params)).json()
        seen += [item["id"] for item in page["items"]]
        if page["next_cursor"] is None:
            break
        params["cursor"] = page["next_cursor"]
    assert len(seen) == len(set(seen)) == 5
    assert set(seen) == created


async def test_creator_cannot_list_mine(client: httpx.AsyncClient) -> None:
    account = await creator(client)
    assert_error(await client.get("/api/v1/campaigns/mine", headers=account.headers), 403, "wrong_role")


async def test_slots_cannot_drop_below_those_filled(
    client: httpx.AsyncClient, db: async_sessionmaker[AsyncSession]
) -> None:
    owner = await brand(client)
    campaign = await published_campaign(client, owner)
    async with db() as session:
        await session.exec(update(Campaign).where(col(Campaign.id) == uuid.UUID(campaign["id"])).values(slots_filled=2))
        await session.commit()
    response = await client.patch(f"/api/v1/campaigns/{campaign['id']}", headers=owner.headers, json={"slots": 1})
    assert_error(response, 409, "slots_below_filled")
