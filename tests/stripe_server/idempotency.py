"""Idempotent requests as Stripe keeps them: the first response to a POST is remembered per
(API key, `Idempotency-Key`) and replayed byte for byte for the same endpoint and parameters;
the key with another endpoint or other parameters is an `idempotency_error`.

As Stripe documents, only requests that began executing are remembered: a refusal of the
parameters (400, 404) is not, so a retry after fixing its cause runs again; a card decline
(402) is, since the payment attempt happened. The caller serialises lookup, execution and
`remember` (the server runs each API call under its state lock), so two concurrent
requests with one key cannot both execute."""

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from tests.stripe_server.errors import idempotency_mismatch


@dataclass(frozen=True)
class StoredResponse:
    status: int
    body: bytes
    request_id: str


@dataclass(frozen=True)
class _Entry:
    endpoint: str
    fingerprint: str
    response: StoredResponse


def _fingerprint(params: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(params, sort_keys=True).encode()).hexdigest()


def _worth_remembering(status: int) -> bool:
    return status < 400 or status == 402


class IdempotencyStore:
    """Remembered responses by (API key, idempotency key)."""

    def __init__(self) -> None:
        self._entries: dict[tuple[str, str], _Entry] = {}

    def replay(self, api_key: str, key: str, endpoint: str, params: dict[str, Any]) -> StoredResponse | None:
        """The remembered response for this key, None if there is none; raises when the key
        was first used for another endpoint or with other parameters."""
        entry = self._entries.get((api_key, key))
        if entry is None:
            return None
        if entry.endpoint != endpoint:
            raise idempotency_mismatch(key, "endpoint")
        if entry.fingerprint != _fingerprint(params):
            raise idempotency_mismatch(key, "parameters")
        return entry.response

    def remember(self, api_key: str, key: str, endpoint: str, params: dict[str, Any], response: StoredResponse) -> None:
        if _worth_remembering(response.status):
            self._entries[(api_key, key)] = _Entry(endpoint, _fingerprint(params), response)
