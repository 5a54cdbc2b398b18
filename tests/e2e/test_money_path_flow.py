"""The money path in sandbox mode, from acceptance to payout.

A brand publishes a campaign for a video and accepts a creator's application at 250 EUR. The brand
pays the escrow with the sandbox's one click; both sides see the collaboration in production with
the delivery deadline ticking. The creator uploads a small real video (H.264 MP4 made by ffmpeg) and
submits it; the brand watches its watermarked preview, which is smaller than the original, and
cannot download the original yet. The brand asks for a revision on the deliverable; the creator reads
the feedback and submits version 2; the brand approves. The creator sets up payouts on the sandbox's
onboarding page, the payout follows: the collaboration completes, both ledgers show the creator paid
225 EUR (the price less the 10% platform fee) and nothing left in escrow, and the brand downloads the
original, byte for byte what the creator uploaded.

Brand and creator each have a browser context; every step goes through the API to the collaboration
workflow on the real worker, which makes the previews and moves the money."""

import re
import subprocess
import uuid
from pathlib import Path

import imageio_ffmpeg
from playwright.async_api import Page, expect

from tests.e2e.flows import (
    NewPage,
    api_get,
    api_request,
    applicant_card,
    apply,
    create_and_publish_campaign,
    save_handle,
    search_campaigns,
    sign_up,
    unique_word,
)

ACCEPTED = re.compile(r"^(Accepted|Awaiting funding)$")
"""The applicant's status once accepted (the workflow moves on to ask for the money at once)."""
PREVIEW_TIMEOUT = 30_000
"""Milliseconds for a preview to be made by the worker and loaded by the page."""


def make_video(path: Path, pattern: str) -> Path:
    """One second of ffmpeg's test ``pattern`` with a tone, 640x360, H.264 and AAC in an MP4; light
    noise makes it compress like camera footage (the preview's stronger compression then shows)."""
    subprocess.run(
        [
            imageio_ffmpeg.get_ffmpeg_exe(),
            *("-nostdin", "-hide_banner", "-loglevel", "error", "-y"),
            *("-f", "lavfi", "-i", f"{pattern}=duration=1:size=640x360:rate=25"),
            *("-f", "lavfi", "-i", "sine=frequency=440:duration=1"),
            *("-vf", "noise=alls=8:allf=t", "-shortest"),
            *("-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-c:a", "aac"),
            *("-movflags", "+faststart", str(path)),
        ],
        check=True,
        timeout=30,
    )
    return path


async def deliver(creator: Page, video: Path, note: str) -> None:
    """The creator adds the file, ticks the campaign's one deliverable and submits the delivery."""
    await creator.get_by_test_id("delivery-file-input").set_input_files(video)
    await expect(creator.get_by_test_id("delivery-file-0")).to_contain_text(video.name)
    await creator.get_by_test_id("delivery-check-0").check()
    await creator.get_by_test_id("delivery-note").fill(note)
    await creator.get_by_test_id("delivery-submit").click()


async def expect_video_plays(page: Page, file_id: str) -> None:
    """The preview's ``<video>`` loads its source and plays (muted, as browsers allow without a click)."""
    video = page.get_by_test_id(f"preview-{file_id}")
    await expect(video).to_be_visible(timeout=PREVIEW_TIMEOUT)
    element = await video.element_handle()
    await page.wait_for_function("v => v.readyState >= 1 && v.videoWidth > 0", arg=element)
    await video.evaluate("v => { v.muted = true; return v.play() }")
    await page.wait_for_function("v => v.currentTime > 0", arg=element)


async def file_bytes(page: Page, collaboration_id: str, file_id: str, version: str) -> bytes:
    """A delivered file's preview or original as the page's user gets it: its URL, then the bytes."""
    found = await api_get(page, f"/api/v1/collaborations/{collaboration_id}/files/{file_id}/{version}")
    response = await page.request.get(found["url"])
    assert response.ok, await response.text()
    return await response.body()


