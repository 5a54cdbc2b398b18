"""Errors shaped like Stripe's, so the SDK raises the same exception classes it raises for Stripe.

The SDK picks the class from the HTTP status and `error.type`: 400/404 give
`InvalidRequestError` (or `IdempotencyError` for `idempotency_error`), 401
`AuthenticationError`, 402 `CardError`."""

from typing import Any


class StripeError(Exception):
    """An API error: its HTTP status and the `error` object of the body."""

    def __init__(self, status: int, error: dict[str, Any]) -> None:
        super().__init__(error.get("message"))
        self.status = status
        self.error = error

    def body(self) -> dict[str, Any]:
        return {"error": self.error}


def invalid_request(message: str, *, param: str | None = None, code: str | None = None) -> StripeError:
    error: dict[str, Any] = {"type": "invalid_request_error", "message": message}
    if param is not None:
        error["param"] = param
    if code is not None:
        error["code"] = code
    return StripeError(400, error)


def resource_missing(kind: str, object_id: str, *, param: str = "id") -> StripeError:
    """Stripe's answer for an unknown id: 404 when it is the path's id, 400 when a parameter names it."""
    error = {"type": "invalid_request_error", "code": "resource_missing", "param": param}
    return StripeError(404 if param == "id" else 400, {**error, "message": f"No such {kind}: '{object_id}'"})


def missing_param(param: str) -> StripeError:
    return invalid_request(f"Missing required param: {param}.", param=param, code="parameter_missing")


def invalid_param(param: str, message: str) -> StripeError:
    return invalid_request(message, param=param, code="parameter_invalid")


def card_declined(decline_code: str, message: str, *, charge_id: str) -> StripeError:
    """402 as Stripe answers a declined confirmation, naming the failed charge (the caller adds
    the PaymentIntent, as Stripe does)."""
    return StripeError(
        402,
        {
            "type": "card_error",
            "code": "card_declined",
            "decline_code": decline_code,
            "message": message,
            "param": "",
            "charge": charge_id,
        },
    )


def idempotency_mismatch(key: str, reason: str) -> StripeError:
    return StripeError(
        400,
        {
            "type": "idempotency_error",
            "message": f"Keys for idempotent requests can only be used with the same {reason} they were first used "
            f"with. Try using a key other than '{key}' if you meant to execute a different request.",
        },
    )


def not_authenticated(message: str) -> StripeError:
    """Stripe answers a missing or wrong key with 401 and type `invalid_request_error`."""
    return StripeError(401, {"type": "invalid_request_error", "message": message})
