"""Sign-up, sign-in, token refresh, sign-out and password flows."""

from typing import Annotated

from fastapi import APIRouter, Cookie, Response, status

from api.deps import AuthServiceDep, ClientDep, CurrentSessionDep, CurrentUser, SettingsDep, UserServiceDep
from api.errors import Unauthorized
from api.schemas.auth import (
    ChangePasswordRequest,
    ForgotPasswordRequest,
    LoginRequest,
    ProvidersPublic,
    RefreshRequest,
    RegisterRequest,
    ResetPasswordRequest,
    TokenPair,
    TokenRequest,
)
from api.schemas.users import MePublic
from api.services.auth import INVALID_SESSION
from api.session_cookie import REFRESH_COOKIE, clear_refresh_cookie, set_refresh_cookie
from models.users import Role

router = APIRouter(prefix="/auth", tags=["auth"])


@router.post("/register", status_code=status.HTTP_201_CREATED, response_model=MePublic)
async def register(body: RegisterRequest, auth: AuthServiceDep, users: UserServiceDep, client: ClientDep) -> MePublic:
    """Create a brand or creator account and email a verification link."""
    user = await auth.register(body.email, body.password, Role(body.role), client)
    return await users.me(user)


@router.post("/verify-email", response_model=MePublic)
async def verify_email(body: TokenRequest, auth: AuthServiceDep, users: UserServiceDep) -> MePublic:
    return await users.me(await auth.verify_email(body.token))


@router.post("/resend-verification", status_code=status.HTTP_202_ACCEPTED)
async def resend_verification(user: CurrentUser, auth: AuthServiceDep, client: ClientDep) -> None:
    await auth.resend_verification(user, client)


@router.post("/login", response_model=TokenPair)
async def login(
    body: LoginRequest, auth: AuthServiceDep, client: ClientDep, response: Response, settings: SettingsDep
) -> TokenPair:
    """Exchange email and password for an access token (15 min) and a refresh token (30 days).

    The refresh token is also set as an httpOnly cookie for the web app.
    """
    tokens = await auth.login(body.email, body.password, client)
    set_refresh_cookie(response, tokens.refresh_token, settings)
    return tokens


@router.post("/refresh", response_model=TokenPair)
async def refresh(
    auth: AuthServiceDep,
    client: ClientDep,
    response: Response,
    settings: SettingsDep,
    body: RefreshRequest | None = None,
    cookie_token: Annotated[str | None, Cookie(alias=REFRESH_COOKIE)] = None,
) -> TokenPair:
    """Rotate a refresh token (from the body, or the cookie). Reusing a rotated token ends its session."""
    token = (body.refresh_token if body else None) or cookie_token
    if not token:
        raise Unauthorized(INVALID_SESSION, code="invalid_refresh_token")
    tokens = await auth.refresh(token, client)
    set_refresh_cookie(response, tokens.refresh_token, settings)
    return tokens


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT)
async def logout(current: CurrentSessionDep, auth: AuthServiceDep, response: Response) -> None:
    await auth.logout(current[1])
    clear_refresh_cookie(response)


@router.post("/password/forgot", status_code=status.HTTP_202_ACCEPTED)
async def forgot_password(body: ForgotPasswordRequest, auth: AuthServiceDep, client: ClientDep) -> None:
    """Email a reset link valid for one hour. The answer is the same whether the email is known or not."""
    await auth.forgot_password(body.email, client)


@router.post("/password/reset", status_code=status.HTTP_204_NO_CONTENT)
async def reset_password(body: ResetPasswordRequest, auth: AuthServiceDep) -> None:
    """Set a new password with an emailed token; signs out every session."""
    await auth.reset_password(body.token, body.new_password)


@router.post("/password/change", status_code=status.HTTP_204_NO_CONTENT)
async def change_password(body: ChangePasswordRequest, current: CurrentSessionDep, auth: AuthServiceDep) -> None:
    """Change the password; every other session is signed out."""
    user, auth_session = current
    await auth.change_password(user, auth_session, body.current_password, body.new_password)


@router.get("/providers", response_model=ProvidersPublic)
async def providers(settings: SettingsDep) -> ProvidersPublic:
    """Which external sign-in providers are configured."""
    return ProvidersPublic(google=settings.google_enabled)
