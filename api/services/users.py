"""Profile rules: who may edit which profile, and what a profile may hold."""

from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel.ext.asyncio.session import AsyncSession

from api.errors import Conflict, DomainError
from api.schemas.users import BrandProfilePublic, CreatorProfilePublic, MePublic, MeUpdate
from models.users import BrandProfile, CreatorProfile, Role, User, UserRepository


class UserService:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.users = UserRepository(session)

    async def me(self, user: User) -> MePublic:
        brand = await self.users.brand_profile(user.id) if user.role == Role.brand else None
        creator = await self.users.creator_profile(user.id) if user.role == Role.creator else None
        return MePublic(
            id=user.id,
            email=user.email,
            role=user.role,
            email_verified=user.email_verified,
            created_at=user.created_at,
            brand_profile=BrandProfilePublic.model_validate(brand) if brand else None,
            creator_profile=CreatorProfilePublic.model_validate(creator) if creator else None,
        )

    async def update_me(self, user: User, update: MeUpdate) -> MePublic:
        if update.brand_profile is not None:
            if user.role != Role.brand:
                raise _wrong_profile("brand_profile", user.role)
            brand = await self.users.brand_profile(user.id) or BrandProfile(user_id=user.id)
            _apply(brand, update.brand_profile.model_dump(mode="json", exclude_unset=True))
            await self.users.save_profile(brand)
        if update.creator_profile is not None:
            if user.role != Role.creator:
                raise _wrong_profile("creator_profile", user.role)
            changes = update.creator_profile.model_dump(mode="json", exclude_unset=True)
            handle = changes.get("handle")
            if handle and await self.users.handle_taken(handle, by_other_than=user.id):
                raise _handle_taken()
            creator = await self.users.creator_profile(user.id) or CreatorProfile(user_id=user.id)
            _apply(creator, changes)
            try:
                async with self.session.begin_nested():
                    await self.users.save_profile(creator)
            except IntegrityError as exc:  # a concurrent save took the handle
                raise _handle_taken() from exc
        # The caller is an identity read elsewhere (api.deps.get_current_user): touch this session's copy.
        stored = await self.users.get(user.id)
        if stored is not None:
            await self.users.touch(stored)
        return await self.me(user)


def _apply(profile: BrandProfile | CreatorProfile, changes: dict[str, Any]) -> None:
    for field, value in changes.items():
        setattr(profile, field, value)


def _wrong_profile(field: str, role: Role) -> DomainError:
    return DomainError(
        f"A {role} account has no {field.replace('_', ' ')}.",
        code="profile_role_mismatch",
        status_code=422,
        details=[{"field": field, "message": f"not allowed for a {role} account"}],
    )


def _handle_taken() -> Conflict:
    return Conflict(
        "This handle is taken. Choose another one.",
        code="handle_taken",
        details=[{"field": "creator_profile.handle", "message": "already taken"}],
    )
