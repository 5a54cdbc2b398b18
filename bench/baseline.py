"""The baseline of ``bench.lifecycle``: a workflow that does nothing but take Updates, run on the same
Temporal server as the product, so the product's figures can be read against what the engine allows.

One run: start :class:`~bench.trivial_workflow.TrivialWorkflow`, send it one Update per user action of
a lifecycle, then wait for its result (it completes after the last one). Its worker is a process of
its own, like the product's, on a task queue of its own: :func:`trivial_worker`.
"""

import asyncio
import contextlib
import sys
import uuid
from collections.abc import AsyncIterator, Awaitable
from typing import TypeVar

from temporalio.client import Client
from temporalio.exceptions import TemporalError

from bench.harness import BenchError, StepLatencies, Unit, measured
from bench.trivial_workflow import READY, TrivialWorkflow

TRIVIAL = "trivial workflow (start → updates → result)"
START = "trivial: start workflow"
UPDATE = "trivial: update"
RESULT = "trivial: result (completed)"
T = TypeVar("T")


def trivial_unit(client: Client, task_queue: str, *, updates: int, timeout: float) -> Unit:
    """One trivial workflow per run: timed as :data:`START`, :data:`UPDATE` (each of ``updates``) and
    :data:`RESULT`; each call fails after ``timeout`` seconds."""

    async def unit(worker: int, index: int) -> StepLatencies:
        workflow_id = f"bench-trivial-{uuid.uuid4().hex}"
        start = client.start_workflow(TrivialWorkflow.run, updates, id=workflow_id, task_queue=task_queue)
        handle, start_ms = await _timed(START, start, timeout)
        update_ms = []
        for number in range(updates):
            _, latency_ms = await _timed(UPDATE, handle.execute_update(TrivialWorkflow.step, number), timeout)
            update_ms.append(latency_ms)
        _, result_ms = await _timed(RESULT, handle.result(), timeout)
        return {START: start_ms, UPDATE: update_ms, RESULT: result_ms}

    return unit


async def _timed(step: str, call: Awaitable[T], seconds: float) -> tuple[T, float]:
    return await measured(step, asyncio.wait_for(call, seconds), (TemporalError, TimeoutError))


@contextlib.asynccontextmanager
async def trivial_worker(address: str, namespace: str, task_queue: str) -> AsyncIterator[None]:
    """Run the baseline's worker process while the block runs (stopped with SIGTERM after it)."""
    command = ["-m", "bench.trivial_workflow", "--address", address, "--namespace", namespace]
    process = await asyncio.create_subprocess_exec(
        sys.executable, *command, "--task-queue", task_queue, stdout=asyncio.subprocess.PIPE
    )
    try:
        assert process.stdout is not None
        line = await asyncio.wait_for(process.stdout.readline(), timeout=60)
        if line.decode().strip() != READY:
            raise BenchError(f"the trivial workflow's worker did not start (exit code {await process.wait()})")
        yield
    finally:
        if process.returncode is None:
            process.terminate()
            try:
                await asyncio.wait_for(process.wait(), timeout=15)
            except TimeoutError:
                process.kill()
                await process.wait()
