"""Sign-in with Google (OpenID Connect through authlib). Absent unless configured."""

from typing import Literal
from urllib.parse import urlencode

from authlib.integrations.base_client.errors import OAuthError
from authlib.integrations.starlette_client import StarletteOAuth2App
from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse

from api.deps import AuthServiceDep, ClientDep, ResourcesDep, SettingsDep
from api.errors import DomainError, NotFound
from api.services.auth import ExternalIdentity
from api.session_cookie import set_refresh_cookie
from models.users import Role

router = APIRouter(prefix="/auth/google", tags=["auth"])

_ROLE_KEY = "google_signup_role"
CALLBACK_PAGE = "/auth/callback"


def _google(resources: ResourcesDep) -> StarletteOAuth2App:
    if resources.oauth is None:
        raise NotFound("Google sign-in is not configured.", code="provider_disabled")
    client: StarletteOAuth2App = resources.oauth.create_client("google")
    return client


@router.get("/login", response_class=RedirectResponse, status_code=302)
async def google_login(
    request: Request, resources: ResourcesDep, role: Literal["brand", "creator"] | None = None
) -> RedirectResponse:
    """Send the browser to Google. ``role`` is needed only to create a new account."""
    google = _google(resources)
    request.session[_ROLE_KEY] = role
    redirect_uri = f"{resources.settings.public_url}/api/v1/auth/google/callback"
    response: RedirectResponse = await google.authorize_redirect(request, redirect_uri)
    return response


@router.get("/callback", response_class=RedirectResponse, status_code=302)
async def google_callback(
    request: Request, resources: ResourcesDep, auth: AuthServiceDep, client: ClientDep, settings: SettingsDep
) -> RedirectResponse:
    """Finish the Google round trip, sign in, and hand the browser back to the web app."""
    google = _google(resources)
    role = request.session.pop(_ROLE_KEY, None)
    try:
        token = await google.authorize_access_token(request)
        claims = token.get("userinfo") or await google.userinfo(token=token)
        identity = ExternalIdentity(
            provider="google",
            subject=str(claims["sub"]),
            email=str(claims["email"]),
            email_verified=bool(claims.get("email_verified", False)),
        )
        tokens = await auth.sign_in_external(identity, Role(role) if role else None, client)
    except OAuthError as exc:
        return _back_to_app(settings.public_url, error=exc.description or "Google sign-in was cancelled.")
    except KeyError:
        return _back_to_app(settings.public_url, error="Google did not share an email address.")
    except DomainError as exc:
        return _back_to_app(settings.public_url, error=exc.message)
    response = _back_to_app(settings.public_url)
    set_refresh_cookie(response, tokens.refresh_token, settings)
    return response


def _back_to_app(public_url: str, *, error: str | None = None) -> RedirectResponse:
    query = f"?{urlencode({'error': error})}" if error else ""
    return RedirectResponse(f"{public_url}{CALLBACK_PAGE}{query}", status_code=302)
