"""A brand publishes a campaign, a creator finds it and applies, the brand counters with another
price and the creator accepts: the collaboration is accepted at that price and moves on to
`awaiting_funding` (the brand is asked to pay), on both sides and in the read model.

Brand and creator each have a browser context of their own, so both sessions live side by side;
every decision goes through the API to the collaboration workflow on the real worker."""

import re
import uuid

from playwright.async_api import expect

from tests.e2e.flows import (
    NewPage,
    api_get,
    applicant_card,
    apply,
    create_and_publish_campaign,
    save_handle,
    search_campaigns,
    sign_up,
    unique_word,
    until_status,
)

ACCEPTED = re.compile(r"\bstatus-accepted\b")
AWAITING_FUNDING = re.compile(r"\bstatus-awaiting_funding\b")


async def test_brand_counters_an_application_and_the_creator_accepts(new_page: NewPage) -> None:
    brand, creator = await new_page(), await new_page()
    word = unique_word()
    title = f"Morning serum {word}"
    brand_email = f"brand-{uuid.uuid4().hex[:8]}@example.com"
    creator_email = f"creator-{uuid.uuid4().hex[:8]}@example.com"
    handle = f"glow_{uuid.uuid4().hex[:6]}"

    # 1. The brand signs up and publishes a campaign.
    await sign_up(brand, "brand", brand_email)
    campaign_id = await create_and_publish_campaign(brand, title)

    # 2. The creator signs up, picks a handle, finds the campaign by a word of its title and applies.
    await sign_up(creator, "creator", creator_email)
    await save_handle(creator, handle)
    await search_campaigns(creator, unique_word())
    await expect(creator.get_by_test_id("browse-empty")).to_be_visible()
    card = await search_campaigns(creator, word)
    await expect(card).to_have_count(1)
    await expect(card).to_contain_text(title)
    await expect(card.get_by_test_id("campaign-pay")).to_have_text("300.00 EUR")
    pitch = "I film skincare routines in natural light; 40k followers."
    await apply(creator, card, campaign_id, title, price="250", pitch=pitch)
    await expect(creator.get_by_test_id("apply-success")).to_contain_text("Application sent for 250.00 EUR")

    # 3. The brand sees the application among the campaign's applicants and counters at 200.
    applicant = await applicant_card(brand, title, campaign_id)
    await expect(applicant).to_contain_text(f"@{handle}")
    await expect(applicant).to_contain_text("I film skincare routines")
    await expect(applicant.get_by_test_id("applicant-status")).to_have_text("Applied")
    await expect(applicant.get_by_test_id("applicant-price")).to_contain_text("250.00 EUR")
    await applicant.get_by_test_id("applicant-counter-price").fill("200")
    await applicant.get_by_test_id("applicant-counter-submit").click()
    await expect(applicant.get_by_test_id("applicant-status")).to_have_text("Counter-offer")
    await expect(applicant.get_by_test_id("applicant-price")).to_contain_text("200.00 EUR")
    await expect(applicant.get_by_test_id("applicant-accept")).to_have_count(0)

    # 4. The creator finds the counter-offer in "My applications" and accepts it.
    await creator.get_by_test_id("nav-applications").click()
    row = creator.get_by_test_id("application-row").filter(has_text=title)
    await expect(row).to_contain_text("the brand countered")
    await expect(row).to_contain_text("200.00 EUR")
    await row.get_by_role("link", name=title).click()
    await expect(creator).to_have_url(re.compile(r"/collaborations/[0-9a-f-]{36}$"))
    collaboration_id = creator.url.rsplit("/", 1)[1]
    await expect(creator.get_by_test_id("collab-status")).to_have_text("Counter-offer")
    await expect(creator.get_by_test_id("collab-price")).to_have_text("200.00 EUR")
    await creator.get_by_test_id("collab-accept-counter").click()
    await expect(creator.get_by_test_id("collab-status")).to_have_text("Accepted")
    await expect(creator.get_by_test_id("collab-status")).to_have_class(ACCEPTED)
    await expect(creator.get_by_test_id("collab-price")).to_have_text("200.00 EUR")
    await expect(creator.get_by_test_id("collab-withdraw")).to_have_count(0)

    # The workflow goes on to ask the brand for the money; both sides see that after a fresh load.
    await until_status(creator, collaboration_id, "awaiting_funding")
    await brand.reload()
    await expect(applicant.get_by_test_id("applicant-status")).to_have_text("Awaiting funding")
    await expect(applicant.get_by_test_id("applicant-status")).to_have_class(AWAITING_FUNDING)
    await expect(applicant.get_by_test_id("applicant-price")).to_have_text("200.00 EUR")
    await applicant.get_by_role("link", name="History").click()
    await expect(brand).to_have_url(re.compile(f"/collaborations/{collaboration_id}$"))
    await expect(brand.get_by_test_id("collab-status")).to_have_text("Awaiting funding")
    await expect(brand.get_by_test_id("collab-price")).to_have_text("200.00 EUR")
    await expect(brand.get_by_test_id("collab-timeline")).to_contain_text("Counter-offer accepted")

    # The read model agrees with both pages.
    for page in (creator, brand):
        collaboration = await api_get(page, f"/api/v1/collaborations/{collaboration_id}")
        assert collaboration["status"] == "awaiting_funding"
        assert collaboration["price"] == 20000
        assert collaboration["currency"] == "EUR"
        assert collaboration["campaign_id"] == campaign_id
        assert collaboration["creator_handle"] == handle
        assert collaboration["pending_offer_by"] is None
        assert [event["type"] for event in collaboration["events"]] == [
            "applied",
            "countered",
            "counter_accepted",
            "funding_requested",
        ]
    campaign = await api_get(brand, f"/api/v1/campaigns/{campaign_id}")
    assert campaign["slots_filled"] == 1
