"""Factory functions that create users through the API, as a real client would."""

import re
import uuid
from dataclasses import dataclass

import httpx

from tests.servers import Mailbox

PASSWORD = "correct horse battery"


@dataclass
class Account:
    email: str
    password: str
    role: str
    access_token: str = ""
    refresh_token: str = ""

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.access_token}"}


def unique_email(prefix: str = "user") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}@example.com"


def link_token(mailbox: Mailbox, email: str, path: str) -> str:
    """The token of the last link to ``path`` emailed to ``email``."""
    messages = mailbox.to(email)
    assert messages, f"no email was sent to {email}"
    body = messages[-1].get_body(preferencelist=("plain",))
    assert body is not None
    match = re.search(rf"{re.escape(path)}\?token=([\w-]+)", body.get_content())
    assert match, f"no {path} link in the email"
    return match.group(1)


async def register(http: httpx.AsyncClient, role: str = "creator", email: str | None = None) -> Account:
    account = Account(email=email or unique_email(role), password=PASSWORD, role=role)
    response = await http.post(
        "/api/v1/auth/register", json={"email": account.email, "password": account.password, "role": role}
    )
    assert response.status_code == 201, response.text
    return account


async def login(http: httpx.AsyncClient, account: Account) -> Account:
    response = await http.post("/api/v1/auth/login", json={"email": account.email, "password": account.password})
    assert response.status_code == 200, response.text
    account.access_token = response.json()["access_token"]
    account.refresh_token = response.json()["refresh_token"]
    return account


async def verified_user(http: httpx.AsyncClient, mailbox: Mailbox, role: str = "creator") -> Account:
    account = await register(http, role)
    token = link_token(mailbox, account.email, "/verify-email")
    assert (await http.post("/api/v1/auth/verify-email", json={"token": token})).status_code == 200
    return await login(http, account)
