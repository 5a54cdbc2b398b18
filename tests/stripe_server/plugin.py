"""Pytest fixtures for the Stripe-compatible test server; register with
`pytest_plugins = ["tests.stripe_server.plugin"]` in tests/conftest.py."""

from collections.abc import Iterator

import pytest
import stripe

from tests.stripe_server.server import StripeServer, running_stripe_server


@pytest.fixture(scope="session")
def stripe_server() -> Iterator[StripeServer]:
    """One server for the whole run: tests tell their objects apart by their own ids,
    transfer groups and metadata rather than by counting everything."""
    with running_stripe_server() as server:
        yield server


@pytest.fixture
def stripe_client(stripe_server: StripeServer) -> stripe.StripeClient:
    return stripe_server.client()
