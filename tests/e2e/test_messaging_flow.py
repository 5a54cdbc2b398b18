"""A brand and a creator chat live in their collaboration's conversation, each in a browser context of
their own: the brand sees the creator typing and then the message, without reloading; the creator sees
"Seen" once the brand has it on screen; the brand answers. Then the creator's socket drops while the
brand goes on writing, and once it is back the creator has every message exactly once. Before all that,
the brand's notification bell rings live when the creator applies (a workflow step), and its item leads
to the collaboration."""

import re
import uuid

from playwright.async_api import Locator, Page, expect

from tests.e2e.flows import (
    NewPage,
    apply,
    create_and_publish_campaign,
    save_handle,
    search_campaigns,
    sign_up,
    unique_word,
)

RECORD_SOCKETS = """
window.__sockets = []
window.WebSocket = class extends window.WebSocket {
  constructor(...args) {
    super(...args)
    window.__sockets.push(this)
  }
}
"""
"""Keeps the page's WebSockets within the test's reach (to close one as a network drop would)."""


async def open_chat(page: Page, collaboration_id: str) -> Locator:
    """The collaboration page's conversation, on screen (what is on screen is read), its socket live."""
    await page.goto(f"/collaborations/{collaboration_id}")
    chat = page.get_by_test_id("chat-panel")
    await chat.get_by_test_id("composer-input").scroll_into_view_if_needed()
    await expect(chat.get_by_test_id("realtime-status")).to_have_count(0)
    return chat


async def send(chat: Locator, text: str) -> None:
    await chat.get_by_test_id("composer-input").fill(text)
    await chat.get_by_test_id("composer-send").click()
    await expect(chat.get_by_test_id("composer-input")).to_have_value("")


async def test_brand_and_creator_chat_live_and_a_reconnect_loses_nothing(new_page: NewPage) -> None:
    brand, creator = await new_page(), await new_page()
    await creator.add_init_script(RECORD_SOCKETS)
    word = unique_word()
    title = f"Night cream {word}"
    handle = f"dusk_{uuid.uuid4().hex[:6]}"

    # A campaign, and the creator's application to it: the collaboration both talk in.
    await sign_up(brand, "brand", f"brand-{uuid.uuid4().hex[:8]}@example.com")
    campaign_id = await create_and_publish_campaign(brand, title)
    await sign_up(creator, "creator", f"creator-{uuid.uuid4().hex[:8]}@example.com")
    await save_handle(creator, handle)
    card = await search_campaigns(creator, word)
    await expect(brand.get_by_test_id("notification-count")).to_have_count(0)
    await apply(creator, card, campaign_id, title, price="250", pitch="Evening routines, soft light, 30k followers.")
    await creator.get_by_test_id("apply-success").get_by_role("link", name="Follow it here").click()
    await expect(creator).to_have_url(re.compile(r"/collaborations/[0-9a-f-]{36}$"))
    collaboration_id = creator.url.rsplit("/", 1)[1]

    # The brand's bell rings without a reload: the application is a workflow step, notified in the app.
    await expect(brand.get_by_test_id("notification-count")).to_have_text("1")
    await brand.get_by_test_id("notification-bell").click()
    item = brand.get_by_test_id("notification-dropdown").get_by_test_id("notification-item")
    await expect(item).to_have_count(1)
    await expect(item).to_contain_text(f"New application to {title}")
    await expect(item).to_have_attribute("data-read", "false")
    await item.click()
    await expect(brand).to_have_url(re.compile(f"/collaborations/{collaboration_id}$"))
    await expect(brand.get_by_test_id("notification-count")).to_have_count(0)

    creator_chat = await open_chat(creator, collaboration_id)
    brand_chat = await open_chat(brand, collaboration_id)
    await expect(brand_chat.get_by_test_id("conversation-empty")).to_be_visible()

    # 1. The creator types: the brand sees it; the creator sends: the brand reads it without reloading.
    question = "Hi! Should the cream be in the shot for the whole 30 seconds?"
    await creator_chat.get_by_test_id("composer-input").press_sequentially(question[:12], delay=40)
    await expect(brand_chat.get_by_test_id("typing-indicator")).to_have_text(f"@{handle} is typing…")
    await creator_chat.get_by_test_id("composer-input").fill(question)
    await expect(creator_chat.get_by_test_id("composer-count")).to_have_text(f"{len(question)} / 5,000")
    await creator_chat.get_by_test_id("composer-input").press("Enter")
    await expect(brand_chat.get_by_test_id("message-body")).to_have_text([question])
    await expect(brand_chat.get_by_test_id("typing-indicator")).to_have_text("")

    # 2. The brand has it on screen: the creator sees "Seen" under it.
    await expect(creator_chat.get_by_test_id("message-receipt")).to_have_text("Seen")

    # 3. The brand answers; the creator reads the answer live.
    answer = "Yes please, <b>front and centre</b> & in focus."
    await send(brand_chat, answer)
    await expect(creator_chat.get_by_test_id("message-body")).to_have_text([question, answer])
    assert await creator_chat.locator("b").count() == 0  # text, never HTML

    # 4. The creator's connection drops while the brand goes on writing.
    await creator.context.set_offline(True)
    await creator.evaluate("window.__sockets.forEach((socket) => socket.close())")
    await expect(creator_chat.get_by_test_id("realtime-status")).to_have_text("Connection lost. Reconnecting…")
    missed = ["Also: natural light only.", "And no music, we add ours."]
    for text in missed:
        await send(brand_chat, text)
    await expect(brand_chat.get_by_test_id("message-receipt")).to_have_text("Sent")
    await expect(creator_chat.get_by_test_id("message-body")).to_have_text([question, answer])

    # 5. Back online, the creator's socket resumes after the last message it saw: each once, in order.
    await creator.context.set_offline(False)
    await expect(creator_chat.get_by_test_id("realtime-status")).to_have_count(0)
    everything = [question, answer, *missed]
    await expect(creator_chat.get_by_test_id("message-body")).to_have_text(everything)
    await creator.wait_for_timeout(500)  # anything repeated would have arrived by now
    await expect(creator_chat.get_by_test_id("message-body")).to_have_text(everything)
    await expect(brand_chat.get_by_test_id("message-receipt")).to_have_text("Seen")
    sockets = await creator.evaluate("window.__sockets.map((socket) => socket.url)")
    assert len(sockets) >= 2 and re.search(r"\?after=\d+$", sockets[-1]), sockets

    # The thread list agrees: nothing left unread on either side.
    for page in (creator, brand):
        await page.get_by_test_id("nav-messages").click()
        await expect(page.get_by_test_id("thread-item")).to_contain_text(title)
        await expect(page.get_by_test_id("thread-unread")).to_have_count(0)
