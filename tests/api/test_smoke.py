import httpx

from tests.factories import register, login


async def test_registered_user_reads_own_profile(client: httpx.AsyncClient) -> None:
    account = await login(client, await register(client, "brand"))
    response = await client.get("/api/v1/me", headers=account.headers)
    assert response.status_code == 200
    assert response.json()["email"] == account.email
