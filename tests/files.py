"""Small real media files for the tests, and requests to the URLs a storage hands out."""

import hashlib
import random
import subprocess
import tempfile
from io import BytesIO
from pathlib import Path
from typing import Any

import httpx
import imageio_ffmpeg
from PIL import Image


def image_bytes(image_format: str = "PNG", size: tuple[int, int] = (1600, 900)) -> bytes:
    """A real image full of detail (random pixels), so a reduced JPEG of it is smaller."""
    pixels = random.Random(size[0] * size[1]).randbytes(size[0] * size[1] * 3)
    buffer = BytesIO()
    Image.frombytes("RGB", size, pixels).save(
        buffer, image_format, **({"compress_level": 1} if image_format == "PNG" else {})
    )
    return buffer.getvalue()


def video_bytes(size: str = "1280x720", container: str = "mp4") -> bytes:
    """One second of ffmpeg's test pattern with a tone, losslessly encoded (so a preview of it is smaller)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"clip.{container}"
        subprocess.run(
            [
                imageio_ffmpeg.get_ffmpeg_exe(),
                *("-nostdin", "-loglevel", "error", "-y"),
                *("-f", "lavfi", "-i", f"testsrc=duration=1:size={size}:rate=10"),
                *("-f", "lavfi", "-i", "sine=duration=1"),
                *("-c:v", "libx264", "-qp", "0", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac"),
                *("-shortest", str(path)),
            ],
            check=True,
            timeout=60,
        )
        return path.read_bytes()


def video_size(data: bytes) -> tuple[int, int]:
    """The frame size ffmpeg reads from a video (it fails on anything it cannot decode)."""
    with tempfile.NamedTemporaryFile(suffix=".mp4") as file:
        file.write(data)
        file.flush()
        frames = imageio_ffmpeg.read_frames(file.name)
        try:
            meta: dict[str, Any] = next(frames)
            next(frames)  # a first frame decodes
        finally:
            frames.close()
    width, height = meta["size"]
    return width, height


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


async def storage_request(app: httpx.AsyncClient, method: str, url: str, **kwargs: Any) -> httpx.Response:
    """A request to a URL a storage handed out: the local storage's go to the app (``app``), S3's over
    HTTP to the S3 server."""
    if url.startswith(str(app.base_url)):
        return await app.request(method, url, **kwargs)
    async with httpx.AsyncClient() as http:
        return await http.request(method, url, **kwargs)
