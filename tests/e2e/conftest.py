"""The real API (uvicorn serving the built web app) and Temporal worker, and Debian's Chromium
driven by Playwright."""

import os
import shutil
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.async_api import Browser, BrowserContext, Page, async_playwright
from temporalio.testing import WorkflowEnvironment

from tests.e2e.flows import NewPage
from tests.processes import WORKER_READY, CliProcess, cli_process, healthy
from tests.servers import free_port

REPO = Path(__file__).resolve().parents[2]
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@dataclass
class LiveServer:
    """Where the web app is served, and the processes behind it."""

    url: str
    processes: list[CliProcess]

    def check_running(self) -> None:
        for process in self.processes:
            process.check_running()


@pytest.fixture(scope="session")
def live_server(
    database_url: str, temporal_dev: WorkflowEnvironment, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    """The API (serving the built web app) and the Temporal worker, as `collabmarket api`
    and `collabmarket worker` subprocesses; their logs are in the `e2e-logs` temp folder."""
    if not (REPO / "frontend" / "dist" / "index.html").exists():
        pytest.fail("The web app is not built: run `make frontend` (make test does) before the browser tests.")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "TEMPORAL_ADDRESS": temporal_dev.client.service_client.config.target_host,
        # A queue of its own: other tests run their workers on the same Temporal server.
        "COLLAB_TEMPORAL_TASK_QUEUE": f"e2e-{uuid.uuid4().hex[:8]}",
        "COLLAB_ENVIRONMENT": "development",
        "COLLAB_DATA_DIR": str(tmp_path_factory.mktemp("e2e-data")),
        "COLLAB_PUBLIC_URL": url,
    }
    logs = tmp_path_factory.mktemp("e2e-logs")
    with (
        cli_process("worker", [], env, logs, ready=lambda log: WORKER_READY in log) as worker,
        cli_process("api", ["--port", str(port)], env, logs, ready=lambda _: healthy(url)) as api,
    ):
        server = LiveServer(url, [worker, api])
        yield server
        server.check_running()


@pytest.fixture(scope="session")
async def browser() -> AsyncIterator[Browser]:
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        pytest.fail("Debian's chromium is required for the browser tests (apt-get install chromium).")
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield browser
        await browser.close()


@pytest.fixture
async def new_page(browser: Browser, live_server: LiveServer) -> AsyncIterator[NewPage]:
    """Opens a page in a browser context of its own (its own cookies: one user each)."""
    contexts: list[BrowserContext] = []

    async def open_page() -> Page:
        context = await browser.new_context(base_url=live_server.url)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return await context.new_page()

    yield open_page
    for context in contexts:
        await context.close()
    live_server.check_running()


@pytest.fixture
async def page(new_page: NewPage) -> Page:
    return await new_page()
