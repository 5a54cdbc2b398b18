"""Registration, verification, sign-in, refresh rotation, sign-out and password flows."""

from datetime import timedelta
from typing import Any

import httpx
import jwt
import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.auth import EmailToken, RefreshToken
from models.base import utcnow
from models.users import User, UserStatus
from tests.conftest import TEST_SECRET
from tests.factories import PASSWORD, link_token, login, register, unique_email, verified_user
from tests.servers import Mailbox


def assert_error(response: httpx.Response, status: int, code: str | None = None) -> dict[str, Any]:
    assert response.status_code == status, response.text
    error: dict[str, Any] = response.json()["error"]
    assert set(error) == {"code", "message", "details"}
    assert isinstance(error["message"], str) and error["message"]
    if code:
        assert error["code"] == code
    return error


async def test_register_sends_verification_email_and_returns_profile(
    client: httpx.AsyncClient, mailbox: Mailbox
) -> None:
    email = unique_email("Brand").upper()
    response = await client.post("/api/v1/auth/register", json={"email": email, "password": PASSWORD, "role": "brand"})
    assert response.status_code == 201
    body = response.json()
    assert body["email"] == email.lower()
    assert body["role"] == "brand"
    assert body["email_verified"] is False
    assert body["brand_profile"] is not None and body["creator_profile"] is None
    message = mailbox.to(email.lower())[-1]
    assert message["Subject"] == "Verify your CollabMarket email"
    assert message.get_body(preferencelist=("html",)) is not None
    plain = message.get_body(preferencelist=("plain",))
    assert plain is not None
    assert "http://testserver/verify-email?token=" in plain.get_content()


async def test_duplicate_email_is_409_case_insensitively(client: httpx.AsyncClient) -> None:
    account = await register(client)
    response = await client.post(
        "/api/v1/auth/register", json={"email": account.email.upper(), "password": PASSWORD, "role": "brand"}
    )
    assert_error(response, 409, "email_taken")


async def test_admin_role_cannot_be_registered(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/api/v1/auth/register", json={"email": unique_email(), "password": PASSWORD, "role": "admin"}
    )
    assert_error(response, 422, "validation_error")


async def test_verification_token_works_once(client: httpx.AsyncClient, mailbox: Mailbox) -> None:
    account = await register(client)
    token = link_token(mailbox, account.email, "/verify-email")
    first = await client.post("/api/v1/auth/verify-email", json={"token": token})
    assert first.status_code == 200 and first.json()["email_verified"] is True
    assert_error(await client.post("/api/v1/auth/verify-email", json={"token": token}), 400, "invalid_token")


async def test_resend_verification_invalidates_previous_link(client: httpx.AsyncClient, mailbox: Mailbox) -> None:
    account = await login(client, await register(client))
    old = link_token(mailbox, account.email, "/verify-email")
    assert (await client.post("/api/v1/auth/resend-verification", headers=account.headers)).status_code == 202
    new = link_token(mailbox, account.email, "/verify-email")
    assert new != old
    assert_error(await client.post("/api/v1/auth/verify-email", json={"token": old}), 400, "invalid_token")
    assert (await client.post("/api/v1/auth/verify-email", json={"token": new})).status_code == 200


async def test_wrong_password_and_unknown_email_get_the_same_401(client: httpx.AsyncClient) -> None:
    account = await register(client)
    wrong = await client.post("/api/v1/auth/login", json={"email": account.email, "password": "not the password"})
    unknown = await client.post("/api/v1/auth/login", json={"email": unique_email(), "password": "not the password"})
    assert assert_error(wrong, 401, "invalid_credentials") == assert_error(unknown, 401, "invalid_credentials")


