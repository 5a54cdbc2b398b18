"""Applications over HTTP, through a real worker on the Temporal dev server.

These tests commit their data (the workflow's projection writes from its own
connections), so each creates its own users and campaigns.
"""

import asyncio

import httpx

from tests.api.applications import apply, apply_to, settled
from tests.api.test_auth import assert_error
from tests.campaign_factories import brand, published_campaign
from tests.factories import login, register
from tests.servers import Mailbox


async def test_brand_counters_and_creator_accepts(live: httpx.AsyncClient, mailbox: Mailbox) -> None:
    application, owner, creator = await apply(live, mailbox)
    path = f"/api/v1/collaborations/{application['id']}"
    countered = await live.post(f"{path}/counter", headers=owner.headers, json={"price": 25000})
    assert countered.status_code == 200, countered.text
    assert countered.json()["pending_offer_by"] == "brand"
    offers = (await live.get(path, headers=creator.headers)).json()["offers"]
    assert [(offer["by"], offer["price"]) for offer in offers] == [("creator", 30000), ("brand", 25000)]
    accepted = await live.post(f"{path}/accept-counter", headers=creator.headers)
    assert accepted.status_code == 200, accepted.text
    assert (accepted.json()["status"], accepted.json()["price"]) == ("accepted", 25000)
    assert [offer["price"] for offer in accepted.json()["offers"]] == [30000, 25000]
    mine = await live.get("/api/v1/collaborations", params={"role": "creator"}, headers=creator.headers)
    assert [item["status"] in {"accepted", "awaiting_funding"} for item in mine.json()["items"]] == [True]


async def test_decisions_are_authorised(live: httpx.AsyncClient, mailbox: Mailbox) -> None:
    application, owner, creator = await apply(live, mailbox)
    path = f"/api/v1/collaborations/{application['id']}"
    stranger = await login(live, await register(live, "brand"))
    assert_error(await live.get(path, headers=stranger.headers), 404)
    assert_error(await live.post(f"{path}/accept", headers=stranger.headers), 404)
    assert_error(await live.post(f"{path}/accept", headers=creator.headers), 403, "wrong_party")
    assert (await live.post(f"{path}/accept", headers=owner.headers)).status_code == 200
    assert_error(await live.post(f"{path}/accept", headers=owner.headers), 409)


async def test_one_application_per_creator_per_campaign(live: httpx.AsyncClient, mailbox: Mailbox) -> None:
    application, _, creator = await apply(live, mailbox)
    body = {"pitch": "Second try at the same brief.", "price": 1000, "currency": application["currency"]}
    again = await live.post(
        f"/api/v1/campaigns/{application['campaign_id']}/applications",
        headers=creator.headers,
        json=body,
    )
    assert_error(again, 409, "already_applied")


async def test_closing_the_campaign_declines_pending_applications(live: httpx.AsyncClient, mailbox: Mailbox) -> None:
    application, owner, creator = await apply(live, mailbox)
    closed = await live.post(f"/api/v1/campaigns/{application['campaign_id']}/close", headers=owner.headers)
    assert closed.status_code == 200, closed.text
    detail = await settled(live, creator, application, lambda detail: detail["status"] == "rejected")
    assert detail["events"][-1]["data"]["reason"] == "The brand closed this campaign."


async def test_changing_terms_tells_pending_applicants(live: httpx.AsyncClient, mailbox: Mailbox) -> None:
    application, owner, creator = await apply(live, mailbox)
    edit = {"compensation": {"type": "fixed", "amount": 20000, "currency": "EUR"}, "max_revisions": 3}
    edited = await live.patch(f"/api/v1/campaigns/{application['campaign_id']}", headers=owner.headers, json=edit)
    assert edited.status_code == 200, edited.text
    assert (edited.json()["version"], edited.json()["version_bumped"]) == (2, True)

    detail = await settled(live, creator, application, lambda detail: detail["campaign_version"] == 2)
    assert detail["status"] == "applied"
    assert detail["events"][-1]["type"] == "terms_changed"
    assert detail["events"][-1]["data"] == {"version": 2, "terms": "pay, revisions"}
    title = application["campaign_title"]
    for _ in range(50):
        if mailbox.to(creator.email)[-1]["Subject"] == f"The terms of {title} changed":
            break
        await asyncio.sleep(0.1)
    assert mailbox.to(creator.email)[-1]["Subject"] == f"The terms of {title} changed"


