"""The server's in-memory account: every object by id, the events, and what objects keep
out of sight (a checkout session's `payment_intent_data`, an onboarding link's URLs).

One lock guards it all: API calls run one at a time, and tests may read it from their own
thread while the server's thread writes."""

import copy
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tests.stripe_server.errors import invalid_request, resource_missing
from tests.stripe_server.objects import build


@dataclass(frozen=True)
class Origin:
    """What caused a change, as an event's `request` reports it: an API request (its id and
    idempotency key), or nothing for a person acting on a hosted page."""

    request_id: str | None = None
    idempotency_key: str | None = None


EventListener = Callable[[dict[str, Any]], int]
"""Called with each new event; answers how many webhook endpoints it will be sent to."""


class StripeState:
    """One platform account: objects by id in creation order, and events sent on as they happen."""

    def __init__(self, api_version: str, on_event: EventListener) -> None:
        self.api_version = api_version
        self.lock = threading.RLock()
        self.extras: dict[str, dict[str, Any]] = {}
        self._objects: dict[str, dict[str, Any]] = {}
        self._on_event = on_event

    def add(self, obj: dict[str, Any]) -> dict[str, Any]:
        with self.lock:
            self._objects[obj["id"]] = obj
        return obj

    def get(self, kind: str, object_id: str, *, param: str = "id") -> dict[str, Any]:
        """The live object (callers change it in place), or Stripe's `resource_missing` error."""
        with self.lock:
            obj = self._objects.get(object_id)
        if obj is None or obj["object"] != kind:
            raise resource_missing(kind, object_id, param=param)
        return obj

    def all(self, kind: str) -> list[dict[str, Any]]:
        """Every object of `kind`, newest first, as Stripe lists them."""
        with self.lock:
            return [obj for obj in reversed(self._objects.values()) if obj["object"] == kind]

    def emit(
        self,
        event_type: str,
        obj: dict[str, Any],
        origin: Origin,
        *,
        previous_attributes: dict[str, Any] | None = None,
        account: str | None = None,
    ) -> dict[str, Any]:
        """Record an event carrying a snapshot of `obj` and hand it to webhook delivery."""
        data: dict[str, Any] = {"object": copy.deepcopy(obj)}
        if previous_attributes is not None:
            data["previous_attributes"] = previous_attributes
        event = build(
            "event",
            {
                "type": event_type,
                "data": data,
                "api_version": self.api_version,
                "request": {"id": origin.request_id, "idempotency_key": origin.idempotency_key},
            },
        )
        if account is not None:
            event["account"] = account
        with self.lock:
            event["pending_webhooks"] = self._on_event(event)
            self.add(event)
        return event

    def expand(self, obj: dict[str, Any], paths: list[str]) -> dict[str, Any]:
        """A copy of `obj` with the ids at each dotted path (`payment_intent.latest_charge`,
        `data.destination` on a list) replaced by the objects they name."""
        expanded = copy.deepcopy(obj)
        with self.lock:
            for path in paths:
                self._expand(expanded, path.split("."), path)
        return expanded

    def _expand(self, node: dict[str, Any], segments: list[str], path: str) -> None:
        head, rest = segments[0], segments[1:]
        if head not in node:
            raise invalid_request(f"This property cannot be expanded ({path}).", param="expand")
        value = node[head]
        if isinstance(value, list) and rest:
            for item in value:
                self._expand(item, rest, path)
            return
        if isinstance(value, str):
            target = self._objects.get(value)
            if target is None:
                raise invalid_request(f"This property cannot be expanded ({path}).", param="expand")
            value = node[head] = copy.deepcopy(target)
        if rest and isinstance(value, dict):
            self._expand(value, rest, path)

    def snapshot(self) -> dict[str, list[dict[str, Any]]]:
        """Every object grouped by type, newest first, for tests to inspect."""
        grouped: dict[str, list[dict[str, Any]]] = {}
        with self.lock:
            for obj in reversed(self._objects.values()):
                grouped.setdefault(obj["object"], []).append(copy.deepcopy(obj))
        return grouped
