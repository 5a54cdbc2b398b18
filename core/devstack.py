"""`collabmarket dev`: the whole product on one machine, from nothing.

Starts the embedded PostgreSQL (unless DATABASE_URL is set) and the Temporal dev server
(unless TEMPORAL_ADDRESS is set), migrates, then runs the worker and the API as child
processes until Ctrl-C, which stops every child. Data stays under ``.data/`` between runs.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from core.embedded_postgres import start_embedded_postgres
from core.migrate import migrate
from core.settings import Settings
from temporal.dev_server import start_dev_server, wait_for_port

API_PORT = 8000
DEV_DATABASE = "collabmarket"


def dev_database_url(settings: Settings) -> str:
    """``DATABASE_URL``, or else the embedded PostgreSQL under the data directory: the server a
    running ``collabmarket dev`` uses (shared, and left running when this process exits), or one
    started for this process and stopped when it exits."""
    return settings.database_url or start_embedded_postgres(settings.data_dir.resolve(), DEV_DATABASE)


def run_dev_stack(settings: Settings, *, host: str = "127.0.0.1", port: int = API_PORT) -> None:
    data_dir = settings.data_dir.resolve()
    logs = data_dir / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    children: list[tuple[str, subprocess.Popen[bytes]]] = []

    def stop_children() -> None:
        # A second Ctrl-C (or the one `uv run` forwards) must not cut the shutdown short.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        # Newest first: the API and the worker finish before the Temporal server they talk to.
        for name, child in reversed(children):
            if child.poll() is None:
                print(f"  stopping {name}…", flush=True)
                stop_process(child)

    # Children run in their own sessions, so Ctrl-C reaches only this process, which then
    # stops them in order. A shell may start us with SIGINT ignored: take it back.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        if not settings.database_url:
            print("• starting embedded PostgreSQL…", flush=True)
            env["DATABASE_URL"] = dev_database_url(settings)
        if not settings.temporal_address:
            print("• starting Temporal dev server…", flush=True)
            temporal = start_dev_server(
                data_dir, port=settings.temporal_port, ui_port=settings.temporal_ui_port, log_file=logs / "temporal.log"
            )
            children.append(("temporal", temporal))
            env["TEMPORAL_ADDRESS"] = f"127.0.0.1:{settings.temporal_port}"
        print("• migrating the database…", flush=True)
        migrate(env.get("DATABASE_URL", settings.database_url))
        cli = [sys.executable, "-m", "core.cli"]
        children.append(("worker", subprocess.Popen([*cli, "worker"], env=env, start_new_session=True)))
        api = subprocess.Popen([*cli, "api", "--host", host, "--port", str(port)], env=env, start_new_session=True)
        children.append(("api", api))
        wait_for_port(port, api, timeout=60)
        _print_urls(settings, host, port, data_dir)
        while all(child.poll() is None for _name, child in children):
            time.sleep(0.5)
        failed = [name for name, child in children if child.poll() is not None]
        print(f"! {', '.join(failed)} stopped unexpectedly; shutting down (logs under {logs})", flush=True)
    except KeyboardInterrupt:
        print("\n• Ctrl-C: shutting down", flush=True)
    finally:
        stop_children()


def _print_urls(settings: Settings, host: str, port: int, data_dir: Path) -> None:
    web = f"http://{'localhost' if host == '127.0.0.1' else host}:{port}"
    lines = [
        "",
        "CollabMarket is running:",
        f"  Web app            {web}",
        f"  API docs (OpenAPI) {web}/docs",
        f"  Dev mailbox        {web}/dev/outbox   (emails also in {data_dir / 'outbox'})",
    ]
    if not settings.temporal_address:
        lines.append(f"  Temporal Web UI    http://localhost:{settings.temporal_ui_port}")
    lines += [f"  Logs               {data_dir / 'logs'}", "Press Ctrl-C to stop everything.", ""]
    print("\n".join(lines), flush=True)


def stop_process(child: subprocess.Popen[bytes], timeout: float = 15) -> None:
    """SIGTERM, then SIGKILL if it has not exited within ``timeout`` seconds."""
    child.terminate()
    try:
        child.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()


def _interrupt(*_: object) -> None:
    """SIGTERM stops the stack the way Ctrl-C does."""
    raise KeyboardInterrupt
