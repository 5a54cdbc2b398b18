"""Users and their role-specific profiles, with the queries that read and write them."""

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Computed, Index, String, Text, func, text
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlmodel import Column, Field, SQLModel, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.base import id_field, optional_timestamp_field, timestamp_field, utcnow


class Role(StrEnum):
    brand = "brand"
    creator = "creator"
    admin = "admin"


class UserStatus(StrEnum):
    active = "active"
    suspended = "suspended"


class User(SQLModel, table=True):
    __tablename__ = "users"
    __table_args__ = (
        # Tiny (only suspended accounts): lets the creator directory leave them out without
        # joining every listed profile to its user.
        Index("ix_users_not_active", "id", postgresql_where=text("status <> 'active'")),
    )

    id: uuid.UUID = id_field()
    email: str = Field(max_length=320, unique=True, index=True)
    """Stored lower-cased; uniqueness is case-insensitive by construction."""
    password_hash: str | None = Field(default=None, max_length=255)
    """Empty for accounts that only sign in with an external provider."""
    role: Role = Field(sa_type=String(16))
    status: UserStatus = Field(default=UserStatus.active, sa_type=String(16))
    email_verified_at: datetime | None = optional_timestamp_field()
    created_at: datetime = timestamp_field()
    updated_at: datetime = timestamp_field()

    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None

    @property
    def is_active(self) -> bool:
        return self.status == UserStatus.active


class BrandProfile(SQLModel, table=True):
    __tablename__ = "brand_profiles"

    user_id: uuid.UUID = Field(foreign_key="users.id", primary_key=True, ondelete="CASCADE")
    company_name: str | None = Field(default=None, max_length=200)
    website: str | None = Field(default=None, max_length=2048)
    industry: str | None = Field(default=None, max_length=100)
    logo_url: str | None = Field(default=None, max_length=2048)
    country: str | None = Field(default=None, max_length=2)
    updated_at: datetime = timestamp_field()


class CreatorProfile(SQLModel, table=True):
    __tablename__ = "creator_profiles"

    user_id: uuid.UUID = Field(foreign_key="users.id", primary_key=True, ondelete="CASCADE")
    handle: str | None = Field(default=None, max_length=30, unique=True)
    bio: str | None = Field(default=None, max_length=2000)
    niches: list[str] = Field(
        default_factory=list, sa_column=Column(ARRAY(String(50)), nullable=False, server_default="{}")
    )
    platforms: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSONB, nullable=False, server_default="[]")
    )
    country: str | None = Field(default=None, max_length=2)
    languages: list[str] = Field(
        default_factory=list, sa_column=Column(ARRAY(String(8)), nullable=False, server_default="{}")
    )
    base_rates: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSONB, nullable=False, server_default="[]")
    )
    portfolio_links: list[str] = Field(
        default_factory=list, sa_column=Column(ARRAY(String(2048)), nullable=False, server_default="{}")
    )
    payout_account_id: str | None = Field(default=None, max_length=64, unique=True)
    """The creator's account at the payment provider (a Stripe Connect Express account)."""
    updated_at: datetime = timestamp_field()
    search_text: str | None = Field(
        default=None,
        sa_column=Column(Text, Computed("lower(creator_search_text(handle, bio, niches))", persisted=True)),
    )
    """Handle, bio and niches in lower case, kept by PostgreSQL: what the directory's text filter
    matches (``models.creators``). Never written by the application."""


class UserRepository:
    """Queries over users and profiles. Flushes, never commits."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, user_id: uuid.UUID) -> User | None:
        return await self.session.get(User, user_id)

    async def get_by_email(self, email: str) -> User | None:
        result = await self.session.exec(select(User).where(User.email == email.lower()))
        return result.first()

    async def add(self, user: User) -> User:
        self.session.add(user)
        await self.session.flush()
        return user

    async def touch(self, user: User) -> None:
        user.updated_at = utcnow()
        self.session.add(user)
        await self.session.flush()

    async def brand_profile(self, user_id: uuid.UUID) -> BrandProfile | None:
        return await self.session.get(BrandProfile, user_id)

    async def creator_profile(self, user_id: uuid.UUID) -> CreatorProfile | None:
        return await self.session.get(CreatorProfile, user_id)

    async def admin_emails(self) -> list[str]:
        """Where operator alerts go: every admin who is not suspended."""
        result = await self.session.exec(
            select(User.email).where(User.role == Role.admin, User.status == UserStatus.active).order_by(User.email)
        )
        return list(result.all())

    async def creator_by_payout_account(self, account_id: str) -> CreatorProfile | None:
        result = await self.session.exec(select(CreatorProfile).where(CreatorProfile.payout_account_id == account_id))
        return result.first()

    async def handle_taken(self, handle: str, *, by_other_than: uuid.UUID) -> bool:
        result = await self.session.exec(
            select(func.count())
            .select_from(CreatorProfile)
            .where(CreatorProfile.handle == handle, CreatorProfile.user_id != by_other_than)
        )
        return result.one() > 0

    async def save_profile(self, profile: BrandProfile | CreatorProfile) -> None:
        profile.updated_at = utcnow()
        self.session.add(profile)
        await self.session.flush()
