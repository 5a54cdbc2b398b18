"""The one error family and the handlers that render every error as
``{"error": {"code", "message", "details"}}``."""

from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException


class DomainError(Exception):
    status_code = 400
    code = "bad_request"

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        status_code: int | None = None,
        details: Any = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code or self.code
        self.status_code = status_code or self.status_code
        self.details = details
        self.headers = headers


class Unauthorized(DomainError):
    status_code = 401
    code = "unauthorized"

    def __init__(self, message: str = "Authentication required.", **kwargs: Any) -> None:
        kwargs.setdefault("headers", {"WWW-Authenticate": "Bearer"})
        super().__init__(message, **kwargs)


class Forbidden(DomainError):
    status_code = 403
    code = "forbidden"


class NotFound(DomainError):
    status_code = 404
    code = "not_found"


class Conflict(DomainError):
    status_code = 409
    code = "conflict"


class RateLimited(DomainError):
    status_code = 429
    code = "rate_limited"

    def __init__(self, retry_after: int) -> None:
        super().__init__(
            f"Too many attempts. Try again in {retry_after} seconds.",
            details={"retry_after": retry_after},
            headers={"Retry-After": str(retry_after)},
        )


class ServiceUnavailable(DomainError):
    status_code = 503
    code = "service_unavailable"


def error_body(code: str, message: str, details: Any = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "details": details}}


def _field_path(location: tuple[int | str, ...]) -> str:
    """``body.items.0.name`` as ``items.0.name``: the field, without where the request carried it."""
    if location and location[0] in ("body", "query", "path", "header", "cookie"):
        location = location[1:]
    return ".".join(str(part) for part in location) or "body"


async def _domain_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DomainError)
    return JSONResponse(error_body(exc.code, exc.message, exc.details), exc.status_code, headers=exc.headers)


def validation_details(errors: Sequence[Any]) -> list[dict[str, Any]]:
    """Pydantic's errors as the ``details`` of a ``validation_error``: the field, what is wrong, its type."""
    return [
        {"field": _field_path(tuple(error["loc"])), "message": error["msg"], "type": error["type"]} for error in errors
    ]


async def _validation_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    details = validation_details(exc.errors())
    first = details[0] if details else {"field": "body", "message": "Invalid request."}
    message = f"{first['field']}: {first['message']}" if len(details) == 1 else f"{len(details)} fields are invalid."
    return JSONResponse(error_body("validation_error", message, details), 422)


_HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
    415: "unsupported_media_type",
}


async def _http_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code = _HTTP_CODES.get(exc.status_code, "http_error")
    message = exc.detail if isinstance(exc.detail, str) else "Request failed."
    return JSONResponse(error_body(code, message), exc.status_code, headers=getattr(exc, "headers", None))


async def _pool_exhausted(_: Request, exc: Exception) -> JSONResponse:
    """Every database connection stayed busy for the pool's whole timeout: overload, not a bug."""
    assert isinstance(exc, PoolTimeout)
    return JSONResponse(
        error_body("service_unavailable", "The service is busy. Try again in a moment."),
        503,
        headers={"Retry-After": "1"},
    )


async def _connection_lost(_: Request, exc: Exception) -> JSONResponse:
    """A pooled connection PostgreSQL had closed (a restart): SQLAlchemy has invalidated the pool,
    so trying again gets a new connection. Anything else is a bug and stays a 500."""
    assert isinstance(exc, DBAPIError)
    if not exc.connection_invalidated:
        raise exc
    return JSONResponse(
        error_body("service_unavailable", "The database connection was lost. Try again."),
        503,
        headers={"Retry-After": "1"},
    )


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(DomainError, _domain_error)
    app.add_exception_handler(PoolTimeout, _pool_exhausted)
    app.add_exception_handler(DBAPIError, _connection_lost)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
