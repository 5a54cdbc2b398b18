"""Shared table plumbing: the metadata naming convention and column helpers.

The helpers return ``Any``, as SQLModel's ``Field`` does, so they type-check as defaults."""

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, MetaData
from sqlmodel import Field, SQLModel

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

SQLModel.metadata = MetaData(naming_convention=NAMING_CONVENTION)


def utcnow() -> datetime:
    return datetime.now(UTC)


def id_field() -> Any:
    return Field(default_factory=uuid.uuid4, primary_key=True)


def timestamp_field(*, index: bool = False) -> Any:
    """A timezone-aware timestamp column that defaults to now."""
    return Field(
        default_factory=utcnow,
        sa_type=DateTime(timezone=True),
        nullable=False,
        index=index,
    )


def optional_timestamp_field() -> Any:
    """A timezone-aware timestamp column that stays empty until something happens."""
    return Field(default=None, sa_type=DateTime(timezone=True), nullable=True)
