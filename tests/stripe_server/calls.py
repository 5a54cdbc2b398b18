"""What an API operation is handed, and the shape every operation has."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tests.stripe_server.params import Params
from tests.stripe_server.state import Origin, StripeState


@dataclass(frozen=True)
class Call:
    """One API call: the account's state, the decoded parameters, the ids in the path, who
    made it, and this server's base URL (for the hosted pages that objects link to)."""

    state: StripeState
    params: Params
    path: dict[str, str]
    origin: Origin
    base_url: str


Operation = Callable[[Call], dict[str, Any]]
