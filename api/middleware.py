"""ASGI middleware that must see the raw request."""

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import error_body


class BodySizeLimit:
    """Refuse request bodies over ``max_bytes`` with the JSON 413, whether the size is
    declared in Content-Length or only discovered while the body streams in. Paths under
    ``unlimited_prefix`` are left to their routes, which set limits of their own."""

    def __init__(self, app: ASGIApp, max_bytes: int, unlimited_prefix: str | None = None) -> None:
        self.app, self.max_bytes, self.unlimited_prefix = app, max_bytes, unlimited_prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        unlimited = self.unlimited_prefix is not None and scope.get("path", "").startswith(self.unlimited_prefix)
        if scope["type"] != "http" or unlimited:
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            await self._refuse(send)
            return
        received = 0
        refused = started = False

        async def limited_receive() -> Message:
            nonlocal received, refused
            if refused:
                return {"type": "http.disconnect"}
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.max_bytes:
                # Answer now and tell the app the client left, so it stops reading.
                refused = True
                if not started:
                    await self._refuse(send)
                return {"type": "http.disconnect"}
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if refused:
                return  # the 413 is already out; whatever the app answers is dropped
            started = started or message["type"] == "http.response.start"
            await send(message)

        await self.app(scope, limited_receive, guarded_send)

    async def _refuse(self, send: Send) -> None:
        body = json.dumps(
            error_body("payload_too_large", f"The request body is larger than {self.max_bytes} bytes.")
        ).encode()
        headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
        await send({"type": "http.response.start", "status": 413, "headers": headers})
        await send({"type": "http.response.body", "body": body})
