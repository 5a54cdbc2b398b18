"""Opaque keyset cursors: the sort key of the last row a page showed, base64-encoded."""

import base64
import json
from typing import Any, TypeVar

from pydantic import TypeAdapter, ValidationError

from api.errors import DomainError

K = TypeVar("K")


def encode_cursor(*key: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(key, default=str).encode()).decode()


def decode_cursor(cursor: str, size: int) -> list[Any]:
    """The key ``encode_cursor`` wrote; a 400 for anything a client made up."""
    try:
        key = json.loads(base64.urlsafe_b64decode(cursor.encode()))
    except (ValueError, UnicodeDecodeError) as exc:
        raise InvalidCursor() from exc
    if not isinstance(key, list) or len(key) != size:
        raise InvalidCursor()
    return key


class InvalidCursor(DomainError):
    code = "invalid_cursor"

    def __init__(self) -> None:
        super().__init__("This page cursor is not valid. Start again from the first page.")


def decode_key(cursor: str, key: TypeAdapter[K]) -> K:
    """The key ``encode_cursor`` wrote, validated as ``key`` (a tuple type); a 400 for anything else."""
    try:
        return key.validate_python(json.loads(base64.urlsafe_b64decode(cursor.encode())))
    except (ValueError, UnicodeDecodeError, ValidationError) as exc:
        raise InvalidCursor() from exc
