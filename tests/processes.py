"""`python -m core.cli <command>` subprocesses for tests: started, awaited until ready, stopped."""

import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from core.devstack import stop_process

REPO = Path(__file__).resolve().parents[1]
WORKER_READY = "worker polling task queue"
"""What `collabmarket worker` logs once it polls its task queue."""


@dataclass
class CliProcess:
    """One `python -m core.cli <command>` subprocess and its log file."""

    name: str
    popen: subprocess.Popen[bytes]
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def check_running(self) -> None:
        if self.popen.poll() is not None:
            pytest.fail(
                f"The {self.name} exited with {self.popen.returncode}; "
                f"its log ({self.log_path}) ends with:\n{self.log()[-3000:]}"
            )


@contextmanager
def cli_process(
    name: str, args: list[str], env: dict[str, str], logs: Path, ready: Callable[[str], bool]
) -> Iterator[CliProcess]:
    """Start `core.cli <name> <args>`, wait until `ready(log text)`, stop it (SIGTERM) afterwards."""
    log_path = logs / f"{name}.log"
    with log_path.open("wb") as log:
        popen = subprocess.Popen(
            [sys.executable, "-m", "core.cli", name, *args], cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT
        )
        process = CliProcess(name, popen, log_path)
        try:
            wait_ready(process, ready)
            yield process
        finally:
            stop_process(popen)


def healthy(url: str) -> bool:
    """Whether the API at ``url`` answers its health check (a readiness test for `api` processes)."""
    try:
        return httpx.get(f"{url}/health", timeout=1).status_code == 200
    except httpx.TransportError:
        return False


def wait_ready(process: CliProcess, ready: Callable[[str], bool]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        process.check_running()
        if ready(process.log()):
            return
        time.sleep(0.2)
    pytest.fail(f"The {process.name} was not ready after 30 s; its log ({process.log_path}):\n{process.log()[-3000:]}")
