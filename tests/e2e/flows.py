"""Steps that several browser tests take: signing up through the dev mailbox, logging in, publishing
a campaign and applying to it, and calling the API as the user a page is logged in as."""

import re
import uuid
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any

from playwright.async_api import APIResponse, Locator, Page, expect

PASSWORD = "a long enough passphrase"

NewPage = Callable[[], Awaitable[Page]]
"""The `new_page` fixture: a page in a browser context of its own."""


def unique_word() -> str:
    """Letters only, so full-text search treats it as one plain word."""
    return "".join(chr(ord("a") + int(digit, 16)) for digit in uuid.uuid4().hex[:10])


async def register_and_verify(page: Page, role: str, email: str) -> None:
    await page.goto("/register")
    await page.get_by_test_id(f"role-{role}").click()
    await page.get_by_test_id("register-email").fill(email)
    await page.get_by_test_id("register-password").fill(PASSWORD)
    await page.get_by_test_id("register-submit").click()
    await expect(page.get_by_test_id("register-success")).to_be_visible()

    await page.goto("/dev/outbox")
    message = page.get_by_test_id("outbox-message").filter(has_text=email).first
    await expect(message).to_be_visible()
    await message.locator("a[href*='/verify-email?token=']").click()
    await expect(page.get_by_test_id("verify-success")).to_be_visible()


async def log_in(page: Page, email: str) -> None:
    await page.goto("/login")
    await page.get_by_test_id("login-email").fill(email)
    await page.get_by_test_id("login-password").fill(PASSWORD)
    await page.get_by_test_id("login-submit").click()
    await expect(page).to_have_url(re.compile(r"/profile$"))
    await expect(page.get_by_test_id("nav-user-email")).to_have_text(email)


async def sign_up(page: Page, role: str, email: str) -> None:
    """Registers, verifies the email and logs in: the page is left on the profile."""
    await register_and_verify(page, role, email)
    await log_in(page, email)


async def save_handle(creator: Page, handle: str) -> None:
    """On the profile page: the creator picks a handle (brands see it on applications)."""
    await creator.get_by_test_id("creator-handle").fill(handle)
    await creator.get_by_test_id("profile-save").click()
    await expect(creator.get_by_test_id("profile-saved")).to_be_visible()


async def create_and_publish_campaign(brand: Page, title: str) -> str:
    """Fills the campaign editor (one video, 300 EUR, two revisions), saves the draft, publishes it;
    returns the campaign id."""
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
    await brand.get_by_test_id("campaign-max-revisions").fill("2")
    await brand.get_by_test_id("campaign-save").click()

    await expect(brand).to_have_url(re.compile(r"/campaigns/[0-9a-f-]{36}/edit$"))
    await expect(brand.get_by_test_id("campaign-status")).to_have_text("Draft")
    await brand.get_by_test_id("campaign-publish").click()
    await expect(brand.get_by_test_id("campaign-status")).to_have_text("Open")
    match = re.search(r"/campaigns/([0-9a-f-]{36})/edit$", brand.url)
    assert match is not None
    return match.group(1)


async def search_campaigns(creator: Page, query: str) -> Locator:
    """Searches the open campaigns from the browse page; the result cards."""
    await creator.get_by_test_id("nav-browse").click()
    await creator.get_by_test_id("search-q").fill(query)
    await creator.get_by_test_id("search-submit").click()
    return creator.get_by_test_id("campaign-card")


async def apply(creator: Page, card: Locator, campaign_id: str, title: str, *, price: str, pitch: str) -> None:
    """Opens the campaign of a search result and applies with ``pitch`` at ``price`` (major units)."""
    await card.click()
    await expect(creator).to_have_url(re.compile(f"/campaigns/{campaign_id}$"))
    await expect(creator.get_by_role("heading", level=1)).to_have_text(title)
    await creator.get_by_test_id("apply-pitch").fill(pitch)
    await creator.get_by_test_id("apply-price").fill(price)
    await creator.get_by_test_id("apply-submit").click()
    await expect(creator.get_by_test_id("apply-success")).to_contain_text("Application sent for")


async def applicant_card(brand: Page, title: str, campaign_id: str) -> Locator:
    """From "My campaigns", the applicants page of the campaign titled ``title``; its one applicant."""
    await brand.get_by_test_id("nav-campaigns").click()
    await brand.get_by_test_id("my-campaign-row").filter(has_text=title).get_by_role("link", name="Applicants").click()
    await expect(brand).to_have_url(re.compile(f"/campaigns/{campaign_id}/applicants$"))
    applicant = brand.get_by_test_id("applicant-card")
    await expect(applicant).to_have_count(1)
    return applicant


async def access_token(page: Page) -> str:
    """An access token of the page's user: the browser's cookie jar holds the refresh token, which
    buys one (and rotates the cookie, as the web app's own refresh does)."""
    refreshed = await page.request.post("/api/v1/auth/refresh", data={})
    assert refreshed.ok, await refreshed.text()
    token: str = (await refreshed.json())["access_token"]
    return token


async def api_request(page: Page, path: str) -> APIResponse:
    """GET ``path`` as the page's user, asking for JSON; the response whatever its status."""
    headers = {"Authorization": f"Bearer {await access_token(page)}", "Accept": "application/json"}
    return await page.request.get(path, headers=headers, max_redirects=0)


async def api_get(page: Page, path: str) -> Any:
    """GET ``path`` as the page's user; the JSON answered (which must be a success)."""
    response = await api_request(page, path)
    assert response.ok, await response.text()
    return await response.json()


async def until_status(page: Page, collaboration_id: str, status: str) -> None:
    """Wait until the read model shows ``status`` (the workflow moves on after answering an update)."""
    for _ in range(100):
        if (await api_get(page, f"/api/v1/collaborations/{collaboration_id}"))["status"] == status:
            return
        await page.wait_for_timeout(100)
    raise AssertionError(f"the collaboration never reached {status}")
