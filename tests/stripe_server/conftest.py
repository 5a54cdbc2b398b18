"""Fixtures for the server's own tests: the shared server fixtures, and a webhook endpoint
that checks each delivery's signature with the SDK's `stripe.Webhook.construct_event`."""

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import httpx
import pytest
import stripe
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from tests.stripe_server.server import StripeServer, serve_in_thread

WEBHOOK_SECRET = "whsec_test_collabmarket"


@dataclass
class WebhookReceiver:
    """What a product's webhook endpoint sees: verified events in arrival order, the deliveries
    it refused, and a switch to answer 500 to the next few deliveries."""

    secret: str = WEBHOOK_SECRET
    url: str = ""
    events: list[stripe.Event] = field(default_factory=list)
    refused: int = 0
    fail_next: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def receive(self, request: Request) -> Response:
        payload = await request.body()
        with self.lock:
            if self.fail_next:
                self.fail_next -= 1
                return Response("temporarily unavailable", 500)
            try:
                event = stripe.Webhook.construct_event(payload, request.headers.get("stripe-signature"), self.secret)
            except stripe.SignatureVerificationError as error:
                self.refused += 1
                return Response(str(error), 400)
            self.events.append(event)
        return Response("ok")

    def clear(self) -> None:
        with self.lock:
            self.events.clear()
            self.refused = 0
            self.fail_next = 0

    def ids(self) -> list[str]:
        with self.lock:
            return [event.id for event in self.events]

    def wait_for(self, condition: Callable[[list[stripe.Event]], bool], timeout: float = 5.0) -> list[stripe.Event]:
        """The events received once `condition` holds for them; fails the test after `timeout`."""
        deadline = time.monotonic() + timeout
        while True:
            with self.lock:
                events = list(self.events)
            if condition(events):
                return events
            if time.monotonic() > deadline:
                pytest.fail(f"webhooks received: {[(event.type, event.id) for event in events]}")
            time.sleep(0.02)


@pytest.fixture(scope="session")
def webhook_endpoint() -> Iterator[WebhookReceiver]:
    receiver = WebhookReceiver()
    app = Starlette(routes=[Route("/webhooks", receiver.receive, methods=["POST"])])
    with serve_in_thread(app, "webhook-receiver") as url:
        receiver.url = f"{url}/webhooks"
        yield receiver


@pytest.fixture
def webhooks(stripe_server: StripeServer, webhook_endpoint: WebhookReceiver) -> Iterator[WebhookReceiver]:
    """The receiver, configured as the server's only endpoint through the test-control API,
    and disconnected (after in-flight deliveries finish) when the test ends."""
    webhook_endpoint.clear()
    configured = httpx.post(
        f"{stripe_server.url}/_test/webhooks", json={"urls": [webhook_endpoint.url], "secret": webhook_endpoint.secret}
    )
    assert configured.status_code == 204
    yield webhook_endpoint
    stripe_server.webhooks.wait_until_idle()
    stripe_server.webhooks.reset()


@pytest.fixture
def control(stripe_server: StripeServer) -> Iterator[httpx.Client]:
    """HTTP client on the server's test-control endpoints (`/_test/...`)."""
    with httpx.Client(base_url=f"{stripe_server.url}/_test") as client:
        yield client
