"""The `collabmarket` command's production entry points."""

import subprocess
import sys

import psycopg

from tests.factories import unique_email


def run_cli(*args: str, database_url: str) -> subprocess.CompletedProcess[str]:
    env = {"DATABASE_URL": database_url, "PATH": "/usr/bin:/bin", "COLLAB_ENVIRONMENT": "test"}
    return subprocess.run(
        [sys.executable, "-m", "core.cli", *args], env=env, capture_output=True, text=True, timeout=60, check=False
    )


def test_create_admin_makes_a_verified_admin(database_url: str) -> None:
    email = unique_email("admin")
    result = run_cli("create-admin", "--email", email, "--password", "an admin passphrase", database_url=database_url)
    assert result.returncode == 0, result.stderr
    with psycopg.connect(database_url) as connection:
        row = connection.execute(
            "SELECT role, email_verified_at IS NOT NULL, password_hash LIKE '$argon2id$%%' FROM users WHERE email = %s",
            (email,),
        ).fetchone()
        connection.execute("DELETE FROM users WHERE email = %s", (email,))
    assert row == ("admin", True, True)


def test_create_admin_refuses_a_short_password(database_url: str) -> None:
    result = run_cli("create-admin", "--email", unique_email("admin"), "--password", "short", database_url=database_url)
    assert result.returncode != 0
    assert "at least 10 characters" in result.stderr


def test_migrate_is_idempotent(database_url: str) -> None:
    result = run_cli("migrate", database_url=database_url)
    assert result.returncode == 0, result.stderr
