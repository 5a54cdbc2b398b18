"""The creator directory (brands and admins) and public creator profiles (anyone signed in)."""

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import BrandOrAdminUser, CreatorServiceDep, CurrentUser
from api.schemas.creators import CreatorPage, CreatorPublic, CreatorSearch

router = APIRouter(prefix="/creators", tags=["creators"])


@router.get("", response_model=CreatorPage)
async def search_creators(
    query: Annotated[CreatorSearch, Query()], _: BrandOrAdminUser, creators: CreatorServiceDep
) -> CreatorPage:
    """Creators with a handle, in handle order, paginated with ``next_cursor``."""
    return await creators.search(query)


@router.get("/{handle}", response_model=CreatorPublic)
async def read_creator(handle: str, _: CurrentUser, creators: CreatorServiceDep) -> CreatorPublic:
    return await creators.profile(handle)