async def test_login_returns_tokens_and_sets_httponly_refresh_cookie(client: httpx.AsyncClient) -> None:
    account = await register(client)
    response = await client.post("/api/v1/auth/login", json={"email": account.email, "password": PASSWORD})
    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "bearer" and body["expires_in"] == 15 * 60
    cookie = response.headers["set-cookie"]
    assert "cm_refresh=" in cookie and "HttpOnly" in cookie and "Path=/api/v1/auth" in cookie
    claims = jwt.decode(body["access_token"], TEST_SECRET, algorithms=["HS256"])
    assert claims["exp"] - claims["iat"] == 15 * 60


async def test_expired_access_token_is_401(client: httpx.AsyncClient) -> None:
    account = await login(client, await register(client))
    claims = jwt.decode(account.access_token, TEST_SECRET, algorithms=["HS256"])
    claims["exp"] = utcnow() - timedelta(seconds=1)
    expired = jwt.encode(claims, TEST_SECRET, algorithm="HS256")
    response = await client.get("/api/v1/me", headers={"Authorization": f"Bearer {expired}"})
    assert_error(response, 401, "invalid_token")
    assert response.headers["www-authenticate"] == "Bearer"


async def test_tampered_access_token_is_401(client: httpx.AsyncClient) -> None:
    account = await login(client, await register(client, "creator"))
    claims = jwt.decode(account.access_token, TEST_SECRET, algorithms=["HS256"])
    claims["role"] = "admin"
    forged = jwt.encode(claims, "another-secret-of-sufficient-length!", algorithm="HS256")
    assert_error(await client.get("/api/v1/me", headers={"Authorization": f"Bearer {forged}"}), 401, "invalid_token")
    assert_error(await client.get("/api/v1/me", headers={"Authorization": "Bearer garbage"}), 401, "invalid_token")
    assert_error(await client.get("/api/v1/me"), 401)


async def test_refresh_rotates_the_token(client: httpx.AsyncClient) -> None:
    account = await login(client, await register(client))
    response = await client.post("/api/v1/auth/refresh", json={"refresh_token": account.refresh_token})
    assert response.status_code == 200
    rotated = response.json()
    assert rotated["refresh_token"] != account.refresh_token
    me = await client.get("/api/v1/me", headers={"Authorization": f"Bearer {rotated['access_token']}"})
    assert me.status_code == 200


async def test_refresh_reads_the_cookie(client: httpx.AsyncClient) -> None:
    account = await register(client)
    await client.post("/api/v1/auth/login", json={"email": account.email, "password": PASSWORD})
    response = await client.post("/api/v1/auth/refresh", json={})
    assert response.status_code == 200
    client.cookies.clear()
    assert_error(await client.post("/api/v1/auth/refresh", json={}), 401, "invalid_refresh_token")


async def rotated_long_ago(db: async_sessionmaker[AsyncSession]) -> None:
    """Move every rotation past the grace window for concurrent tabs."""
    async with db() as session:
        await session.exec(
            update(RefreshToken)
            .where(col(RefreshToken.rotated_at).is_not(None))
            .values(rotated_at=utcnow() - timedelta(minutes=5))
        )
        await session.commit()


async def test_reused_refresh_token_is_401_and_revokes_the_family(
    client: httpx.AsyncClient, db: async_sessionmaker[AsyncSession]
) -> None:
    account = await login(client, await register(client))
    stolen = account.refresh_token
    legit = (await client.post("/api/v1/auth/refresh", json={"refresh_token": stolen})).json()
    await rotated_long_ago(db)
    reuse = await client.post("/api/v1/auth/refresh", json={"refresh_token": stolen})
    assert_error(reuse, 401, "refresh_token_reused")
    # The whole family is gone: the newest refresh token and its access token stop working.
    assert_error(await client.post("/api/v1/auth/refresh", json={"refresh_token": legit["refresh_token"]}), 401)
    me = await client.get("/api/v1/me", headers={"Authorization": f"Bearer {legit['access_token']}"})
    assert_error(me, 401, "session_revoked")


