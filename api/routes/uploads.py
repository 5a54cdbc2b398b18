"""Uploading a delivery's files: declare each file, send its bytes to the URL answered, then complete."""

import uuid

from fastapi import APIRouter, status

from api.deps import CurrentUser, UploadServiceDep
from api.routes.collaborations import UPDATE_ERRORS
from api.schemas.uploads import UploadCreate, UploadCreated, UploadPublic

router = APIRouter(tags=["deliveries"])


@router.post(
    "/collaborations/{collaboration_id}/uploads",
    status_code=status.HTTP_201_CREATED,
    response_model=UploadCreated,
    responses={**UPDATE_ERRORS, 422: {"description": "A type not accepted, or a file too large."}},
)
async def create_upload(
    collaboration_id: uuid.UUID, body: UploadCreate, user: CurrentUser, uploads: UploadServiceDep
) -> UploadCreated:
    """The creator declares a file (in production or in revision). Send its bytes to ``upload.url`` with
    ``upload.method`` and ``upload.headers`` (a signed URL: no bearer token), then complete the upload."""
    return await uploads.create(user, collaboration_id, body)


@router.post(
    "/uploads/{upload_id}/complete",
    response_model=UploadPublic,
    responses={
        404: {"description": "Unknown, or not yours."},
        409: {"description": "Nothing received yet, or already rejected."},
        422: {"description": "The bytes received are not the file declared: deleted, and the upload rejected."},
    },
)
async def complete_upload(upload_id: uuid.UUID, user: CurrentUser, uploads: UploadServiceDep) -> UploadPublic:
    """Check the bytes received against the declared size, SHA-256 and type; a verified upload can be delivered."""
    return await uploads.complete(user, upload_id)
