from fastapi import APIRouter

from api.deps import CurrentUser, UserServiceDep
from api.schemas.users import MePublic, MeUpdate

router = APIRouter(prefix="/me", tags=["me"])


@router.get("", response_model=MePublic)
async def read_me(user: CurrentUser, users: UserServiceDep) -> MePublic:
    return await users.me(user)


@router.patch("", response_model=MePublic)
async def update_me(body: MeUpdate, user: CurrentUser, users: UserServiceDep) -> MePublic:
    """Update the caller's profile: ``brand_profile`` for brands, ``creator_profile`` for creators.
    Only the fields sent change."""
    return await users.update_me(user, body)
