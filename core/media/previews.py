"""Reduced, watermarked previews: what the brand sees of a delivery until it approves it.

Images: Pillow, longest side 1280 px, JPEG. Videos: the ffmpeg binary that ``imageio-ffmpeg`` ships,
shorter side 480 px, H.264 with AAC sound in an MP4 that starts playing before it has downloaded
(faststart). Both carry "CollabMarket preview" tiled on diagonal lines, rendered by Pillow (ffmpeg's
``drawtext`` would need a font file the machine may lack) and laid over the video by ffmpeg's
``overlay``. Metadata (camera, location) is left out of both.
"""

import asyncio
import contextlib
import math
from pathlib import Path

import imageio_ffmpeg
from PIL import Image, ImageDraw, ImageFont, ImageOps

IMAGE_MAX_SIDE = 1280
VIDEO_SHORT_SIDE = 480
WATERMARK_TEXT = "CollabMarket preview"
_ANGLE = 30
_VIDEO_WATERMARK_SIDE = 2048
"""The video's watermark layer is made once, large enough for any frame scaled to 480 px; ffmpeg's
``overlay`` uses the part that falls on the frame."""
_SCALE = (
    f"scale=w='if(gte(iw,ih),-2,trunc(min({VIDEO_SHORT_SIDE},iw)/2)*2)'"
    f":h='if(gte(iw,ih),trunc(min({VIDEO_SHORT_SIDE},ih)/2)*2,-2)',setsar=1"
)
"""The shorter side down to 480 px (never up), the other in proportion, both even (H.264 needs it)."""


class PreviewFailed(Exception):
    """The file could not be turned into a preview (not decodable, or it took too long)."""


def watermark(size: tuple[int, int], font_size: int) -> Image.Image:
    """A transparent layer of ``size`` with the watermark text repeated on lines rising at 30°, white
    with a dark outline so it shows on light and dark pictures alike. The text is drawn and turned once,
    then stamped along the lines."""
    font = ImageFont.load_default(size=font_size)
    left, top, right, bottom = ImageDraw.Draw(Image.new("RGBA", (1, 1))).textbbox(
        (0, 0), WATERMARK_TEXT, font=font, stroke_width=2
    )
    text = Image.new("RGBA", (math.ceil(right - left), math.ceil(bottom - top)), (0, 0, 0, 0))
    ImageDraw.Draw(text).text(
        (-left, -top), WATERMARK_TEXT, font=font, fill=(255, 255, 255, 110), stroke_width=2, stroke_fill=(0, 0, 0, 90)
    )
    stamp = text.rotate(_ANGLE, resample=Image.Resampling.BICUBIC, expand=True)
    along, across = text.width + 2 * font_size, 3 * text.height
    cos, sin = math.cos(math.radians(_ANGLE)), math.sin(math.radians(_ANGLE))
    width, height = size
    margin_x, margin_y = stamp.size
    canvas = Image.new("RGBA", (width + 2 * margin_x, height + 2 * margin_y), (0, 0, 0, 0))
    reach = math.ceil(math.hypot(width, height) / min(along, across)) + 1
    for line in range(-reach, reach + 1):
        for step in range(-reach, reach + 1):
            position = step + (line % 2) / 2  # alternate lines start half a step further
            x = margin_x + position * along * cos + line * across * sin
            y = margin_y - position * along * sin + line * across * cos
            if 0 <= x <= width + margin_x and 0 <= y <= height + margin_y:
                canvas.alpha_composite(stamp, dest=(int(x), int(y)))
    return canvas.crop((margin_x, margin_y, margin_x + width, margin_y + height))


def render_image_preview(source: Path, target: Path) -> None:
    """Write the JPEG preview of the image ``source`` to ``target`` (blocking: run it in a thread)."""
    try:
        with Image.open(source) as original:
            original.draft("RGB", (IMAGE_MAX_SIDE, IMAGE_MAX_SIDE))  # JPEG: decode at a reduced scale
            image = ImageOps.exif_transpose(original).convert("RGB")
    except (OSError, ValueError, Image.DecompressionBombError) as exc:
        raise PreviewFailed(f"not a readable image: {exc}") from exc
    image.thumbnail((IMAGE_MAX_SIDE, IMAGE_MAX_SIDE), Image.Resampling.LANCZOS)
    layer = watermark(image.size, font_size=max(14, min(image.size) // 14))
    image.paste(layer, (0, 0), layer)
    image.save(target, "JPEG", quality=75, optimize=True, progressive=True)


async def render_video_preview(source: Path, target: Path) -> None:
    """Write the MP4 preview of the video ``source`` to ``target``. Bound it with ``asyncio.timeout``:
    cancelled, it stops ffmpeg."""
    layer = target.with_name(f"{target.stem}-watermark.png")
    mark = watermark((_VIDEO_WATERMARK_SIDE, _VIDEO_WATERMARK_SIDE), font_size=VIDEO_SHORT_SIDE // 14)
    await asyncio.to_thread(mark.save, layer, compress_level=1)
    process = await asyncio.create_subprocess_exec(
        imageio_ffmpeg.get_ffmpeg_exe(),
        *("-nostdin", "-hide_banner", "-loglevel", "error", "-y"),
        *("-i", str(source), "-i", str(layer)),
        *("-filter_complex", f"[0:v]{_SCALE}[scaled];[scaled][1:v]overlay=0:0[out]"),
        *("-map", "[out]", "-map", "0:a?", "-map_metadata", "-1"),
        *("-c:v", "libx264", "-preset", "veryfast", "-crf", "30", "-pix_fmt", "yuv420p"),
        *("-c:a", "aac", "-b:a", "64k", "-movflags", "+faststart", "-f", "mp4", str(target)),
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        _, errors = await process.communicate()
    finally:
        if process.returncode is None:  # cancelled: the time ran out, or the activity was
            with contextlib.suppress(ProcessLookupError):
                process.kill()
            await process.wait()
        layer.unlink(missing_ok=True)
    if process.returncode != 0:
        raise PreviewFailed(f"ffmpeg could not convert it: {errors.decode(errors='replace')[-500:].strip()}")