async def test_two_tabs_accepting_the_last_slot_fill_it_once(live: httpx.AsyncClient, mailbox: Mailbox) -> None:
    owner = await brand(live)
    campaign = await published_campaign(live, owner, slots=1)
    (first, first_creator), (second, second_creator) = [await apply_to(live, mailbox, campaign) for _ in range(2)]

    answers = await asyncio.gather(
        *(live.post(f"/api/v1/collaborations/{app['id']}/accept", headers=owner.headers) for app in (first, second))
    )

    assert sorted(answer.status_code for answer in answers) == [200, 409], [answer.text for answer in answers]
    [lost] = [answer for answer in answers if answer.status_code == 409]
    assert_error(lost, 409, "invalid_state")
    stored = (await live.get(f"/api/v1/campaigns/{campaign['id']}", headers=owner.headers)).json()
    assert (stored["slots"], stored["slots_filled"]) == (1, 1)
    outcomes = [
        await settled(live, account, app, lambda detail: detail["status"] != "applied")
        for app, account in ((first, first_creator), (second, second_creator))
    ]
    won = {"accepted", "awaiting_funding"}  # the winner goes on to ask the brand for the money
    assert sorted(detail["status"] in won for detail in outcomes) == [False, True]
    assert {detail["status"] for detail in outcomes} - won == {"rejected"}


async def test_two_tabs_accepting_the_same_application_accept_it_once(
    live: httpx.AsyncClient, mailbox: Mailbox
) -> None:
    application, owner, _ = await apply(live, mailbox)
    path = f"/api/v1/collaborations/{application['id']}/accept"

    answers = await asyncio.gather(live.post(path, headers=owner.headers), live.post(path, headers=owner.headers))

    assert sorted(answer.status_code for answer in answers) == [200, 409]
    stored = (await live.get(f"/api/v1/campaigns/{application['campaign_id']}", headers=owner.headers)).json()
    assert stored["slots_filled"] == 1


async def test_creators_see_only_their_own_applications(live: httpx.AsyncClient, mailbox: Mailbox) -> None:
    application, owner, creator = await apply(live, mailbox)
    campaign = (await live.get(f"/api/v1/campaigns/{application['campaign_id']}", headers=creator.headers)).json()
    _, other = await apply_to(live, mailbox, campaign)
    path = f"/api/v1/collaborations/{application['id']}"

    for role in ("creator", "brand"):
        listed = await live.get("/api/v1/collaborations", params={"role": role}, headers=other.headers)
        assert application["id"] not in [item["id"] for item in listed.json()["items"]]
    assert_error(await live.get(path, headers=other.headers), 404)
    assert_error(await live.get(f"/api/v1/campaigns/{campaign['id']}/applicants", headers=other.headers), 403)
    for action in ("accept", "reject", "withdraw", "accept-counter", "decline-counter"):
        assert_error(await live.post(f"{path}/{action}", headers=other.headers), 404)
    assert_error(await live.post(f"{path}/counter", headers=other.headers, json={"price": 100}), 404)
    assert_error(await live.post(f"{path}/accept", headers=creator.headers), 403, "wrong_party")
    mine = await live.get("/api/v1/collaborations", params={"role": "creator"}, headers=creator.headers)
    assert [item["id"] for item in mine.json()["items"]] == [application["id"]]
    assert (await live.get(path, headers=owner.headers)).json()["status"] == "applied"


async def test_a_brand_cannot_touch_another_brands_campaign(live: httpx.AsyncClient, mailbox: Mailbox) -> None:
    application, owner, _ = await apply(live, mailbox)
    rival = await brand(live)
    campaign_path = f"/api/v1/campaigns/{application['campaign_id']}"
    path = f"/api/v1/collaborations/{application['id']}"

    assert_error(await live.get(f"{campaign_path}/applicants", headers=rival.headers), 404)
    assert_error(await live.patch(campaign_path, headers=rival.headers, json={"title": "Mine now"}), 404)
    for action in ("pause", "close"):
        assert_error(await live.post(f"{campaign_path}/{action}", headers=rival.headers), 404)
    for action in ("accept", "reject"):
        assert_error(await live.post(f"{path}/{action}", headers=rival.headers), 404)
    assert_error(await live.post(f"{path}/counter", headers=rival.headers, json={"price": 100}), 404)
    listed = await live.get("/api/v1/collaborations", params={"role": "brand"}, headers=rival.headers)
    assert listed.json()["items"] == []
    detail = (await live.get(path, headers=owner.headers)).json()
    assert (detail["status"], detail["campaign_title"]) == ("applied", application["campaign_title"])
