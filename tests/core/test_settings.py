"""Settings: development needs nothing; production refuses development defaults."""

from pathlib import Path

import pytest
from pydantic import ValidationError

from core.settings import DEV_SECRET, Settings

PRODUCTION = {
    "COLLAB_ENVIRONMENT": "production",
    "COLLAB_SECRET_KEY": "a-real-production-secret-of-sufficient-length",
    "DATABASE_URL": "postgresql://app@db/collabmarket",
    "TEMPORAL_ADDRESS": "temporal:7233",
    "COLLAB_EMAIL_BACKEND": "smtp",
}


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in [*PRODUCTION, "COLLAB_DATABASE_URL", "REDIS_URL", "STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET"]:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir("/")  # no .env file
    return monkeypatch


def test_development_needs_no_configuration(env: pytest.MonkeyPatch) -> None:
    settings = Settings()
    assert settings.secret_key.get_secret_value() == DEV_SECRET
    assert settings.database_url == ""


def test_production_starts_with_real_secrets(env: pytest.MonkeyPatch) -> None:
    for name, value in PRODUCTION.items():
        env.setenv(name, value)
    settings = Settings()
    assert settings.database_url == "postgresql://app@db/collabmarket"
    assert settings.temporal_address == "temporal:7233"


@pytest.mark.parametrize(
    ("name", "value", "complaint"),
    [
        ("COLLAB_SECRET_KEY", DEV_SECRET, "COLLAB_SECRET_KEY must be set"),
        ("COLLAB_SECRET_KEY", "short", "at least 32 characters"),
        ("DATABASE_URL", "", "DATABASE_URL must be set"),
        ("COLLAB_EMAIL_BACKEND", "outbox", "COLLAB_EMAIL_BACKEND=smtp"),
    ],
)
def test_production_refuses_development_defaults(
    env: pytest.MonkeyPatch, name: str, value: str, complaint: str
) -> None:
    for key, setting in PRODUCTION.items():
        env.setenv(key, setting)
    env.setenv(name, value)
    with pytest.raises(ValidationError, match=complaint):
        Settings()


def test_production_with_stripe_needs_the_webhook_secret(env: pytest.MonkeyPatch) -> None:
    for name, value in PRODUCTION.items():
        env.setenv(name, value)
    env.setenv("STRIPE_SECRET_KEY", "sk_live_0123456789")
    with pytest.raises(ValidationError, match="STRIPE_WEBHOOK_SECRET must be set"):
        Settings()
    env.setenv("STRIPE_WEBHOOK_SECRET", "whsec_0123456789")
    assert Settings().stripe_enabled


def test_prefixed_names_work_for_well_known_variables(env: pytest.MonkeyPatch) -> None:
    env.setenv("COLLAB_DATABASE_URL", "postgresql://prefixed@db/x")
    assert Settings().database_url == "postgresql://prefixed@db/x"


def test_env_example_documents_every_setting() -> None:
    example = (Path(__file__).resolve().parents[2] / ".env.example").read_text()
    documented = {
        line.split("=", 1)[0].strip().removeprefix("COLLAB_").lower()
        for line in example.splitlines()
        if "=" in line and not line.startswith("#")
    }
    assert set(Settings.model_fields) <= documented, set(Settings.model_fields) - documented


def test_empty_variables_fall_back_to_defaults(env: pytest.MonkeyPatch) -> None:
    env.setenv("COLLAB_SECRET_KEY", "")
    assert Settings().secret_key.get_secret_value() == DEV_SECRET
