"""The server's routes: Stripe's v1 API as the product calls it, the hosted pages, and the
test-control endpoints under `/_test/`.

An API call is authenticated (Bearer secret key), its form-encoded parameters decoded,
then, under the state lock, either replayed from its `Idempotency-Key` or run and
remembered; the object answered is expanded as `expand[]` asks. Errors are Stripe's
`{"error": {...}}` bodies with Stripe's statuses."""

import json
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from tests.stripe_server import checkout, connect, pages, payment_intents, reads, refunds
from tests.stripe_server.calls import Call, Operation
from tests.stripe_server.encoding import decode_form
from tests.stripe_server.errors import StripeError, invalid_request, not_authenticated
from tests.stripe_server.idempotency import IdempotencyStore, StoredResponse
from tests.stripe_server.objects import new_id
from tests.stripe_server.params import Params
from tests.stripe_server.state import Origin, StripeState
from tests.stripe_server.webhooks import WebhookDeliverer

Endpoint = Callable[[Request], Awaitable[Response]]

WRITES: tuple[tuple[str, Operation], ...] = (
    ("/v1/checkout/sessions", checkout.create_checkout_session),
    ("/v1/checkout/sessions/{id}/expire", checkout.expire_checkout_session),
    ("/v1/payment_intents", payment_intents.create_payment_intent),
    ("/v1/refunds", refunds.create_refund),
    ("/v1/accounts", connect.create_account),
    ("/v1/account_links", connect.create_account_link),
    ("/v1/transfers", connect.create_transfer),
    ("/v1/transfers/{id}/reversals", connect.create_transfer_reversal),
)

NO_KEY = (
    "You did not provide an API key. You need to provide your API key in the Authorization header, "
    "using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY')."
)


def _json(body: dict[str, Any] | list[Any]) -> bytes:
    return json.dumps(body, indent=2).encode()


def _response(stored: StoredResponse, headers: dict[str, str]) -> Response:
    return Response(stored.body, stored.status, {"Request-Id": stored.request_id, **headers}, "application/json")


def _error_response(error: StripeError) -> Response:
    return Response(_json(error.body()), error.status, media_type="application/json")