async def test_two_tabs_refreshing_at_once_keep_the_session(client: httpx.AsyncClient) -> None:
    account = await login(client, await register(client))
    first_tab = await client.post("/api/v1/auth/refresh", json={"refresh_token": account.refresh_token})
    second_tab = await client.post("/api/v1/auth/refresh", json={"refresh_token": account.refresh_token})
    assert_error(second_tab, 401, "refresh_token_stale")
    new_tokens = first_tab.json()
    me = await client.get("/api/v1/me", headers={"Authorization": f"Bearer {new_tokens['access_token']}"})
    assert me.status_code == 200
    retry = await client.post("/api/v1/auth/refresh", json={"refresh_token": new_tokens["refresh_token"]})
    assert retry.status_code == 200


async def test_logout_revokes_access_and_refresh_tokens(client: httpx.AsyncClient) -> None:
    account = await login(client, await register(client))
    assert (await client.get("/api/v1/me", headers=account.headers)).status_code == 200  # now remembered
    assert (await client.post("/api/v1/auth/logout", headers=account.headers)).status_code == 204
    assert_error(await client.get("/api/v1/me", headers=account.headers), 401, "session_revoked")
    refresh = await client.post("/api/v1/auth/refresh", json={"refresh_token": account.refresh_token})
    assert_error(refresh, 401)


async def test_password_change_revokes_other_sessions_only(client: httpx.AsyncClient) -> None:
    account = await register(client)
    laptop = await login(client, account)
    laptop_headers = dict(laptop.headers)
    phone = await login(client, account)
    assert (await client.get("/api/v1/me", headers=laptop_headers)).status_code == 200  # now remembered
    response = await client.post(
        "/api/v1/auth/password/change",
        headers=phone.headers,
        json={"current_password": PASSWORD, "new_password": "a brand new passphrase"},
    )
    assert response.status_code == 204
    assert (await client.get("/api/v1/me", headers=phone.headers)).status_code == 200
    assert_error(await client.get("/api/v1/me", headers=laptop_headers), 401, "session_revoked")
    old = await client.post("/api/v1/auth/login", json={"email": account.email, "password": PASSWORD})
    assert_error(old, 401)
    new = await client.post("/api/v1/auth/login", json={"email": account.email, "password": "a brand new passphrase"})
    assert new.status_code == 200


async def test_password_change_needs_the_current_password(client: httpx.AsyncClient) -> None:
    account = await login(client, await register(client))
    response = await client.post(
        "/api/v1/auth/password/change",
        headers=account.headers,
        json={"current_password": "wrong password", "new_password": "a brand new passphrase"},
    )
    assert_error(response, 400, "invalid_password")


async def test_forgot_password_does_not_reveal_whether_email_exists(
    client: httpx.AsyncClient, mailbox: Mailbox
) -> None:
    account = await register(client)
    known = await client.post("/api/v1/auth/password/forgot", json={"email": account.email})
    unknown_email = unique_email()
    unknown = await client.post("/api/v1/auth/password/forgot", json={"email": unknown_email})
    assert known.status_code == unknown.status_code == 202
    assert known.content == unknown.content
    assert mailbox.to(account.email)[-1]["Subject"] == "Reset your CollabMarket password"
    assert mailbox.to(unknown_email) == []


async def test_reset_password_is_single_use_and_signs_out_everywhere(
    client: httpx.AsyncClient, mailbox: Mailbox
) -> None:
    account = await login(client, await register(client))
    await client.post("/api/v1/auth/password/forgot", json={"email": account.email})
    token = link_token(mailbox, account.email, "/reset-password")
    reset = {"token": token, "new_password": "my reset passphrase"}
    assert (await client.post("/api/v1/auth/password/reset", json=reset)).status_code == 204
    assert_error(await client.post("/api/v1/auth/password/reset", json=reset), 400, "invalid_token")
    assert_error(await client.get("/api/v1/me", headers=account.headers), 401, "session_revoked")
    response = await client.post("/api/v1/auth/login", json={"email": account.email, "password": "my reset passphrase"})
    assert response.status_code == 200


