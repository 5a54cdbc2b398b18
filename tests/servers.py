"""Real servers for the tests: PostgreSQL, SMTP, Temporal, S3 (moto), Redis."""

import asyncio
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import psycopg
import uvicorn
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from moto.server import ThreadedMotoServer
from psycopg import sql
from sqlalchemy.engine import make_url
from starlette.types import ASGIApp

from core.devstack import stop_process
from core.embedded_postgres import start_embedded_postgres, stop_embedded_postgres
from temporal.dev_server import wait_for_port

VENV_BIN = Path(sys.executable).parent
TEMPORAL_TEST_SERVER = VENV_BIN / "temporal-test-server"
TEMPORAL_CLI = VENV_BIN / "temporal"


@contextmanager
def postgres_database() -> Iterator[str]:
    """A fresh, empty database for this test run: on TEST_DATABASE_URL's server when set,
    otherwise on an embedded PostgreSQL in a temporary folder. Dropped afterwards."""
    name = f"collab_test_{uuid.uuid4().hex[:10]}"
    admin_url = os.environ.get("TEST_DATABASE_URL")
    if admin_url:
        with psycopg.connect(admin_url, autocommit=True) as connection:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)
        try:
            yield url
        finally:
            with psycopg.connect(admin_url, autocommit=True) as connection:
                connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        return
    with tempfile.TemporaryDirectory(prefix="collab-pg-") as folder:
        os.chmod(folder, 0o755)  # noqa: S103 - the server runs as its own system user when we are root
        try:
            yield start_embedded_postgres(Path(folder), name, delete_on_exit=True)
        finally:
            stop_embedded_postgres(Path(folder))


@dataclass
class Mailbox:
    """Messages received by the in-process SMTP server."""

    messages: list[EmailMessage] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        message = message_from_bytes(envelope.content, policy=policy.default)  # type: ignore[arg-type]
        with self.lock:
            self.messages.append(message)
        return "250 OK"

    def clear(self) -> None:
        with self.lock:
            self.messages.clear()

    def to(self, address: str) -> list[EmailMessage]:
        with self.lock:
            return [message for message in self.messages if message["To"] == address]


@contextmanager
def smtp_server() -> Iterator[tuple[Mailbox, int]]:
    mailbox = Mailbox()
    port = free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield mailbox, port
    finally:
        controller.stop()


@contextmanager
def s3_server() -> Iterator[str]:
    """moto's S3 API over HTTP on a free port, in a thread; yields its URL."""
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


@contextmanager
def redis_server() -> Iterator[str]:
    """Redis for this test run: TEST_REDIS_URL's server when set, otherwise a ``redis-server`` of its own on
    a free port, keeping nothing on disk. Yields its URL."""
    url = os.environ.get("TEST_REDIS_URL")
    if url:
        yield url
        return
    executable = shutil.which("redis-server")
    if executable is None:
        raise RuntimeError("The Redis tests need redis-server (apt-get install redis-server) or TEST_REDIS_URL.")
    port = free_port()
    arguments = ["--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
    server = subprocess.Popen([executable, *arguments], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_port(port, server, timeout=10)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        stop_process(server)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@asynccontextmanager
async def serving(app: ASGIApp) -> AsyncIterator[str]:
    """Serve ``app`` over real HTTP with uvicorn on the test's own event loop, so it shares the test's
    engine and clients (e.g. for webhooks another server POSTs to); yields its base URL."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off"))
    serve = asyncio.create_task(server.serve())
    while not server.started:
        if serve.done():
            raise RuntimeError(f"uvicorn did not start on port {port}") from serve.exception()
        await asyncio.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await serve
