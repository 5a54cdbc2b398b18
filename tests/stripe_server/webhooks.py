"""Signed webhook delivery, as Stripe does it.

Each event is POSTed as JSON to every configured endpoint with a `Stripe-Signature:
t=<unix time>,v1=<hex HMAC-SHA256 of "<t>.<payload>" keyed by the whsec_ secret>` header,
re-signed on each attempt, from one background thread so events leave in the order they
were queued. A non-2xx answer or a connection error is retried a few times, quickly.

Tests can pause delivery (new events are held until `resume`), queue any events again in
any order (duplicate and out-of-order delivery), and read every attempt and its answer."""

import hashlib
import hmac
import json
import queue
import threading
import time
from dataclasses import dataclass
from typing import Any

import httpx


def signature_header(payload: bytes, secret: str, timestamp: int) -> str:
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + payload, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


@dataclass(frozen=True)
class Delivery:
    """One attempt to deliver an event to an endpoint; `status` is None when the connection failed."""

    event_id: str
    event_type: str
    url: str
    attempt: int
    status: int | None
    response: str

    @property
    def succeeded(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


@dataclass(frozen=True)
class _Job:
    event: dict[str, Any]
    urls: tuple[str, ...]
    secret: str


class WebhookDeliverer:
    """The endpoints, the queue of events to send them, and the log of every attempt."""

    def __init__(self, *, retries: int = 3, retry_delay: float = 0.05, timeout: float = 5.0) -> None:
        self.retries = retries
        self.retry_delay = retry_delay
        self._http = httpx.Client(
            timeout=timeout, headers={"User-Agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)"}
        )
        self._urls: tuple[str, ...] = ()
        self._secret = ""
        self._paused = False
        self._held: list[dict[str, Any]] = []
        self._deliveries: list[Delivery] = []
        self._unfinished = 0
        self._changed = threading.Condition()
        self._jobs: queue.Queue[_Job | None] = queue.Queue()
        self._thread = threading.Thread(target=self._work, name="stripe-webhooks", daemon=True)
        self._thread.start()

    def configure(self, urls: list[str], secret: str) -> None:
        """Send later events to `urls`, signed with `secret`; no urls turns delivery off."""
        with self._changed:
            self._urls = tuple(urls)
            self._secret = secret

    def reset(self) -> None:
        """No endpoints, nothing held, delivery running, and the delivery log cleared."""
        self.configure([], "")
        with self._changed:
            self._paused = False
            self._held.clear()
            self._deliveries.clear()

    def on_event(self, event: dict[str, Any]) -> int:
        """Queue a new event for the current endpoints (held while paused); answers their number."""
        with self._changed:
            if not self._urls:
                return 0
            if self._paused:
                self._held.append(event)
            else:
                self._queue(event)
            return len(self._urls)

    def deliver(self, events: list[dict[str, Any]]) -> None:
        """Queue these events now, in this order, even while paused: a way to deliver an event
        twice or events out of order."""
        with self._changed:
            for event in events:
                self._queue(event)

    def pause(self) -> None:
        with self._changed:
            self._paused = True

    def resume(self, *, discard_held: bool = False) -> None:
        """Deliver what was held during the pause (in order), or drop it."""
        with self._changed:
            self._paused = False
            held, self._held = self._held, []
            if not discard_held:
                for event in held:
                    self._queue(event)

    def deliveries(self) -> list[Delivery]:
        with self._changed:
            return list(self._deliveries)

    def wait_until_idle(self, timeout: float = 5.0) -> bool:
        """Wait until every queued event has been delivered or given up on."""
        with self._changed:
            return self._changed.wait_for(lambda: self._unfinished == 0, timeout)

    def close(self) -> None:
        self._jobs.put(None)
        self._thread.join(timeout=5)
        self._http.close()

    def _queue(self, event: dict[str, Any]) -> None:
        self._unfinished += 1
        self._jobs.put(_Job(event, self._urls, self._secret))

    def _work(self) -> None:
        while (job := self._jobs.get()) is not None:
            payload = json.dumps(job.event, indent=2).encode()
            for url in job.urls:
                self._send(job.event, payload, url, job.secret)
            with self._changed:
                self._unfinished -= 1
                self._changed.notify_all()

    def _send(self, event: dict[str, Any], payload: bytes, url: str, secret: str) -> None:
        for attempt in range(1, self.retries + 2):
            headers = {
                "Content-Type": "application/json; charset=utf-8",
                "Stripe-Signature": signature_header(payload, secret, int(time.time())),
            }
            try:
                answer = self._http.post(url, content=payload, headers=headers)
                delivery = Delivery(event["id"], event["type"], url, attempt, answer.status_code, answer.text)
            except httpx.HTTPError as error:
                delivery = Delivery(event["id"], event["type"], url, attempt, None, repr(error))
            with self._changed:
                self._deliveries.append(delivery)
            if delivery.succeeded or attempt > self.retries:
                return
            time.sleep(self.retry_delay * attempt)
