"""Identity rules: registration, verification, sign-in, token rotation, password changes."""

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.exc import IntegrityError
from sqlmodel.ext.asyncio.session import AsyncSession

from api.callers import RecentCallers
from api.errors import Conflict, DomainError, Forbidden, Unauthorized
from api.fanout import Fanout, SessionsEnded
from api.rate_limit import RateLimiter
from api.schemas.auth import TokenPair
from api.security import TokenCodec, digest, hash_password, new_opaque_token, verify_password
from api.services import auth_emails
from api.unit_of_work import after_commit
from core.email import Email, EmailSender
from core.settings import Settings
from models.auth import AuthRepository, AuthSession, EmailToken, EmailTokenPurpose, OAuthAccount, RefreshToken
from models.base import utcnow
from models.users import BrandProfile, CreatorProfile, Role, User, UserRepository

INVALID_CREDENTIALS = "Email or password is incorrect."
INVALID_SESSION = "Your session has expired. Please sign in again."


@dataclass(frozen=True)
class Client:
    """Who is calling: used for rate limits and to label sessions."""

    ip: str
    user_agent: str | None


@dataclass(frozen=True)
class ExternalIdentity:
    provider: str
    subject: str
    email: str
    email_verified: bool


class InvalidToken(DomainError):
    code = "invalid_token"

    def __init__(self) -> None:
        super().__init__("This link is invalid or has expired. Request a new one.")


class RefreshTokenReused(Unauthorized):
    """A rotated refresh token was presented again: its whole family is revoked, and
    that revocation is committed even though the request fails."""

    commits_work = True

    def __init__(self) -> None:
        super().__init__(INVALID_SESSION, code="refresh_token_reused")


