"""The schema comes from Alembic migrations, and they must match the models."""

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, pool
from sqlmodel import SQLModel

import models  # noqa: F401 - registers the tables
from core.migrate import alembic_config
from models.db import async_url


def test_models_and_migrations_agree(database_url: str) -> None:
    engine = create_engine(async_url(database_url), poolclass=pool.NullPool)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, SQLModel.metadata)
    engine.dispose()
    assert differences == [], f"models differ from migrations; run `alembic revision --autogenerate`: {differences}"


def test_migrations_downgrade_and_upgrade_again(database_url: str) -> None:
    config = alembic_config(database_url)
    command.downgrade(config, "base")
    command.upgrade(config, "head")
    engine = create_engine(async_url(database_url), poolclass=pool.NullPool)
    with engine.connect() as connection:
        version = connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    engine.dispose()
    assert version is not None


def test_constraint_names_follow_the_naming_convention(database_url: str) -> None:
    engine = create_engine(async_url(database_url), poolclass=pool.NullPool)
    with engine.connect() as connection:
        names = (
            connection.exec_driver_sql(
                "SELECT conname FROM pg_constraint WHERE connamespace = 'public'::regnamespace"
                " AND contype IN ('p', 'f', 'u', 'c') AND conrelid <> 'alembic_version'::regclass"
            )
            .scalars()
            .all()
        )
    engine.dispose()
    assert names and all(name.startswith(("pk_", "fk_", "uq_", "ck_")) for name in names), names
