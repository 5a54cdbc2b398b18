"""A brand publishes a campaign, a creator finds it and applies, the brand counters with another
price and the creator accepts: the collaboration is accepted at that price and moves on to
`awaiting_funding` (the brand is asked to pay), on both sides and in the read model.

Brand and creator each have a browser context of their own, so both sessions live side by side;
every decision goes through the API to the collaboration workflow on the real worker."""

import re
import uuid
from datetime import datetime, timedelta

from playwright.async_api import Page, expect

from tests.e2e.flows import NewPage, api_get, log_in, register_and_verify

ACCEPTED = re.compile(r"\bstatus-accepted\b")
AWAITING_FUNDING = re.compile(r"\bstatus-awaiting_funding\b")


def unique_word() -> str:
    """Letters only, so full-text search treats it as one plain word."""
    return "".join(chr(ord("a") + int(digit, 16)) for digit in uuid.uuid4().hex[:10])


async def create_and_publish_campaign(brand: Page, title: str) -> str:
    """Fills the campaign editor, saves the draft, publishes it; returns the campaign id."""
    await brand.get_by_test_id("nav-campaigns").click()
    await brand.get_by_test_id("campaign-create").click()
    await brand.get_by_test_id("campaign-title").fill(title)
    await brand.get_by_test_id("campaign-brief").fill("Show our new serum in your morning routine, 30 seconds.")
    await brand.get_by_test_id("deliverable-type-0").select_option("video")
    await brand.get_by_test_id("compensation-type").select_option("fixed")
    await brand.get_by_test_id("compensation-amount").fill("300")
    await brand.get_by_test_id("compensation-currency").fill("EUR")
    await brand.get_by_test_id("campaign-slots").fill("2")
    deadline = datetime.now() + timedelta(days=30)
    await brand.get_by_test_id("campaign-deadline").fill(deadline.strftime("%Y-%m-%dT%H:%M"))
    await brand.get_by_test_id("campaign-delivery-days").fill("10")
    await brand.get_by_test_id("campaign-save").click()

    await expect(brand).to_have_url(re.compile(r"/campaigns/[0-9a-f-]{36}/edit$"))
    await expect(brand.get_by_test_id("campaign-status")).to_have_text("Draft")
    await brand.get_by_test_id("campaign-publish").click()
    await expect(brand.get_by_test_id("campaign-status")).to_have_text("Open")
    match = re.search(r"/campaigns/([0-9a-f-]{36})/edit$", brand.url)
    assert match is not None
    return match.group(1)


async def test_brand_counters_an_application_and_the_creator_accepts(new_page: NewPage) -> None:
    brand, creator = await new_page(), await new_page()
    word = unique_word()
    title = f"Morning serum {word}"
    brand_email = f"brand-{uuid.uuid4().hex[:8]}@example.com"
    creator_email = f"creator-{uuid.uuid4().hex[:8]}@example.com"
    handle = f"glow_{uuid.uuid4().hex[:6]}"

    # 1. The brand signs up and publishes a campaign.
    await register_and_verify(brand, "brand", brand_email)
    await log_in(brand, brand_email)
    campaign_id = await create_and_publish_campaign(brand, title)

    # 2. The creator signs up, picks a handle, finds the campaign by a word of its title and applies.
    await register_and_verify(creator, "creator", creator_email)
    await log_in(creator, creator_email)
    await creator.get_by_test_id("creator-handle").fill(handle)
    await creator.get_by_test_id("profile-save").click()
    await expect(creator.get_by_test_id("profile-saved")).to_be_visible()

    await creator.get_by_test_id("nav-browse").click()
    await creator.get_by_test_id("search-q").fill(unique_word())
    await creator.get_by_test_id("search-submit").click()
    await expect(creator.get_by_test_id("browse-empty")).to_be_visible()
    await creator.get_by_test_id("search-q").fill(word)
    await creator.get_by_test_id("search-submit").click()
    card = creator.get_by_test_id("campaign-card")
    await expect(card).to_have_count(1)
    await expect(card).to_contain_text(title)
    await expect(card.get_by_test_id("campaign-pay")).to_have_text("300.00 EUR")
    await card.click()
    await expect(creator).to_have_url(re.compile(f"/campaigns/{campaign_id}$"))
    await expect(creator.get_by_role("heading", level=1)).to_have_text(title)
    await creator.get_by_test_id("apply-pitch").fill("I film skincare routines in natural light; 40k followers.")
    await creator.get_by_test_id("apply-price").fill("250")
    await creator.get_by_test_id("apply-submit").click()
    await expect(creator.get_by_test_id("apply-success")).to_contain_text("Application sent for 250.00 EUR")

    # 3. The brand sees the application among the campaign's applicants and counters at 200.
    await brand.get_by_test_id("nav-campaigns").click()
    await brand.get_by_test_id("my-campaign-row").filter(has_text=title).get_by_role("link", name="Applicants").click()
    await expect(brand).to_have_url(re.compile(f"/campaigns/{campaign_id}/applicants$"))
    applicant = brand.get_by_test_id("applicant-card")
    await expect(applicant).to_have_count(1)
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


async def until_status(page: Page, collaboration_id: str, status: str) -> None:
    """Wait until the read model shows ``status`` (the workflow moves on after answering an update)."""
    for _ in range(100):
        if (await api_get(page, f"/api/v1/collaborations/{collaboration_id}"))["status"] == status:
            return
        await page.wait_for_timeout(100)
    raise AssertionError(f"the collaboration never reached {status}")
