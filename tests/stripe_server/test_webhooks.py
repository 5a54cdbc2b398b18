"""Signed webhook delivery: retries, duplicates, chosen order, pause and resume."""

import time

import httpx
import stripe

from tests.stripe_server.conftest import WebhookReceiver
from tests.stripe_server.factories import paid_charge, transfer_group
from tests.stripe_server.server import StripeServer

PAYMENT_EVENTS = ["payment_intent.created", "charge.succeeded", "payment_intent.succeeded"]


def _types(events: list[stripe.Event]) -> list[str]:
    return [event.type for event in events]


def test_a_delivery_signed_with_another_secret_is_refused_and_retried(
    stripe_server: StripeServer, stripe_client: stripe.StripeClient, webhooks: WebhookReceiver, control: httpx.Client
) -> None:
    stripe_server.webhooks.configure([webhooks.url], "whsec_someone_else")

    stripe_client.v1.payment_intents.create(params={"amount": 1_000, "currency": "eur"})
    stripe_server.webhooks.wait_until_idle()

    deliveries = control.get("/webhooks/deliveries").json()
    assert [delivery["status"] for delivery in deliveries] == [400] * (stripe_server.webhooks.retries + 1)
    assert "No signatures found matching the expected signature" in deliveries[0]["response"]
    assert webhooks.events == []


def test_an_endpoint_that_fails_gets_the_event_again(
    stripe_server: StripeServer, stripe_client: stripe.StripeClient, webhooks: WebhookReceiver
) -> None:
    webhooks.fail_next = 2

    intent = stripe_client.v1.payment_intents.create(params={"amount": 1_000, "currency": "eur"})

    received = webhooks.wait_for(lambda events: len(events) == 1)
    assert received[0].data.object["id"] == intent.id
    stripe_server.webhooks.wait_until_idle()
    attempts = [(delivery.attempt, delivery.status) for delivery in stripe_server.webhooks.deliveries()]
    assert attempts == [(1, 500), (2, 500), (3, 200)]


def test_an_event_can_be_delivered_again(
    stripe_client: stripe.StripeClient, webhooks: WebhookReceiver, control: httpx.Client
) -> None:
    intent = stripe_client.v1.payment_intents.create(params={"amount": 1_000, "currency": "eur"})
    [created] = webhooks.wait_for(lambda events: len(events) == 1)

    assert control.post("/webhooks/deliver", json={"events": [created.id]}).status_code == 202

    received = webhooks.wait_for(lambda events: len(events) == 2)
    assert [event.id for event in received] == [created.id, created.id]
    assert received[1].data.object["id"] == intent.id


def test_held_events_can_be_delivered_in_another_order(
    stripe_client: stripe.StripeClient, webhooks: WebhookReceiver, control: httpx.Client
) -> None:
    control.post("/webhooks/pause")
    paid_charge(stripe_client, transfer_group())
    held = stripe_client.v1.events.list(params={"limit": 3}).data

    control.post("/webhooks/deliver", json={"events": [event.id for event in held]})
    control.post("/webhooks/resume", json={"discard_held": True})

    received = webhooks.wait_for(lambda events: len(events) == 3)
    assert _types(received) == list(reversed(PAYMENT_EVENTS))
    time.sleep(0.2)
    assert len(webhooks.events) == 3


def test_paused_delivery_holds_events_until_resumed_in_order(
    stripe_server: StripeServer, stripe_client: stripe.StripeClient, webhooks: WebhookReceiver, control: httpx.Client
) -> None:
    control.post("/webhooks/pause")
    paid_charge(stripe_client, transfer_group())
    stripe_server.webhooks.wait_until_idle()
    assert webhooks.events == []

    control.post("/webhooks/resume")

    assert _types(webhooks.wait_for(lambda events: len(events) == 3)) == PAYMENT_EVENTS
