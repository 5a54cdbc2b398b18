"""The pure parts of bench.lifecycle and its baseline: where upload bytes go, the comparison with the
baseline, and the harness pieces they added (steps kept on failure, steps taken several times)."""

import uuid

import pytest
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from bench.applications import ACCEPT, APPLY
from bench.baseline import RESULT, START, TRIVIAL, UPDATE, trivial_unit
from bench.harness import BenchError, LevelResult, StepFailed, StepLatencies, Steps, run_units
from bench.lifecycle import ACTIONS, LIFECYCLE, comparison, upload_target
from bench.trivial_workflow import TrivialWorkflow


def test_local_storage_upload_urls_go_to_the_stack_under_test() -> None:
    url = "http://localhost:8000/api/v1/files/abc.def?x=1"
    assert upload_target(url) == "/api/v1/files/abc.def?x=1"


def test_other_upload_urls_must_be_on_a_loopback_host() -> None:
    assert upload_target("http://127.0.0.1:9000/bucket/key?sig=1") == "http://127.0.0.1:9000/bucket/key?sig=1"
    with pytest.raises(BenchError):
        upload_target("https://bucket.s3.amazonaws.com/key?sig=1")


def result(endpoint: str, concurrency: int, latencies: list[float], elapsed_s: float = 10.0) -> LevelResult:
    return LevelResult(endpoint, concurrency, planned=len(latencies), latencies_ms=latencies, elapsed_s=elapsed_s)


def test_comparison_divides_the_products_figures_by_the_baselines() -> None:
    results = [
        result(LIFECYCLE, 10, [1000.0] * 5),
        *(result(action, 10, [60.0] * 5) for action in ACTIONS),
        result(TRIVIAL, 10, [100.0] * 20),
        result(UPDATE, 10, [20.0] * 120),
    ]
    [row] = [line for line in comparison(results).splitlines() if line.startswith("| 10 |")]
    assert row == "| 10 | 0.50 | 2.00 | 0.25 | 20.0 | " + " | ".join(["3.00x"] * len(ACTIONS)) + " |"


def test_comparison_leaves_out_levels_without_a_baseline() -> None:
    results = [result(LIFECYCLE, 1, [1000.0]), *(result(action, 1, [60.0]) for action in ACTIONS)]
    assert "| 1 |" not in comparison(results)


async def test_a_failed_step_keeps_the_latencies_of_the_steps_before_it() -> None:
    async def unit(worker: int, index: int) -> StepLatencies:
        steps = Steps()
        with steps.kept_on_failure():
            with steps.timing(APPLY):
                pass
            raise StepFailed(ACCEPT, "HTTP 503")
        return steps.latencies

    whole, apply, accept = await run_units(
        "round trip", unit, steps=[APPLY, ACCEPT], concurrency=1, total=3, warmup=0, time_cap=10
    )
    assert (whole.errors, len(apply.latencies_ms), accept.errors, accept.latencies_ms) == (3, 3, 3, [])


async def test_the_trivial_workflow_takes_its_updates_then_completes(temporal_dev: WorkflowEnvironment) -> None:
    task_queue = f"bench-trivial-{uuid.uuid4().hex[:8]}"
    async with Worker(temporal_dev.client, task_queue=task_queue, workflows=[TrivialWorkflow]):
        [whole, start, update, end] = await run_units(
            TRIVIAL,
            trivial_unit(temporal_dev.client, task_queue, updates=3, timeout=30),
            steps=[START, UPDATE, RESULT],
            concurrency=2,
            total=2,
            warmup=0,
            time_cap=60,
        )
    assert (whole.errors, len(start.latencies_ms), len(update.latencies_ms), len(end.latencies_ms)) == (0, 2, 6, 2)
