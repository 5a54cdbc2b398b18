"""The `collabmarket` command: production entry points and the one-command dev stack."""

import asyncio
import getpass
from typing import Annotated

import typer
import uvicorn

from core.settings import get_settings

app = typer.Typer(help="CollabMarket: run the API, the worker, migrations, or the whole stack.", no_args_is_help=True)


@app.command()
def api(
    host: Annotated[str, typer.Option(help="Interface to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to bind.")] = 8000,
    workers: Annotated[int, typer.Option(help="Worker processes.")] = 1,
) -> None:
    """Serve the REST API and the built web app with uvicorn."""
    uvicorn.run("api.app:app", host=host, port=port, workers=workers, proxy_headers=True, log_level="info")


@app.command()
def worker() -> None:
    """Run the Temporal worker (every workflow and activity)."""
    from temporal.worker import main

    main(get_settings())


@app.command()
def migrate(revision: Annotated[str, typer.Argument(help="Target revision.")] = "head") -> None:
    """Apply database migrations (alembic upgrade)."""
    from core.migrate import migrate as run

    settings = get_settings()
    if not settings.database_url:
        raise typer.BadParameter("DATABASE_URL is not set.")
    run(settings.database_url, revision)


@app.command("create-admin")
def create_admin(
    email: Annotated[str, typer.Option(prompt=True, help="The admin's email.")],
    password: Annotated[str | None, typer.Option(help="Omit to be asked without echo.")] = None,
) -> None:
    """Create an administrator account (the only way to get one)."""
    from api.services.admins import create_admin as run

    secret = password or getpass.getpass("Password (min 10 characters): ")
    try:
        asyncio.run(run(get_settings(), email, secret))
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from exc
    typer.echo(f"Admin {email} created.")


@app.command()
def dev(port: Annotated[int, typer.Option(help="API port.")] = 8000) -> None:
    """Start everything locally: PostgreSQL, Temporal, migrations, worker and API."""
    from core.devstack import run_dev_stack

    run_dev_stack(get_settings(), port=port)


if __name__ == "__main__":
    app()
