"""Running the server: uvicorn on a free loopback port in a background thread, and the handle
tests hold (its URL, API key, state and webhook deliverer, and a configured `StripeClient`)."""

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import stripe
import uvicorn
from starlette.types import ASGIApp

from tests.servers import free_port
from tests.stripe_server.app import create_app
from tests.stripe_server.state import StripeState
from tests.stripe_server.webhooks import WebhookDeliverer

API_KEY = "sk_test_collabmarket_stripe_server"


@contextmanager
def serve_in_thread(app: ASGIApp, name: str) -> Iterator[str]:
    """Serve `app` with uvicorn on 127.0.0.1 from a daemon thread; yields its base URL."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, name=name, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError(f"{name} did not start on port {port}")
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@dataclass
class StripeServer:
    url: str
    api_key: str
    state: StripeState
    webhooks: WebhookDeliverer

    def client(self, *, api_key: str | None = None) -> stripe.StripeClient:
        """A `StripeClient` pointed at this server, with the HTTPX client (sync and async calls)."""
        return stripe.StripeClient(
            api_key=self.api_key if api_key is None else api_key,
            base_addresses={"api": self.url},
            http_client=stripe.HTTPXClient(allow_sync_methods=True),
        )


@contextmanager
def running_stripe_server(
    *, api_key: str = API_KEY, api_version: str = stripe.api_version, webhook_retries: int = 3
) -> Iterator[StripeServer]:
    """A fresh Stripe-compatible server (empty account, no webhook endpoints) for as long as the block runs."""
    webhooks = WebhookDeliverer(retries=webhook_retries)
    state = StripeState(api_version, on_event=webhooks.on_event)
    try:
        with serve_in_thread(create_app(state, webhooks, api_key), "stripe-server") as url:
            yield StripeServer(url, api_key, state, webhooks)
    finally:
        webhooks.close()
