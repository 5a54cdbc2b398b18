"""The local storage's upload and download URLs (``COLLAB_STORAGE_BACKEND=local``): a signed token in the
path authorises the request, as a presigned URL does for S3. 404 when the storage is S3."""

from typing import Annotated

from fastapi import APIRouter, Header, Request, Response, status
from fastapi.responses import FileResponse

from api.deps import LocalFilesDep

router = APIRouter(prefix="/files", tags=["deliveries"])


@router.put("/{token}", status_code=status.HTTP_204_NO_CONTENT, response_class=Response)
async def upload(
    token: str,
    request: Request,
    files: LocalFilesDep,
    content_type: Annotated[str | None, Header()] = None,
    content_length: Annotated[str | None, Header()] = None,
) -> None:
    """The file's bytes as the body, with the Content-Type the token names; no larger than declared
    (413), and once only (409)."""
    await files.receive(token, content_type=content_type, content_length=content_length, body=request.stream())


@router.get("/{token}", response_class=FileResponse)
async def download(token: str, files: LocalFilesDep) -> FileResponse:
    """The file, with its type and name (byte ranges supported, for video players)."""
    found = await files.download(token)
    return FileResponse(
        found.path, media_type=found.content_type, headers={"Content-Disposition": found.content_disposition}
    )
