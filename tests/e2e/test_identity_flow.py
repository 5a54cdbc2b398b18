"""A new creator registers, verifies the email from the dev mailbox, logs in and edits the profile."""

import re
import uuid

from playwright.async_api import Page, expect

from tests.e2e.flows import api_get, log_in, register_and_verify


async def test_creator_registers_verifies_logs_in_and_edits_profile(page: Page) -> None:
    email = f"creator-{uuid.uuid4().hex[:8]}@example.com"
    handle = f"maker_{uuid.uuid4().hex[:6]}"
    await register_and_verify(page, "creator", email)
    await log_in(page, email)

    await page.get_by_test_id("creator-handle").fill(handle)
    await page.get_by_test_id("creator-bio").fill("Skincare reviews, honest and short.")
    await page.get_by_test_id("creator-niches").fill("beauty, skincare")
    await page.get_by_test_id("creator-country").fill("FR")
    await page.get_by_test_id("creator-languages").fill("fr, en")
    await page.get_by_test_id("creator-add-platform").click()
    await page.get_by_test_id("platform-name-0").select_option("tiktok")
    await page.get_by_test_id("platform-handle-0").fill("@" + handle)
    await page.get_by_test_id("platform-followers-0").fill("48200")
    await page.get_by_test_id("creator-add-rate").click()
    await page.get_by_test_id("rate-deliverable-0").select_option("video")
    await page.get_by_test_id("rate-amount-0").fill("150.50")
    await page.get_by_test_id("rate-currency-0").fill("EUR")
    await page.get_by_test_id("profile-save").click()
    await expect(page.get_by_test_id("profile-saved")).to_be_visible()

    # A reload restores the session from the refresh cookie and shows what was saved.
    await page.reload()
    await expect(page.get_by_test_id("creator-handle")).to_have_value(handle)
    await expect(page.get_by_test_id("platform-followers-0")).to_have_value("48200")
    await expect(page.get_by_test_id("rate-amount-0")).to_have_value(re.compile(r"^150\.50?$"))

    # The browser's cookie jar holds the refresh token; the API agrees with the page.
    profile = (await api_get(page, "/api/v1/me"))["creator_profile"]
    assert profile["handle"] == handle
    assert profile["base_rates"] == [{"deliverable": "video", "amount": 15050, "currency": "EUR"}]
    assert profile["niches"] == ["beauty", "skincare"]
    assert profile["languages"] == ["fr", "en"]

    await page.get_by_test_id("nav-logout").click()
    await expect(page.get_by_test_id("nav-user-email")).to_have_count(0)


async def test_brand_edits_company_profile(page: Page) -> None:
    email = f"brand-{uuid.uuid4().hex[:8]}@example.com"
    await register_and_verify(page, "brand", email)
    await log_in(page, email)
    await page.get_by_test_id("brand-company-name").fill("Glow Labs")
    await page.get_by_test_id("brand-website").fill("https://glow.example")
    await page.get_by_test_id("brand-country").fill("US")
    await page.get_by_test_id("profile-save").click()
    await expect(page.get_by_test_id("profile-saved")).to_be_visible()
    await page.reload()
    await expect(page.get_by_test_id("brand-company-name")).to_have_value("Glow Labs")


async def test_wrong_password_is_explained_in_words(page: Page) -> None:
    await page.goto("/login")
    await page.get_by_test_id("login-email").fill("nobody@example.com")
    await page.get_by_test_id("login-password").fill("wrong password")
    await page.get_by_test_id("login-submit").click()
    await expect(page.get_by_test_id("form-error")).to_contain_text("Email or password is incorrect")
