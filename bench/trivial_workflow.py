"""The baseline's workflow (see ``bench/baseline.py``), and its worker:
``python -m bench.trivial_workflow --address … --task-queue …``, a process of its own like the product's.

The worker's sandbox imports this module again, so it imports nothing but the SDK.
"""

import argparse
import asyncio
import os
import signal
import sys
from collections.abc import Sequence

from temporalio import workflow
from temporalio.client import Client
from temporalio.worker import Worker

READY = "trivial worker ready"
"""What the worker prints once it polls."""


@workflow.defn
class TrivialWorkflow:
    """Takes ``updates`` Updates, each answered at once (no activity, no I/O), then completes."""

    def __init__(self) -> None:
        self._taken = 0

    @workflow.run
    async def run(self, updates: int) -> int:
        await workflow.wait_condition(lambda: self._taken >= updates)
        await workflow.wait_condition(workflow.all_handlers_finished)
        return self._taken

    @workflow.update
    def step(self, number: int) -> int:
        self._taken += 1
        return number


async def serve(address: str, namespace: str, task_queue: str) -> None:
    """Poll ``task_queue`` for :class:`TrivialWorkflow` until SIGTERM or SIGINT."""
    client = await Client.connect(address, namespace=namespace)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    async with Worker(client, task_queue=task_queue, workflows=[TrivialWorkflow]):
        print(READY, flush=True)
        await stop.wait()


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.trivial_workflow", description=__doc__)
    parser.add_argument("--address", required=True, help="the Temporal frontend, host:port")
    parser.add_argument("--namespace", default="default")
    parser.add_argument("--task-queue", required=True)
    args = parser.parse_args(argv)
    asyncio.run(serve(args.address, args.namespace, args.task_queue))
    exit_now(0)


def exit_now(code: int) -> None:
    """Exit without the interpreter's teardown, once the work is done: the SDK's Rust threads sometimes
    outlive it and abort the process (temporalio/sdk-python#300, "PyGILState_Release … finalizing")."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    main()
