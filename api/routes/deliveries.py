"""Delivering uploaded files, and getting the delivered files back."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Header
from fastapi.responses import JSONResponse, RedirectResponse

from api.deps import CurrentUser, DeliveryServiceDep
from api.routes.collaborations import UPDATE_ERRORS
from api.schemas.collaborations import CollaborationDetail
from api.schemas.uploads import DeliveryCreate, FileUrlPublic
from api.services.deliveries import FileVersion

router = APIRouter(prefix="/collaborations/{collaboration_id}", tags=["deliveries"])

FILE_RESPONSES: dict[int | str, dict[str, object]] = {
    200: {"model": FileUrlPublic, "description": "The URL, to clients that ask for JSON first in Accept."},
    307: {"description": "To a short-lived URL of the file."},
    403: {"description": "The brand asks for an original before approving."},
    404: {"description": "Unknown, or not for you to see."},
    409: {"description": "The preview is still being made."},
}
AcceptHeader = Annotated[str, Header(include_in_schema=False)]


@router.post("/deliveries", response_model=CollaborationDetail, responses=UPDATE_ERRORS)
async def deliver(
    collaboration_id: uuid.UUID, body: DeliveryCreate, user: CurrentUser, deliveries: DeliveryServiceDep
) -> CollaborationDetail:
    """The creator delivers verified uploads as a new version; the brand's review starts."""
    return await deliveries.submit(user, collaboration_id, body)


@router.get("/files/{upload_id}/{version}", response_model=None, responses=FILE_RESPONSES)
async def delivered_file(
    collaboration_id: uuid.UUID,
    upload_id: uuid.UUID,
    version: FileVersion,
    user: CurrentUser,
    deliveries: DeliveryServiceDep,
    accept: AcceptHeader = "*/*",
) -> JSONResponse | RedirectResponse:
    """A delivered file: ``preview``, reduced and watermarked (both parties; 409 while it is being made),
    or ``original``, as uploaded (the creator always, the brand once it approved).

    Answers with a redirect to a short-lived URL, which browsers follow; clients that ask for JSON
    first (``Accept: application/json``) get the URL itself, to hand to a ``<video>`` that streams it."""
    return file_response(await deliveries.file_url(user, collaboration_id, upload_id, version), accept)


def file_response(url: str, accept: str) -> JSONResponse | RedirectResponse:
    """A redirect to a file's short-lived URL; the URL itself to clients that ask for JSON first."""
    if accept.lstrip().startswith("application/json"):
        return JSONResponse(FileUrlPublic(url=url).model_dump())
    return RedirectResponse(url, status_code=307)
