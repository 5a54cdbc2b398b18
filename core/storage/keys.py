"""Where each file lives in the storage. Keys hold the upload's id, so no two uploads share one.

The preview activity derives keys from a delivered file's id and name: these functions must keep
giving the same key for the same input, or files stored earlier can no longer be found.
"""

import re
import uuid

from core.media.formats import MediaKind

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_MAX_NAME = 100
_PREVIEW_EXTENSIONS = {MediaKind.image: "jpg", MediaKind.video: "mp4"}


def safe_filename(filename: str) -> str:
    """``filename`` reduced to letters, digits, ``.``, ``_`` and ``-`` (at most 100, keeping the
    extension), never hidden, never empty."""
    name = _UNSAFE.sub("_", filename).strip("._") or "file"
    if len(name) > _MAX_NAME:
        stem, dot, extension = name.rpartition(".")
        keep = extension[:16] if dot and stem else ""
        name = f"{name[: _MAX_NAME - len(keep) - 1]}.{keep}" if keep else name[:_MAX_NAME]
    return name


def _upload_folder(collaboration_id: uuid.UUID, upload_id: uuid.UUID) -> str:
    return f"collaborations/{collaboration_id}/uploads/{upload_id}"


def upload_key(collaboration_id: uuid.UUID, upload_id: uuid.UUID, filename: str) -> str:
    """``collaborations/<collaboration>/uploads/<upload>/<safe filename>``: the original, as uploaded."""
    return f"{_upload_folder(collaboration_id, upload_id)}/{safe_filename(filename)}"


def attachment_key(thread_id: uuid.UUID, attachment_id: uuid.UUID, filename: str) -> str:
    """``threads/<thread>/attachments/<attachment>/<safe filename>``: a file sent with a message."""
    return f"threads/{thread_id}/attachments/{attachment_id}/{safe_filename(filename)}"


def preview_key(collaboration_id: uuid.UUID, upload_id: uuid.UUID, kind: MediaKind) -> str:
    """The watermarked preview beside the original (in a folder of its own: no filename can clash)."""
    return f"{_upload_folder(collaboration_id, upload_id)}/preview/watermarked.{_PREVIEW_EXTENSIONS[kind]}"


def preview_filename(filename: str, kind: MediaKind) -> str:
    """What a downloaded preview of ``filename`` is called."""
    safe = safe_filename(filename)
    stem = safe.rpartition(".")[0] or safe
    return f"{stem}-preview.{_PREVIEW_EXTENSIONS[kind]}"