async def expect_paid_out(page: Page, closing: str, own_total: str) -> None:
    """The collaboration is completed (the next step says ``closing``) and the ledger, the viewer's own
    money first (``own_total``), shows the creator paid and the escrow empty."""
    await expect(page.get_by_test_id("collab-status")).to_have_text("Completed")
    await expect(page.get_by_test_id("collab-closed")).to_have_text(closing)
    await expect(page.get_by_test_id("ledger-totals").locator("dt").first).to_have_text(own_total)
    await expect(page.get_by_test_id("ledger-paid_to_creator")).to_have_text("225.00 EUR")
    await expect(page.get_by_test_id("ledger-held_in_escrow")).to_have_text("0.00 EUR")
    await expect(page.get_by_test_id("ledger-platform_fees")).to_have_text("25.00 EUR")
    await expect(page.get_by_test_id("ledger-brand_paid")).to_have_text("250.00 EUR")
    movements = page.get_by_test_id("ledger-movement")
    await expect(movements).to_have_count(2)
    await expect(movements.nth(0)).to_contain_text("Brand payment into escrow")
    await expect(movements.nth(1)).to_contain_text("Payout from escrow")


async def test_brand_funds_reviews_a_revised_video_and_the_creator_is_paid(new_page: NewPage, tmp_path: Path) -> None:
    brand, creator = await new_page(), await new_page()
    word = unique_word()
    title = f"Serum video {word}"
    first_take = make_video(tmp_path / "take-1.mp4", "testsrc")
    second_take = make_video(tmp_path / "take-2.mp4", "testsrc2")

    # 1. The brand publishes a campaign; the creator applies at 250 EUR; the brand accepts.
    await sign_up(brand, "brand", f"brand-{uuid.uuid4().hex[:8]}@example.com")
    campaign_id = await create_and_publish_campaign(brand, title)
    await sign_up(creator, "creator", f"creator-{uuid.uuid4().hex[:8]}@example.com")
    await save_handle(creator, f"reel_{uuid.uuid4().hex[:6]}")
    card = await search_campaigns(creator, word)
    await expect(card).to_have_count(1)
    await apply(creator, card, campaign_id, title, price="250", pitch="Morning routine, filmed in daylight.")
    applicant = await applicant_card(brand, title, campaign_id)
    await applicant.get_by_test_id("applicant-accept").click()
    await expect(applicant.get_by_test_id("applicant-status")).to_have_text(ACCEPTED)

    # 2. The brand opens the collaboration, sees what the escrow costs and pays in the sandbox.
    await applicant.get_by_role("link", name="History").click()
    await expect(brand).to_have_url(re.compile(r"/collaborations/[0-9a-f-]{36}$"))
    collaboration_id = brand.url.rsplit("/", 1)[1]
    collaboration_path = f"/collaborations/{collaboration_id}"
    await expect(brand.get_by_test_id("collab-status")).to_have_text("Awaiting funding")
    await expect(brand.get_by_test_id("funding-total")).to_have_text("250.00 EUR")
    await brand.get_by_test_id("pay-sandbox").click()

    # 3. Once the payment is confirmed, both see the collaboration in production, the delivery deadline
    # counting down (the brand's page follows the payment; the creator opens it afterwards).
    await expect(brand.get_by_test_id("collab-status")).to_have_text("In production")
    await creator.goto(collaboration_path)
    for page in (brand, creator):
        await expect(page.get_by_test_id("collab-status")).to_have_text("In production")
        await expect(page.get_by_test_id("deadline-countdown")).to_contain_text("Delivery deadline")
        await expect(page.get_by_test_id("deadline-countdown").get_by_role("timer")).to_have_text(re.compile(r"\d"))

    # 4. The creator uploads a real video, ticks the deliverable and submits version 1.
    await deliver(creator, first_take, "First take, in daylight.")
    await expect(creator.get_by_test_id("collab-status")).to_have_text("In review")
    await expect(creator.get_by_test_id("delivery-version-1")).to_contain_text("take-1.mp4")

    # 5. The brand watches the watermarked preview of version 1; the original stays locked.
    await brand.reload()
    await expect(brand.get_by_test_id("collab-status")).to_have_text("In review")
    await expect(brand.get_by_test_id("delivery-version-1")).to_contain_text("First take, in daylight.")
    deliveries = (await api_get(brand, f"/api/v1/collaborations/{collaboration_id}"))["money"]["deliveries"]
    first_file = deliveries[0]["files"][0]["id"]
    await expect_video_plays(brand, first_file)
    await expect(brand.get_by_test_id("deliveries")).to_contain_text("The original files unlock when you approve")
    await expect(brand.get_by_test_id(f"original-{first_file}")).to_have_count(0)
    locked = await api_request(brand, f"/api/v1/collaborations/{collaboration_id}/files/{first_file}/original")
    assert locked.status == 403
    assert (await locked.json())["error"]["code"] == "originals_locked"
    preview = await file_bytes(brand, collaboration_id, first_file, "preview")
    original = await file_bytes(creator, collaboration_id, first_file, "original")
    assert original == first_take.read_bytes()
    assert preview[4:8] == b"ftyp"
    assert len(preview) < len(original)

    # 6. The brand asks for a revision on the deliverable.
    await expect(brand.get_by_test_id("revisions-left")).to_contain_text("Revisions used 0 of 2")
    feedback = "Show the bottle in the first second."
    await brand.get_by_test_id("revision-note-0").fill(feedback)
    await brand.get_by_test_id("revision-submit").click()
    await expect(brand.get_by_test_id("collab-status")).to_have_text("In revision")

    # 7. The creator reads the feedback and submits version 2.
    await creator.reload()
    await expect(creator.get_by_test_id("collab-status")).to_have_text("In revision")
    await expect(creator.get_by_test_id("collab-next-step")).to_contain_text("The brand asked for changes to version 1")
    await expect(creator.get_by_test_id("collab-next-step").get_by_test_id("revision-feedback")).to_contain_text(
        feedback
    )
    await deliver(creator, second_take, "Bottle up front now.")
    await expect(creator.get_by_test_id("collab-status")).to_have_text("In review")
    await expect(creator.get_by_test_id("delivery-version-2")).to_contain_text("take-2.mp4")

    # 8. The brand sees version 2's preview and approves it.
    await brand.reload()
    await expect(brand.get_by_test_id("delivery-version-2")).to_contain_text("Bottle up front now.")
    await expect(brand.get_by_test_id("delivery-version-1").get_by_test_id("revision-feedback")).to_contain_text(
        feedback
    )
    deliveries = (await api_get(brand, f"/api/v1/collaborations/{collaboration_id}"))["money"]["deliveries"]
    second_file = deliveries[1]["files"][0]["id"]
    await expect_video_plays(brand, second_file)
    await expect(brand.get_by_test_id("revisions-left")).to_contain_text("Revisions used 1 of 2")
    await brand.get_by_test_id("approve").click()
    await expect(brand.get_by_test_id("collab-status")).to_have_text("Approved")
    await expect(brand.get_by_test_id("collab-next-step")).to_contain_text("The creator is setting up payouts")

    # 9. The creator sets up payouts in the sandbox; the payout follows and the collaboration completes.
    await creator.reload()
    await creator.get_by_test_id("payout-setup").click()
    await expect(creator).to_have_url(re.compile(r"/sandbox/onboard/"))
    await creator.get_by_test_id("sandbox-onboard").click()
    await expect(creator).to_have_url(re.compile(f"{collaboration_path}\\?payouts=ready$"))
    await expect_paid_out(creator, "Completed: you have been paid.", "Paid to you")

    # 10. The brand sees the same ledger, and downloads the original it approved.
    await brand.reload()
    await expect_paid_out(brand, "Completed: the creator has been paid.", "You paid (net of refunds)")
    await expect(brand.get_by_test_id("collab-timeline")).to_contain_text("Creator paid")
    async with brand.expect_download() as download_info:
        await brand.get_by_test_id(f"original-{second_file}").click()
    download = await download_info.value
    assert download.suggested_filename == "take-2.mp4"
    assert Path(await download.path()).read_bytes() == second_take.read_bytes()
    assert await file_bytes(brand, collaboration_id, first_file, "original") == first_take.read_bytes()

    for page in (brand, creator):
        collaboration = await api_get(page, f"/api/v1/collaborations/{collaboration_id}")
        assert collaboration["status"] == "completed"
        assert [delivery["version"] for delivery in collaboration["money"]["deliveries"]] == [1, 2]
        ledger = await api_get(page, f"/api/v1/collaborations/{collaboration_id}/ledger")
        assert ledger["totals"]["paid_to_creator"] == 22500
        assert ledger["totals"]["held_in_escrow"] == 0
