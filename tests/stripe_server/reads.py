"""Retrieving and listing objects: `GET /v1/<resource>/{id}` and `GET /v1/<resource>` with
Stripe's equality filters (`transfer_group=…`, `type=charge.*` with a wildcard), newest
first, paged by `limit` and `starting_after`."""

from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import Any

from tests.stripe_server.calls import Call, Operation
from tests.stripe_server.errors import invalid_param, invalid_request
from tests.stripe_server.objects import list_object

DEFAULT_LIMIT = 10
MAX_LIMIT = 100


@dataclass(frozen=True)
class Resource:
    """A listable collection: its objects' type, its path (`{id}` for a parent's id), the
    field that names the parent, and the fields it filters on."""

    kind: str
    path: str
    filters: tuple[str, ...] = ()
    parent_field: str | None = None


RESOURCES = (
    Resource("account", "/v1/accounts"),
    Resource("balance_transaction", "/v1/balance_transactions", ("type", "source")),
    Resource("charge", "/v1/charges", ("payment_intent", "transfer_group")),
    Resource("checkout.session", "/v1/checkout/sessions", ("payment_intent", "status")),
    Resource("event", "/v1/events", ("type",)),
    Resource("payment_intent", "/v1/payment_intents"),
    Resource("refund", "/v1/refunds", ("charge", "payment_intent")),
    Resource("transfer", "/v1/transfers", ("destination", "transfer_group")),
    Resource("transfer_reversal", "/v1/transfers/{id}/reversals", parent_field="transfer"),
)


def retrieve(kind: str) -> Operation:
    def operation(call: Call) -> dict[str, Any]:
        call.params.allow()
        return call.state.get(kind, call.path["id"])

    return operation


def list_objects(resource: Resource) -> Operation:
    def operation(call: Call) -> dict[str, Any]:
        params = call.params
        params.allow("limit", "starting_after", *resource.filters)
        wanted = {field: value for field in resource.filters if (value := params.string(field)) is not None}
        if resource.parent_field is not None:
            wanted[resource.parent_field] = call.path["id"]
        matching = [
            obj
            for obj in call.state.all(resource.kind)
            if all(fnmatchcase(str(obj.get(field)), pattern) for field, pattern in wanted.items())
        ]
        start = _after(matching, params.string("starting_after"))
        limit = _limit(params.integer("limit"))
        page = matching[start : start + limit]
        url = resource.path.format(**call.path)
        return list_object(url, page, has_more=start + limit < len(matching))

    return operation


def _after(objects: list[dict[str, Any]], object_id: str | None) -> int:
    if object_id is None:
        return 0
    for index, obj in enumerate(objects):
        if obj["id"] == object_id:
            return index + 1
    raise invalid_request(f"No such object: '{object_id}'", param="starting_after", code="resource_missing")


def _limit(limit: int | None) -> int:
    if limit is None:
        return DEFAULT_LIMIT
    if not 1 <= limit <= MAX_LIMIT:
        raise invalid_param("limit", f"Invalid limit: must be between 1 and {MAX_LIMIT}.")
    return limit