class AuthService:
    def __init__(
        self,
        session: AsyncSession,
        settings: Settings,
        sender: EmailSender,
        codec: TokenCodec,
        limiter: RateLimiter,
        callers: RecentCallers,
        fanout: Fanout,
    ) -> None:
        self.session = session
        self.callers = callers
        self.fanout = fanout
        self.settings = settings
        self.sender = sender
        self.codec = codec
        self.limiter = limiter
        self.users = UserRepository(session)
        self.auth = AuthRepository(session)

    # Registration and verification

    async def register(self, email: str, password: str, role: Role, client: Client) -> User:
        await self.limiter.hit(self.settings.register_limit_per_ip, f"register:ip:{client.ip}")
        # Per email too: the 409 for a taken email must not become a fast way to probe for accounts.
        await self.limiter.hit(self.settings.register_limit_per_account, f"register:account:{email.lower()}")
        if await self.users.get_by_email(email):
            raise _email_taken()
        user = User(email=email.lower(), password_hash=await hash_password(password), role=role)
        try:
            async with self.session.begin_nested():
                await self.users.add(user)
        except IntegrityError as exc:  # a concurrent registration won the race
            raise _email_taken() from exc
        await self._add_empty_profile(user)
        await self._send_verification(user)
        return user

    async def resend_verification(self, user: User, client: Client) -> None:
        await self.limiter.hit(self.settings.resend_limit_per_account, f"verify:account:{user.id}")
        if user.email_verified:
            raise Conflict("This email is already verified.", code="already_verified")
        await self._send_verification(user)

    async def verify_email(self, token: str) -> User:
        email_token = await self._consume(token, EmailTokenPurpose.verify_email)
        user = await self.users.get(email_token.user_id)
        if user is None:
            raise InvalidToken()
        if user.email_verified_at is None:
            user.email_verified_at = utcnow()
            await self.users.touch(user)
        return user

    # Sessions

    async def login(self, email: str, password: str, client: Client) -> TokenPair:
        account_key = f"login:account:{email.lower()}"
        await self.limiter.hit(self.settings.login_limit_per_ip, f"login:ip:{client.ip}")
        await self.limiter.check(self.settings.login_limit_per_account, account_key)
        user = await self.users.get_by_email(email)
        if not await verify_password(password, user.password_hash if user else None) or user is None:
            await self.limiter.hit(self.settings.login_limit_per_account, account_key)
            raise Unauthorized(INVALID_CREDENTIALS, code="invalid_credentials")
        self._ensure_active(user)
        return await self._open_session(user, client)

    async def refresh(self, refresh_token: str, client: Client) -> TokenPair:
        found = await self.auth.refresh_token_for_update(digest(refresh_token))
        if found is None:
            raise Unauthorized(INVALID_SESSION, code="invalid_refresh_token")
        token, auth_session = found
        if auth_session.revoked_at is not None:
            raise Unauthorized(INVALID_SESSION, code="invalid_refresh_token")
        if token.rotated_at is not None:
            if utcnow() - token.rotated_at <= timedelta(seconds=self.settings.refresh_reuse_grace_seconds):
                # Two tabs refreshed with the same cookie at once: the other one already holds
                # the new token. Nothing is issued, nothing revoked; the client retries.
                raise Unauthorized(
                    "This session was just refreshed elsewhere. Retry with the new token.",
                    code="refresh_token_stale",
                )
            # A rotated token came back later: it was stolen or replayed. End the whole family.
            await self._revoke(auth_session, "refresh_token_reuse")
            raise RefreshTokenReused()
        if token.expires_at <= utcnow():
            raise Unauthorized(INVALID_SESSION, code="invalid_refresh_token")
        user = await self.users.get(auth_session.user_id)
        if user is None:
            raise Unauthorized(INVALID_SESSION, code="invalid_refresh_token")
        self._ensure_active(user)
        token.rotated_at = utcnow()
        auth_session.last_used_at = utcnow()
        auth_session.ip_address = client.ip
        await self.auth.add(token, auth_session)
        return await self._issue(user, auth_session)

    async def logout(self, auth_session: AuthSession) -> None:
        await self._revoke(auth_session, "logout")

    async def authenticate(self, access_token: str) -> tuple[User, AuthSession]:
        """The caller and their open session, read now."""
        claims = self.codec.read(access_token)
        if claims is None:
            raise Unauthorized("Your access token is invalid or has expired.", code="invalid_token")
        found = await self.auth.active_user_session(claims.session_id, claims.user_id)
        if found is None:
            raise Unauthorized("Your session has ended. Please sign in again.", code="session_revoked")
        self._ensure_active(found[0])
        self.callers.remember(access_token, found[0], claims.session_id, claims.expires_at)
        return found

    async def identify(self, access_token: str) -> User:
        """The caller, as checked at most ``callers.ttl_seconds`` ago (see ``api.callers``)."""
        return self.callers.get(access_token) or (await self.authenticate(access_token))[0]

    async def sign_in_external(self, identity: ExternalIdentity, role: Role | None, client: Client) -> TokenPair:
        """Sign in with a provider, linking to an existing account by verified email or creating one."""
        link = await self.auth.oauth_account(identity.provider, identity.subject)
        user = await self.users.get(link.user_id) if link else None
        if user is None:
            if not identity.email_verified:
                raise Forbidden("Your Google email is not verified.", code="email_not_verified")
            user = await self.users.get_by_email(identity.email)
            if user is None:
                if role is None or role is Role.admin:
                    raise DomainError(
                        "No account uses this Google email yet. Sign up as a brand or a creator first.",
                        code="role_required",
                    )
                user = await self.users.add(User(email=identity.email.lower(), role=role, email_verified_at=utcnow()))
                await self._add_empty_profile(user)
            await self.auth.add(
                OAuthAccount(
                    user_id=user.id, provider=identity.provider, subject=identity.subject, email=identity.email
                )
            )
        if user.email_verified_at is None and identity.email_verified and identity.email.lower() == user.email:
            user.email_verified_at = utcnow()
            await self.users.touch(user)
        self._ensure_active(user)
        return await self._open_session(user, client)

    # Passwords

    async def forgot_password(self, email: str, client: Client) -> None:
        """Send a reset link if the account exists; the caller learns nothing either way."""
        await self.limiter.hit(self.settings.reset_limit_per_ip, f"reset:ip:{client.ip}")
        await self.limiter.hit(self.settings.reset_limit_per_account, f"reset:account:{email.lower()}")
        user = await self.users.get_by_email(email)
        if user is None or not user.is_active:
            return
        await self.auth.invalidate_email_tokens(user.id, EmailTokenPurpose.reset_password)
        minutes = self.settings.email_token_minutes_reset
        token = await self._new_email_token(user, EmailTokenPurpose.reset_password, timedelta(minutes=minutes))
        link = f"{self.settings.public_url}/reset-password?token={token}"
        self._mail(auth_emails.password_reset_email(user.email, link, minutes))

    async def reset_password(self, token: str, new_password: str) -> None:
        email_token = await self._consume(token, EmailTokenPurpose.reset_password)
        user = await self.users.get(email_token.user_id)
        if user is None or not user.is_active:
            raise InvalidToken()
        user.password_hash = await hash_password(new_password)
        # Whoever reads the inbox controls the account: the email is proven too.
        user.email_verified_at = user.email_verified_at or utcnow()
        await self.users.touch(user)
        await self._revoke_all(user, "password_reset")

    async def change_password(self, user: User, current: AuthSession, current_password: str, new_password: str) -> None:
        if not await verify_password(current_password, user.password_hash):
            raise DomainError("Your current password is incorrect.", code="invalid_password")
        user.password_hash = await hash_password(new_password)
        await self.users.touch(user)
        await self._revoke_all(user, "password_changed", keep=current)

    # Helpers

    async def _revoke(self, auth_session: AuthSession, reason: str) -> None:
        await self.auth.revoke_session(auth_session, reason)
        self._forget_callers(SessionsEnded(user_id=auth_session.user_id, session_id=auth_session.id))

    async def _revoke_all(self, user: User, reason: str, *, keep: AuthSession | None = None) -> None:
        await self.auth.revoke_user_sessions(user.id, reason, keep=keep.id if keep else None)
        self._forget_callers(SessionsEnded(user_id=user.id, kept=keep.id if keep else None))

    def _forget_callers(self, ended: SessionsEnded) -> None:
        """Forget now, and again once the revocation is committed: a request that checked the
        session in between saw it still open. The other API processes hear of it after the commit
        (and close the sessions' WebSockets)."""

        async def again() -> None:
            ended.forget(self.callers)

        ended.forget(self.callers)
        after_commit(self.session, again)
        self.fanout.publish_on_commit(self.session, ended)

    def _ensure_active(self, user: User) -> None:
        if not user.is_active:
            raise Forbidden("This account is suspended. Contact support.", code="account_suspended")

    async def _add_empty_profile(self, user: User) -> None:
        if user.role == Role.brand:
            self.session.add(BrandProfile(user_id=user.id))
        elif user.role == Role.creator:
            self.session.add(CreatorProfile(user_id=user.id))
        await self.session.flush()

    async def _open_session(self, user: User, client: Client) -> TokenPair:
        auth_session = AuthSession(user_id=user.id, ip_address=client.ip, user_agent=(client.user_agent or "")[:512])
        await self.auth.add(auth_session)
        return await self._issue(user, auth_session)

    async def _issue(self, user: User, auth_session: AuthSession) -> TokenPair:
        refresh_token = new_opaque_token()
        await self.auth.add(
            RefreshToken(
                session_id=auth_session.id,
                token_hash=digest(refresh_token),
                expires_at=utcnow() + timedelta(days=self.settings.refresh_token_days),
            )
        )
        access_token, _ = self.codec.issue(user.id, auth_session.id, str(user.role))
        return TokenPair(
            access_token=access_token,
            expires_in=int(self.codec.lifetime.total_seconds()),
            refresh_token=refresh_token,
        )

    async def _send_verification(self, user: User) -> None:
        await self.auth.invalidate_email_tokens(user.id, EmailTokenPurpose.verify_email)
        hours = self.settings.email_token_hours_verify
        token = await self._new_email_token(user, EmailTokenPurpose.verify_email, timedelta(hours=hours))
        link = f"{self.settings.public_url}/verify-email?token={token}"
        self._mail(auth_emails.verification_email(user.email, link, hours))

    async def _new_email_token(self, user: User, purpose: EmailTokenPurpose, lifetime: timedelta) -> str:
        token = new_opaque_token()
        await self.auth.add(
            EmailToken(user_id=user.id, purpose=purpose, token_hash=digest(token), expires_at=utcnow() + lifetime)
        )
        return token

    async def _consume(self, token: str, purpose: EmailTokenPurpose) -> EmailToken:
        email_token = await self.auth.email_token_for_update(digest(token), purpose)
        if email_token is None or email_token.used_at is not None or email_token.expires_at <= utcnow():
            raise InvalidToken()
        email_token.used_at = utcnow()
        await self.auth.add(email_token)
        return email_token

    def _mail(self, email: Email) -> None:
        sender = self.sender

        async def send() -> None:
            await sender.send(email)

        after_commit(self.session, send)


def _email_taken() -> Conflict:
    return Conflict("An account with this email already exists.", code="email_taken")
