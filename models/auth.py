"""Sign-in state: sessions (refresh-token families), refresh tokens, emailed tokens and
links to external identity providers, with the queries over them.

Only SHA-256 digests of tokens are stored; the tokens themselves exist only in transit.
"""

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import String, UniqueConstraint, update
from sqlmodel import Field, SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.base import id_field, optional_timestamp_field, timestamp_field, utcnow
from models.users import User


class AuthSession(SQLModel, table=True):
    """One signed-in device: the family that every rotated refresh token belongs to."""

    __tablename__ = "auth_sessions"

    id: uuid.UUID = id_field()
    user_id: uuid.UUID = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    user_agent: str | None = Field(default=None, max_length=512)
    ip_address: str | None = Field(default=None, max_length=64)
    created_at: datetime = timestamp_field()
    last_used_at: datetime = timestamp_field()
    revoked_at: datetime | None = optional_timestamp_field()
    revoked_reason: str | None = Field(default=None, max_length=64)


class RefreshToken(SQLModel, table=True):
    __tablename__ = "refresh_tokens"

    id: uuid.UUID = id_field()
    session_id: uuid.UUID = Field(foreign_key="auth_sessions.id", index=True, ondelete="CASCADE")
    token_hash: str = Field(max_length=64, unique=True)
    created_at: datetime = timestamp_field()
    expires_at: datetime = timestamp_field()
    rotated_at: datetime | None = optional_timestamp_field()


class EmailTokenPurpose(StrEnum):
    verify_email = "verify_email"
    reset_password = "reset_password"  # noqa: S105 - a purpose name, not a secret


class EmailToken(SQLModel, table=True):
    """A single-use token sent by email (verification, password reset)."""

    __tablename__ = "email_tokens"

    id: uuid.UUID = id_field()
    user_id: uuid.UUID = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    purpose: EmailTokenPurpose = Field(sa_type=String(32))
    token_hash: str = Field(max_length=64, unique=True)
    created_at: datetime = timestamp_field()
    expires_at: datetime = timestamp_field()
    used_at: datetime | None = optional_timestamp_field()


class OAuthAccount(SQLModel, table=True):
    __tablename__ = "oauth_accounts"
    __table_args__ = (UniqueConstraint("provider", "subject", name="uq_oauth_accounts_provider_subject"),)

    id: uuid.UUID = id_field()
    user_id: uuid.UUID = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    provider: str = Field(max_length=32)
    subject: str = Field(max_length=255)
    email: str = Field(max_length=320)
    created_at: datetime = timestamp_field()


class AuthRepository:
    """Queries over sessions and tokens. Flushes, never commits."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, *rows: SQLModel) -> None:
        self.session.add_all(rows)
        await self.session.flush()

    async def active_user_session(self, session_id: uuid.UUID, user_id: uuid.UUID) -> tuple[User, AuthSession] | None:
        """The user and session an access token names, if the session is still open."""
        result = await self.session.exec(
            select(User, AuthSession)
            .join(AuthSession, col(AuthSession.user_id) == col(User.id))
            .where(
                AuthSession.id == session_id,
                User.id == user_id,
                col(AuthSession.revoked_at).is_(None),
            )
        )
        row = result.first()
        return (row[0], row[1]) if row else None

    async def refresh_token_for_update(self, token_hash: str) -> tuple[RefreshToken, AuthSession] | None:
        """The refresh token and its session, locked so two concurrent refreshes cannot both rotate it."""
        result = await self.session.exec(
            select(RefreshToken, AuthSession)
            .join(AuthSession, col(AuthSession.id) == col(RefreshToken.session_id))
            .where(RefreshToken.token_hash == token_hash)
            .with_for_update(of=RefreshToken)
        )
        row = result.first()
        return (row[0], row[1]) if row else None

    async def revoke_session(self, auth_session: AuthSession, reason: str) -> None:
        if auth_session.revoked_at is None:
            auth_session.revoked_at = utcnow()
            auth_session.revoked_reason = reason
            self.session.add(auth_session)
            await self.session.flush()

    async def revoke_user_sessions(self, user_id: uuid.UUID, reason: str, *, keep: uuid.UUID | None = None) -> None:
        statement = (
            update(AuthSession)
            .where(col(AuthSession.user_id) == user_id, col(AuthSession.revoked_at).is_(None))
            .values(revoked_at=utcnow(), revoked_reason=reason)
        )
        if keep is not None:
            statement = statement.where(col(AuthSession.id) != keep)
        await self.session.exec(statement)
        await self.session.flush()

    async def email_token_for_update(self, token_hash: str, purpose: EmailTokenPurpose) -> EmailToken | None:
        result = await self.session.exec(
            select(EmailToken)
            .where(EmailToken.token_hash == token_hash, EmailToken.purpose == purpose)
            .with_for_update()
        )
        return result.first()

    async def invalidate_email_tokens(self, user_id: uuid.UUID, purpose: EmailTokenPurpose) -> None:
        await self.session.exec(
            update(EmailToken)
            .where(
                col(EmailToken.user_id) == user_id,
                col(EmailToken.purpose) == purpose,
                col(EmailToken.used_at).is_(None),
            )
            .values(used_at=utcnow())
        )
        await self.session.flush()

    async def oauth_account(self, provider: str, subject: str) -> OAuthAccount | None:
        result = await self.session.exec(
            select(OAuthAccount).where(OAuthAccount.provider == provider, OAuthAccount.subject == subject)
        )
        return result.first()