async def test_reset_token_expires_after_an_hour(
    client: httpx.AsyncClient, mailbox: Mailbox, db: async_sessionmaker[AsyncSession]
) -> None:
    account = await register(client)
    await client.post("/api/v1/auth/password/forgot", json={"email": account.email})
    token = link_token(mailbox, account.email, "/reset-password")
    async with db() as session:
        tokens = (await session.exec(select(EmailToken).where(EmailToken.purpose == "reset_password"))).all()
        lifetimes = [token.expires_at - token.created_at for token in tokens]
        assert lifetimes and all(abs(lifetime - timedelta(hours=1)) < timedelta(seconds=1) for lifetime in lifetimes)
        await session.exec(update(EmailToken).values(expires_at=utcnow() - timedelta(seconds=1)))
        await session.commit()
    response = await client.post("/api/v1/auth/password/reset", json={"token": token, "new_password": "too late pass"})
    assert_error(response, 400, "invalid_token")


async def test_ten_rapid_wrong_logins_are_rate_limited(client: httpx.AsyncClient) -> None:
    account = await register(client)
    statuses = []
    for _ in range(10):
        response = await client.post("/api/v1/auth/login", json={"email": account.email, "password": "wrong guess"})
        statuses.append(response.status_code)
    assert statuses[:5] == [401] * 5
    assert statuses[-1] == 429
    assert int(response.headers["retry-after"]) > 0
    assert_error(response, 429, "rate_limited")
    # Even the right password waits now: the account is locked for the window.
    right = await client.post("/api/v1/auth/login", json={"email": account.email, "password": PASSWORD})
    assert right.status_code == 429


async def test_registrations_from_one_ip_are_rate_limited(client: httpx.AsyncClient) -> None:
    statuses = [
        (
            await client.post(
                "/api/v1/auth/register", json={"email": unique_email(), "password": PASSWORD, "role": "creator"}
            )
        ).status_code
        for _ in range(11)
    ]
    assert statuses[:10] == [201] * 10
    assert statuses[10] == 429


async def test_registrations_for_one_email_are_rate_limited(client: httpx.AsyncClient) -> None:
    email = unique_email()
    body = {"email": email, "password": PASSWORD, "role": "creator"}
    statuses = [(await client.post("/api/v1/auth/register", json=body)).status_code for _ in range(6)]
    assert statuses == [201, 409, 409, 409, 409, 429]


async def test_password_reset_requests_are_rate_limited_per_account(client: httpx.AsyncClient) -> None:
    account = await register(client)
    statuses = [
        (await client.post("/api/v1/auth/password/forgot", json={"email": account.email})).status_code for _ in range(4)
    ]
    assert statuses == [202, 202, 202, 429]


@pytest.mark.parametrize("when", ["before_login", "after_login"])
async def test_suspended_user_cannot_log_in_or_use_tokens(
    client: httpx.AsyncClient, mailbox: Mailbox, db: async_sessionmaker[AsyncSession], when: str
) -> None:
    account = await verified_user(client, mailbox)

    async def suspend() -> None:
        async with db() as session:
            statement = update(User).where(User.email == account.email).values(status=UserStatus.suspended)  # type: ignore[arg-type]
            await session.exec(statement)
            await session.commit()

    if when == "before_login":
        await suspend()
        response = await client.post("/api/v1/auth/login", json={"email": account.email, "password": PASSWORD})
        assert_error(response, 403, "account_suspended")
    else:
        await suspend()
        assert_error(await client.get("/api/v1/me", headers=account.headers), 403, "account_suspended")
        refresh = await client.post("/api/v1/auth/refresh", json={"refresh_token": account.refresh_token})
        assert_error(refresh, 403, "account_suspended")


async def test_providers_hide_google_when_unconfigured(client: httpx.AsyncClient) -> None:
    assert (await client.get("/api/v1/auth/providers")).json() == {"google": False}
    assert_error(await client.get("/api/v1/auth/google/login"), 404, "provider_disabled")