class StripeApi:
    """The routes over one account's state, its idempotency memory and its webhook deliverer."""

    def __init__(self, state: StripeState, webhooks: WebhookDeliverer, api_key: str) -> None:
        self.state = state
        self.webhooks = webhooks
        self.api_key = api_key
        self.idempotency = IdempotencyStore()

    def routes(self) -> list[Route]:
        api = [Route(path, self._api(operation), methods=["POST"]) for path, operation in WRITES]
        for resource in reads.RESOURCES:
            api.append(Route(resource.path, self._api(reads.list_objects(resource)), methods=["GET"]))
            if resource.parent_field is None:
                api.append(Route(f"{resource.path}/{{id}}", self._api(reads.retrieve(resource.kind)), methods=["GET"]))
        return [
            *api,
            Route("/pay/{id}", self.checkout_page, methods=["GET", "POST"]),
            Route("/connect/onboard/{id}", self.onboarding_page, methods=["GET", "POST"]),
            Route("/_test/state", self.test_state, methods=["GET"]),
            Route("/_test/checkout/sessions/{id}/pay", self.test_pay, methods=["POST"]),
            Route("/_test/accounts/{id}/enable", self.test_enable_account, methods=["POST"]),
            Route("/_test/accounts/{id}/refuse-transfers", self.test_refuse_transfers, methods=["POST"]),
            Route("/_test/webhooks", self.test_configure_webhooks, methods=["POST"]),
            Route("/_test/webhooks/pause", self.test_pause_webhooks, methods=["POST"]),
            Route("/_test/webhooks/resume", self.test_resume_webhooks, methods=["POST"]),
            Route("/_test/webhooks/deliver", self.test_deliver_events, methods=["POST"]),
            Route("/_test/webhooks/deliveries", self.test_deliveries, methods=["GET"]),
            Route("/v1/{path:path}", self.unknown_endpoint, methods=["GET", "POST", "DELETE"]),
        ]

    # The API

    def _api(self, operation: Operation) -> Endpoint:
        async def endpoint(request: Request) -> Response:
            encoded = (await request.body()).decode() if request.method == "POST" else request.url.query
            try:
                self._authenticate(request)
                values = decode_form(encoded)
            except StripeError as error:
                return _error_response(error)
            return self._answer(request, operation, values)

        return endpoint

    async def unknown_endpoint(self, request: Request) -> Response:
        """What Stripe answers for a call this server does not know, so the product learns it here."""
        message = f"Unrecognized request URL ({request.method}: {request.url.path})."
        return _error_response(StripeError(404, {"type": "invalid_request_error", "message": message}))

    def _authenticate(self, request: Request) -> None:
        """The caller must be the platform itself: its secret key as Bearer, no `Stripe-Account`."""
        scheme, _, key = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not key:
            raise not_authenticated(NO_KEY)
        if key != self.api_key:
            raise not_authenticated(f"Invalid API Key provided: {key[:8]}****{key[-4:]}")
        if "stripe-account" in request.headers:
            raise invalid_request("This test server does not act as a connected account (Stripe-Account).")

    def _answer(self, request: Request, operation: Operation, values: dict[str, Any]) -> Response:
        """Under the state lock: the response remembered for the request's idempotency key, or
        the operation's, then remembered for that key."""
        key = (request.headers.get("idempotency-key") or None) if request.method == "POST" else None
        request_id = new_id("req_")
        headers = {"Stripe-Version": request.headers.get("stripe-version", self.state.api_version)}
        if key is not None:
            headers["Idempotency-Key"] = key
        endpoint = f"{request.method} {request.url.path}"
        with self.state.lock:
            try:
                replayed = self.idempotency.replay(self.api_key, key, endpoint, values) if key is not None else None
            except StripeError as error:
                return _error_response(error)
            if replayed is not None:
                replay = {"Idempotent-Replayed": "true", "Original-Request": replayed.request_id}
                return _response(replayed, {**headers, **replay})
            call = Call(
                state=self.state,
                params=Params(values),
                path=dict(request.path_params),
                origin=Origin(request_id, key),
                base_url=str(request.base_url).rstrip("/"),
            )
            stored = self._run(operation, call, request_id)
            if key is not None:
                self.idempotency.remember(self.api_key, key, endpoint, values, stored)
        return _response(stored, headers)

    def _run(self, operation: Operation, call: Call, request_id: str) -> StoredResponse:
        try:
            obj = self.state.expand(operation(call), call.params.expand())
        except StripeError as error:
            return StoredResponse(error.status, _json(error.body()), request_id)
        return StoredResponse(200, _json(obj), request_id)

    # Hosted pages

    async def checkout_page(self, request: Request) -> Response:
        session_id = request.path_params["id"]
        try:
            session = self.state.get("checkout.session", session_id)
        except StripeError:
            return HTMLResponse(pages.message_page("Not found", "This payment page does not exist."), 404)
        if session["status"] != "open":
            return HTMLResponse(pages.message_page("Payment page closed", f"This session is {session['status']}."))
        line_items = checkout.checkout_line_items(self.state, session_id)
        if request.method == "GET":
            return HTMLResponse(pages.checkout_page(session, line_items))
        chosen = str((await request.form()).get("card", ""))
        try:
            checkout.pay_checkout_session(
                self.state, session_id, payment_intents.card_for(chosen, param="card"), Origin()
            )
        except StripeError as error:
            return HTMLResponse(pages.checkout_page(session, line_items, str(error)), error.status)
        success_url = session["success_url"].replace("{CHECKOUT_SESSION_ID}", session_id)
        return RedirectResponse(success_url, 303)

    async def onboarding_page(self, request: Request) -> Response:
        account_id = request.path_params["id"]
        link = connect.onboarding_link(self.state, account_id, request.query_params.get("link", ""))
        if link is None:
            return HTMLResponse(pages.message_page("Not found", "This onboarding link does not exist."), 404)
        if link["used"]:
            return RedirectResponse(link["refresh_url"], 303)
        if request.method == "GET":
            account = self.state.get("account", account_id)
            return HTMLResponse(pages.onboarding_page(account, str(request.url)))
        return RedirectResponse(connect.complete_onboarding(self.state, link), 303)

    # Test control

    async def test_state(self, request: Request) -> Response:
        return Response(_json(self.state.snapshot()), media_type="application/json")

    async def test_pay(self, request: Request) -> Response:
        """Pay a session as its hosted page would; `{"decline_code": "…"}` pays with a declining card."""
        decline_code = (await _json_body(request)).get("decline_code")
        card = payment_intents.declining_card(decline_code) if decline_code else payment_intents.VISA
        return self._control(
            lambda: checkout.pay_checkout_session(self.state, request.path_params["id"], card, Origin())
        )

    async def test_enable_account(self, request: Request) -> Response:
        """Complete an account's onboarding without the hosted page."""
        return self._control(lambda: connect.enable_account(self.state, request.path_params["id"], Origin()))

    async def test_refuse_transfers(self, request: Request) -> Response:
        """`{"refuse": true}` (the default): every transfer to the account is refused until `{"refuse": false}`."""
        refuse = bool((await _json_body(request)).get("refuse", True))
        return self._control(lambda: connect.refuse_transfers(self.state, request.path_params["id"], refuse))

    async def test_configure_webhooks(self, request: Request) -> Response:
        """`{"urls": [...], "secret": "whsec_..."}`: where later events are sent and how they are signed."""
        body = await _json_body(request)
        self.webhooks.configure(list(body.get("urls", [])), str(body.get("secret", "")))
        return Response(status_code=204)

    async def test_pause_webhooks(self, request: Request) -> Response:
        self.webhooks.pause()
        return Response(status_code=204)

    async def test_resume_webhooks(self, request: Request) -> Response:
        """`{"discard_held": true}` drops the events held during the pause instead of sending them."""
        self.webhooks.resume(discard_held=bool((await _json_body(request)).get("discard_held", False)))
        return Response(status_code=204)

    async def test_deliver_events(self, request: Request) -> Response:
        """`{"events": ["evt_…", …]}`: send these events again, in this order (duplicates allowed)."""
        event_ids = (await _json_body(request)).get("events", [])
        try:
            events = [self.state.get("event", event_id) for event_id in event_ids]
        except StripeError as error:
            return _error_response(error)
        self.webhooks.deliver(events)
        return Response(status_code=202)

    async def test_deliveries(self, request: Request) -> Response:
        deliveries = [vars(delivery) for delivery in self.webhooks.deliveries()]
        return Response(_json(deliveries), media_type="application/json")

    def _control(self, action: Callable[[], dict[str, Any]]) -> Response:
        try:
            result = action()
        except StripeError as error:
            return _error_response(error)
        return Response(_json(result), media_type="application/json")


async def _json_body(request: Request) -> dict[str, Any]:
    body = await request.body()
    parsed = json.loads(body) if body else {}
    if not isinstance(parsed, dict):
        raise ValueError("test-control bodies are JSON objects")
    return parsed


def create_app(state: StripeState, webhooks: WebhookDeliverer, api_key: str) -> Starlette:
    return Starlette(routes=StripeApi(state, webhooks, api_key).routes())
