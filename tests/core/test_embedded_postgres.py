"""The embedded PostgreSQL starts with the settings in ``core.embedded_postgres.TUNING``."""

import os
import tempfile
from pathlib import Path

import psycopg

from core.embedded_postgres import TUNING, TUNING_FILE, start_embedded_postgres, tune


def test_a_new_server_starts_tuned_and_the_include_is_written_once() -> None:
    with tempfile.TemporaryDirectory(prefix="collab-pg-") as folder:
        os.chmod(folder, 0o755)  # noqa: S103 - the server runs as its own system user when we are root
        url = start_embedded_postgres(Path(folder), "tuned", delete_on_exit=True)
        with psycopg.connect(url) as connection:
            for name, value in TUNING.items():
                row = connection.execute(f"SHOW {name}").fetchone()
                assert row is not None and row[0] == value
        pgdata = Path(folder) / "postgres"
        tune(pgdata)
        assert (pgdata / "postgresql.conf").read_text().count(TUNING_FILE) == 1
