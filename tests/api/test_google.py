"""Sign-in with Google, against a real OpenID provider served over HTTP (oidc-provider-mock)."""

from collections.abc import AsyncIterator, Iterator
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from oidc_provider_mock import User, run_server_in_thread
from pydantic import SecretStr

from api.main import create_app
from api.resources import Resources, build_oauth
from core.settings import Settings
from tests.api.test_auth import assert_error
from tests.factories import login, register


@pytest.fixture(scope="module")
def provider() -> Iterator[str]:
    users = [
        User(sub="google-new", claims={"email": "new.creator@example.com", "email_verified": True}),
        User(sub="google-unverified", claims={"email": "sneaky@example.com", "email_verified": False}),
    ]
    with run_server_in_thread(user_claims=users) as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture
async def google_client(resources: Resources, settings: Settings, provider: str) -> AsyncIterator[httpx.AsyncClient]:
    google_settings = settings.model_copy(
        update={
            "google_client_id": "collabmarket-test",
            "google_client_secret": SecretStr("provider-accepts-any-secret"),
            "google_metadata_url": f"{provider}/.well-known/openid-configuration",
        }
    )
    resources.settings = google_settings
    resources.oauth = build_oauth(google_settings)
    app = create_app(resources=resources)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as http:
        yield http


async def sign_in_with_google(http: httpx.AsyncClient, subject: str, role: str | None) -> httpx.Response:
    """Walk the browser's path: our login → the provider's consent form → our callback."""
    start = await http.get("/api/v1/auth/google/login", params={"role": role} if role else {})
    assert start.status_code == 302
    authorize_url = start.headers["location"]
    assert parse_qs(urlsplit(authorize_url).query)["redirect_uri"] == ["http://testserver/api/v1/auth/google/callback"]
    async with httpx.AsyncClient() as browser:
        consent = await browser.post(authorize_url, data={"sub": subject})
    assert consent.status_code == 302, consent.text
    callback = urlsplit(consent.headers["location"])
    return await http.get(f"{callback.path}?{callback.query}")


async def test_providers_show_google_when_configured(google_client: httpx.AsyncClient) -> None:
    assert (await google_client.get("/api/v1/auth/providers")).json() == {"google": True}


async def test_new_google_user_signs_up_with_chosen_role(google_client: httpx.AsyncClient) -> None:
    done = await sign_in_with_google(google_client, "google-new", "creator")
    assert done.status_code == 302
    assert done.headers["location"] == "http://testserver/auth/callback"
    tokens = await google_client.post("/api/v1/auth/refresh", json={})
    assert tokens.status_code == 200
    me = await google_client.get("/api/v1/me", headers={"Authorization": f"Bearer {tokens.json()['access_token']}"})
    assert me.json()["email"] == "new.creator@example.com"
    assert me.json()["role"] == "creator"
    assert me.json()["email_verified"] is True


async def test_google_sign_in_without_role_needs_an_account(google_client: httpx.AsyncClient) -> None:
    done = await sign_in_with_google(google_client, "google-new", None)
    assert urlsplit(done.headers["location"]).path == "/auth/callback"
    assert "Sign up as a brand or a creator" in parse_qs(urlsplit(done.headers["location"]).query)["error"][0]
    assert_error(await google_client.post("/api/v1/auth/refresh", json={}), 401)


async def test_google_links_to_existing_account_with_same_email(google_client: httpx.AsyncClient) -> None:
    existing = await login(google_client, await register(google_client, "brand", email="new.creator@example.com"))
    google_client.cookies.clear()
    await sign_in_with_google(google_client, "google-new", None)
    tokens = (await google_client.post("/api/v1/auth/refresh", json={})).json()
    me = (await google_client.get("/api/v1/me", headers={"Authorization": f"Bearer {tokens['access_token']}"})).json()
    assert me["role"] == "brand"
    assert me["id"] == (await google_client.get("/api/v1/me", headers=existing.headers)).json()["id"]


async def test_unverified_google_email_is_refused(google_client: httpx.AsyncClient) -> None:
    done = await sign_in_with_google(google_client, "google-unverified", "brand")
    assert "not verified" in parse_qs(urlsplit(done.headers["location"]).query)["error"][0]
