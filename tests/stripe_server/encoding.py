"""Stripe's form encoding: `a[b][0][c]=v` and `a[]=v` pairs decoded into nested dicts and lists.

The official SDK sends every v1 request this way, in the body of a POST and in the query
string of a GET: nested objects as `metadata[key]=value`, arrays as `expand[0]=field`
(older clients and hand-written forms use `expand[]=field`)."""

import re
from typing import Any
from urllib.parse import parse_qsl

from tests.stripe_server.errors import StripeError, invalid_request

_KEY = re.compile(r"^([^\[\]]+)((?:\[[^\[\]]*\])*)$")
_SEGMENT = re.compile(r"\[([^\[\]]*)\]")


def decode_form(encoded: str) -> dict[str, Any]:
    """The nested parameters of a form-encoded body or query string; leaves are strings."""
    root: dict[str, Any] = {}
    for key, value in parse_qsl(encoded, keep_blank_values=True):
        _insert(root, key, _path(key), value)
    converted = _lists_from_indexed_dicts(root)
    assert isinstance(converted, dict)
    return converted


def _path(key: str) -> list[str]:
    match = _KEY.match(key)
    if match is None:
        raise invalid_request(f"Invalid parameter name: {key}", param=key)
    return [match.group(1), *_SEGMENT.findall(match.group(2))]


def _insert(root: dict[str, Any], key: str, path: list[str], value: str) -> None:
    """Place `value` at `path`, where an empty segment (`[]`) appends to an array."""
    node = root
    for depth, segment in enumerate(path):
        name = str(len(node)) if segment == "" else segment
        if depth == len(path) - 1:
            if name in node:
                raise _conflict(key)
            node[name] = value
            return
        child = node.setdefault(name, {})
        if not isinstance(child, dict):
            raise _conflict(key)
        node = child


def _conflict(key: str) -> StripeError:
    return invalid_request(f"Invalid parameter: {key} is given twice or as both a value and an object.", param=key)


def _lists_from_indexed_dicts(node: Any) -> Any:
    """Turn every dict whose keys are all array indices (`0`, `1`, …) into a list in index order."""
    if not isinstance(node, dict):
        return node
    children = {key: _lists_from_indexed_dicts(value) for key, value in node.items()}
    if children and all(key.isdigit() for key in children):
        return [children[key] for key in sorted(children, key=int)]
    return children
