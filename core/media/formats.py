"""The file types a creator may deliver, their size limits, and what a file's first bytes say it is."""

from enum import StrEnum

import puremagic

from core.settings import Settings


class MediaKind(StrEnum):
    image = "image"
    video = "video"


ALLOWED_TYPES: dict[str, MediaKind] = {
    "video/mp4": MediaKind.video,
    "video/quicktime": MediaKind.video,
    "image/jpeg": MediaKind.image,
    "image/png": MediaKind.image,
    "image/webp": MediaKind.image,
}
PREVIEW_TYPES: dict[MediaKind, str] = {MediaKind.image: "image/jpeg", MediaKind.video: "video/mp4"}
SNIFF_BYTES = 8192
"""How much of a file's beginning ``sniff`` needs."""


def media_kind(content_type: str) -> MediaKind | None:
    """The kind of an allowed type; None for any other type."""
    return ALLOWED_TYPES.get(content_type)


def size_limit(settings: Settings, kind: MediaKind) -> int:
    return settings.upload_max_video_bytes if kind is MediaKind.video else settings.upload_max_image_bytes


def sniff(head: bytes) -> set[str]:
    """The MIME types a file's first ``SNIFF_BYTES`` bytes match (their magic numbers); empty when none."""
    try:
        matches = puremagic.magic_string(head)
    except puremagic.PureError:
        return set()
    return {match.mime_type for match in matches if match.mime_type}
