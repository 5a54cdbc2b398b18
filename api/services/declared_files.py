"""Files a client declares before sending their bytes straight to the storage (delivery uploads, message
attachments): the types and sizes accepted, and the check of the stored bytes against the declaration
(size, SHA-256, and the type their first bytes show). Bytes that do not match are deleted."""

from typing import Any

from api.errors import Conflict, DomainError
from api.schemas.uploads import UploadCreate, UploadTargetPublic
from core.media.formats import ALLOWED_TYPES, SNIFF_BYTES, media_kind, size_limit, sniff
from core.settings import Settings
from core.storage.fingerprint import Fingerprint, fingerprint
from core.storage.interface import ObjectMissing, Storage
from models.uploads import DeclaredFile, UploadStatus


class UploadRejected(DomainError):
    """The stored bytes are not what was declared; the rejection is committed although the request fails."""

    status_code = 422
    code = "upload_rejected"
    commits_work = True


def check_declaration(settings: Settings, data: UploadCreate) -> None:
    """422 for a type not accepted, or a file larger than its kind may be."""
    kind = media_kind(data.content_type)
    if kind is None:
        allowed = ", ".join(ALLOWED_TYPES)
        raise _invalid("unsupported_type", "content_type", f"{data.content_type} is not accepted; send {allowed}.")
    limit = size_limit(settings, kind)
    if data.size > limit:
        raise _invalid("file_too_large", "size", f"A {kind} may be at most {limit} bytes; this one is {data.size}.")


async def upload_target(storage: Storage, file: DeclaredFile) -> UploadTargetPublic:
    """Where and how the browser sends the declared file's bytes."""
    target = await storage.upload_target(file.key, content_type=file.content_type, size=file.size)
    return UploadTargetPublic(
        url=target.url, method=target.method, headers=target.headers, expires_at=target.expires_at
    )


async def verify(storage: Storage, file: DeclaredFile) -> None:
    """Check a pending file's stored bytes: it becomes verified, or rejected with its bytes deleted (then
    ``UploadRejected``, which commits, says what did not match). A verified file stays as it is; a rejected
    one is a 409."""
    if file.status == UploadStatus.rejected:
        raise Conflict("This upload was rejected; start a new one.", code="upload_rejected")
    if file.status == UploadStatus.verified:
        return
    try:
        stored = await fingerprint(storage, file.key, head_bytes=SNIFF_BYTES)
    except ObjectMissing as exc:
        raise Conflict(
            "Nothing was received yet: send the file to the upload URL first.", code="upload_missing"
        ) from exc
    mismatches = _mismatches(file, stored)
    if mismatches:
        await storage.delete(file.key)
        file.status = UploadStatus.rejected
        raise UploadRejected("The file received is not the file declared.", details=mismatches)
    file.status = UploadStatus.verified


def _invalid(code: str, field: str, message: str) -> DomainError:
    return DomainError(message, code=code, status_code=422, details=[{"field": field, "message": message}])


def _mismatches(file: DeclaredFile, stored: Fingerprint) -> list[dict[str, Any]]:
    """What differs between the declaration and the stored bytes, one entry per field."""
    mismatches = []
    if stored.size != file.size:
        mismatches.append({"field": "size", "message": f"declared {file.size} bytes, received {stored.size}"})
    if stored.sha256 != file.sha256:
        mismatches.append({"field": "sha256", "message": f"declared {file.sha256}, received {stored.sha256}"})
    found = sniff(stored.head)
    if file.content_type not in found:
        what = " or ".join(sorted(found)) or "of no accepted type"
        mismatches.append({"field": "content_type", "message": f"declared {file.content_type}, the file is {what}"})
    return mismatches
