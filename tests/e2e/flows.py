"""Steps that several browser tests take: signing up through the dev mailbox, logging in,
and calling the API as the user the page is logged in as."""

import re
from collections.abc import Awaitable, Callable
from typing import Any

from playwright.async_api import Page, expect

PASSWORD = "a long enough passphrase"

NewPage = Callable[[], Awaitable[Page]]
"""The `new_page` fixture: a page in a browser context of its own."""


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


async def api_get(page: Page, path: str) -> Any:
    """GET `path` as the page's user: the browser's cookie jar holds the refresh token,
    which buys an access token (and rotates the cookie, as the web app's own refresh does)."""
    refreshed = await page.request.post("/api/v1/auth/refresh", data={})
    assert refreshed.ok, await refreshed.text()
    token = (await refreshed.json())["access_token"]
    response = await page.request.get(path, headers={"Authorization": f"Bearer {token}"})
    assert response.ok, await response.text()
    return await response.json()
