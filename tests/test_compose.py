"""The container stack: `docker-compose.yml` renders (no Docker engine needed) and the
`Dockerfile` builds the web app and installs the project from the lock file."""

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
COMPOSE_FILE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"
SECRET = "compose-test-secret-0123456789abcdefghij"
APP_SERVICES = ("api", "worker", "migrate")


def docker_compose(tmp_path: Path, extra_env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """`docker-compose config` in a clean environment: an empty env file, so neither the
    caller's variables nor a developer's `.env` beside the compose file leak in."""
    executable = shutil.which("docker-compose")
    if executable is None:
        pytest.skip("the docker-compose executable is missing (Debian package docker-compose)")
    env_file = tmp_path / "empty.env"
    env_file.write_text("")
    env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": str(tmp_path), **extra_env}
    return subprocess.run(
        [executable, "-f", str(COMPOSE_FILE), "--env-file", str(env_file), "config"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    result = docker_compose(tmp_path_factory.mktemp("compose"), {"COLLAB_SECRET_KEY": SECRET})
    assert result.returncode == 0, result.stderr
    config = yaml.safe_load(result.stdout)
    assert isinstance(config, dict)
    return config


def test_compose_renders_every_service(rendered: dict[str, Any]) -> None:
    services = rendered["services"]
    expected = {"postgres", "temporal", "temporal-ui", "minio", "migrate", "api", "worker"}
    assert expected <= set(services)


def test_app_services_share_one_image(rendered: dict[str, Any]) -> None:
    services = rendered["services"]
    builds = {repr(services[name]["build"]) for name in APP_SERVICES}
    images = {services[name]["image"] for name in APP_SERVICES}
    assert len(builds) == 1
    assert len(images) == 1
    commands = {name: services[name]["command"][0] for name in APP_SERVICES}
    assert commands == {"api": "api", "worker": "worker", "migrate": "migrate"}


def test_app_runs_in_production_mode_with_the_secret_from_the_environment(rendered: dict[str, Any]) -> None:
    for name in APP_SERVICES:
        env = rendered["services"][name]["environment"]
        assert env["COLLAB_ENVIRONMENT"] == "production"
        assert env["COLLAB_SECRET_KEY"] == SECRET
        assert env["COLLAB_EMAIL_BACKEND"] == "smtp"
        assert env["DATABASE_URL"].startswith("postgresql://")
        assert env["DATABASE_URL"].endswith("@postgres:5432/collabmarket")
        assert env["TEMPORAL_ADDRESS"] == "temporal:7233"


def test_api_waits_for_migrations_and_temporal(rendered: dict[str, Any]) -> None:
    services = rendered["services"]
    depends = services["api"]["depends_on"]
    assert depends["migrate"]["condition"] == "service_completed_successfully"
    assert "temporal" in depends
    assert services["migrate"]["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert {(str(port["published"]), str(port["target"])) for port in services["api"]["ports"]} == {("8000", "8000")}


def test_compose_refuses_to_render_without_a_secret_key(tmp_path: Path) -> None:
    result = docker_compose(tmp_path, {})
    assert result.returncode != 0
    assert "COLLAB_SECRET_KEY" in result.stderr


def test_dockerfile_builds_the_frontend_and_installs_from_the_lock() -> None:
    text = DOCKERFILE.read_text()
    stages = re.findall(r"^FROM\s+(\S+)", text, flags=re.MULTILINE | re.IGNORECASE)
    assert len(stages) >= 2, "expected a multi-stage build"
    assert stages[0].startswith("node:")
    assert stages[-1].startswith("python:3.11")
    frontend_stage, _, app_stage = text.partition(f"FROM {stages[-1]}")
    assert "npm ci" in frontend_stage
    assert "npm run build" in frontend_stage
    assert "uv sync --frozen" in app_stage
    assert "--no-dev" in app_stage
    assert re.search(r"COPY --from=\S+ \S*frontend/dist", app_stage)
    assert re.search(r"^USER\s+(?!root\b|0\b)\S+", app_stage, flags=re.MULTILINE), "must not run as root"
    assert 'ENTRYPOINT ["collabmarket"]' in app_stage
    assert "HEALTHCHECK" in app_stage
    assert "/health" in app_stage
