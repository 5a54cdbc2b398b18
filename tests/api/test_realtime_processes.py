"""Two `collabmarket api` processes (uvicorn) on one database tell each other what happened: a message
sent through one reaches a socket held by the other, and a sign-out through one acts at once in the
other. Once with PostgreSQL LISTEN/NOTIFY, once with Redis pub/sub (``REDIS_URL``)."""

import os
import uuid
from collections.abc import Iterator

import httpx
import pytest

from tests.api.conversations import inquiry, post
from tests.api.sockets import ready_socket
from tests.conftest import TEST_SECRET
from tests.processes import cli_process, healthy
from tests.servers import Mailbox, free_port


@pytest.fixture(scope="module", params=["postgres", "redis"])
def apis(
    request: pytest.FixtureRequest, database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, str]]:
    """The base URLs of two API processes sharing the tests' database (and Redis, for ``redis``)."""
    env = {
        **{name: value for name, value in os.environ.items() if name != "REDIS_URL"},
        "DATABASE_URL": database_url,
        "COLLAB_SECRET_KEY": TEST_SECRET,
        "COLLAB_ENVIRONMENT": "test",
        "COLLAB_DATA_DIR": str(tmp_path_factory.mktemp("apis-data")),
        # Long enough that only the fan-out can explain another process refusing a signed-out token.
        "COLLAB_AUTH_CACHE_SECONDS": "60",
        "COLLAB_EVENTS_CHANNEL": f"collab_test_{uuid.uuid4().hex[:8]}",
    }
    if request.param == "redis":
        env["REDIS_URL"] = request.getfixturevalue("redis_url")
    ports = [free_port() for _ in range(2)]
    urls = [f"http://127.0.0.1:{port}" for port in ports]
    with (
        cli_process(
            "api", ["--port", str(ports[0])], env, tmp_path_factory.mktemp("first"), lambda _: healthy(urls[0])
        ) as first,
        cli_process(
            "api", ["--port", str(ports[1])], env, tmp_path_factory.mktemp("second"), lambda _: healthy(urls[1])
        ) as second,
    ):
        yield urls[0], urls[1]
        first.check_running()
        second.check_running()


async def test_a_message_sent_through_one_process_reaches_a_socket_held_by_the_other(
    live: httpx.AsyncClient, mailbox: Mailbox, apis: tuple[str, str]
) -> None:
    first, second = apis
    thread, owner, creator = await inquiry(live, mailbox)
    async with (
        ready_socket(second, owner.access_token) as brand_tab,
        ready_socket(first, creator.access_token) as creator_tab,
        httpx.AsyncClient(base_url=first) as through_first,
    ):
        sent = await post(through_first, creator, thread, "Sent through the first process")

        assert (await brand_tab.next("message"))["message"] == sent
        await creator_tab.send({"type": "typing", "thread_id": thread["id"]})
        assert (await brand_tab.next("typing"))["user_id"] == thread["creator"]["user_id"]
        await brand_tab.send({"type": "send", "thread_id": thread["id"], "body": "And back through the second"})
        assert (await creator_tab.next("message"))["message"]["id"] == sent["id"]
        assert (await creator_tab.next("message"))["message"]["body"] == "And back through the second"


async def test_a_sign_out_through_one_process_acts_at_once_in_the_other(
    live: httpx.AsyncClient, mailbox: Mailbox, apis: tuple[str, str]
) -> None:
    first, second = apis
    _, owner, _ = await inquiry(live, mailbox)
    async with (
        httpx.AsyncClient(base_url=first) as through_first,
        httpx.AsyncClient(base_url=second) as through_second,
        ready_socket(second, owner.access_token) as tab,
    ):
        assert (await through_second.get("/api/v1/me", headers=owner.headers)).status_code == 200  # trusted for 60 s

        assert (await through_first.post("/api/v1/auth/logout", headers=owner.headers)).status_code == 204

        assert await tab.close_code() == (4401, "Your session has ended.")
        assert (await through_second.get("/api/v1/me", headers=owner.headers)).status_code == 401
