"""The `collabmarket` command: production entry points and the one-command dev stack."""

import asyncio
import getpass
from typing import Annotated

import typer
import uvicorn

from core.demo_data import DEMO_DOMAIN, DEMO_PASSWORD
from core.settings import Environment, get_settings

app = typer.Typer(help="CollabMarket: run the API, the worker, migrations, or the whole stack.", no_args_is_help=True)


@app.command()
def api(
    host: Annotated[str, typer.Option(help="Interface to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to bind.")] = 8000,
    workers: Annotated[int, typer.Option(help="Worker processes.")] = 1,
) -> None:
    """Serve the REST API and the built web app with uvicorn."""
    uvicorn.run(
        "api.app:app",
        host=host,
        port=port,
        workers=workers,
        proxy_headers=True,
        log_level="info",
        access_log=get_settings().access_log,
    )


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


@app.command("seed")
def seed_command(
    brands: Annotated[int, typer.Option(min=0, help=f"Brands brand<n>@{DEMO_DOMAIN}.")] = 2_000,
    creators: Annotated[int, typer.Option(min=0, help=f"Creators creator<n>@{DEMO_DOMAIN}.")] = 20_000,
    campaigns: Annotated[int, typer.Option(min=0, help="Campaigns, mostly open, spread over the brands.")] = 100_000,
    random_seed: Annotated[int, typer.Option("--seed", help="Same seed, same data (dates relative to now).")] = 42,
    password: Annotated[str, typer.Option(help="The password of every seeded account.")] = DEMO_PASSWORD,
    append: Annotated[
        bool, typer.Option("--append", help="Add to a database that already holds seeded data (numbers continue).")
    ] = False,
) -> None:
    """Load realistic demo brands, creators and campaigns (development, demos, benchmarks).

    Uses DATABASE_URL, or the embedded PostgreSQL of `collabmarket dev` under COLLAB_DATA_DIR
    (the running stack's, or started just for this command). Refuses a database that already
    holds seeded accounts unless --append."""
    from psycopg.errors import UndefinedTable

    from core.devstack import dev_database_url
    from core.migrate import migrate as run_migrations
    from core.seed import AlreadySeeded, SeedPlan, seed

    settings = get_settings()
    if settings.environment is Environment.production:
        typer.echo("Refusing to seed demo accounts with a known password into a production database.", err=True)
        raise typer.Exit(1)
    if not password:
        raise typer.BadParameter("the password must not be empty", param_hint="--password")
    try:
        plan = SeedPlan(brands=brands, creators=creators, campaigns=campaigns)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from exc
    database_url = dev_database_url(settings)
    if not settings.database_url:
        run_migrations(database_url)
    typer.echo(f"Seeding {brands:,} brands, {creators:,} creators and {campaigns:,} campaigns (seed {random_seed})…")
    try:
        report = asyncio.run(
            seed(database_url, plan, random_seed=random_seed, password=password, append=append, progress=typer.echo)
        )
    except AlreadySeeded as exc:
        typer.echo(f"Not seeded: {exc}.", err=True)
        raise typer.Exit(1) from exc
    except UndefinedTable as exc:
        typer.echo("Not seeded: the database has no tables yet; run `collabmarket migrate` first.", err=True)
        raise typer.Exit(1) from exc
    typer.echo(f"Done in {report.seconds:.1f} s. Every seeded account signs in with the password {password!r}:")
    for role, numbers in (("brand", report.brand_numbers), ("creator", report.creator_numbers)):
        if numbers:
            typer.echo(f"  {role}{numbers.start}@{DEMO_DOMAIN} … {role}{numbers.stop - 1}@{DEMO_DOMAIN}")


@app.command()
def dev(port: Annotated[int, typer.Option(help="API port.")] = 8000) -> None:
    """Start everything locally: PostgreSQL, Temporal, migrations, worker and API."""
    from core.devstack import run_dev_stack

    run_dev_stack(get_settings(), port=port)


if __name__ == "__main__":
    app()
