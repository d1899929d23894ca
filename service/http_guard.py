"""Bounds on what one HTTP client can hold: body size, body time, header time.

- ``RequestGuard`` (ASGI middleware): a body over ``max_bytes`` is refused with 413 (at once
  when its declared Content-Length is too big, else as soon as the running count passes
  it), a body not complete ``body_timeout`` seconds after its headers gets 408, and every
  answer given before the body was read whole says ``Connection: close`` -- the server
  drops such a connection, and a client must not send its next request on it.
- ``header_deadline_protocol``: uvicorn's h11 protocol with a deadline on the request
  head. uvicorn's keep-alive timer stops at the first byte, so a client sending its headers
  a byte a second held a connection (and a slot) for as long as it liked; now the head must
  be complete ``header_timeout`` seconds after the connection opens or the previous
  response ends, else 408 and the connection is closed.

Errors are the API's JSON shape: ``{"error": {"code": ..., "message": ...}}``.
"""

from __future__ import annotations

import asyncio
import json
import time

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from uvicorn.protocols.http.h11_impl import H11Protocol


class BodyTooLarge(HTTPException):
    """Raised from ``receive`` once the streamed body passes the limit.

    An HTTPException, so that FastAPI's and Starlette's body parsers pass it on untouched
    (they turn other exceptions into a generic 400) and the API's handler answers JSON.
    """

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"request body larger than the limit of {limit} bytes")


class BodyTimeout(HTTPException):
    """Raised from ``receive`` when the body is not complete in time (a slow client)."""

    def __init__(self, seconds: float) -> None:
        super().__init__(408, f"request body not received within {seconds:g} s")


def json_error(status: int, code: str, message: str) -> bytes:
    return json.dumps({"error": {"code": code, "message": message}}).encode()


class RequestGuard:
    """Body size and time limits, and honest ``Connection: close`` (module doc)."""

    def __init__(self, app: ASGIApp, max_bytes: int, body_timeout: float) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.body_timeout = body_timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.max_bytes:
            await _send_json(send, 413, "too_large", str(BodyTooLarge(self.max_bytes).detail))
            return
        seen = 0
        done = not _has_body(scope, declared)
        deadline = time.monotonic() + self.body_timeout

        async def limited() -> Message:
            nonlocal seen, done
            if done:
                return await receive()  # the body is in: what is left is the disconnect
            left = deadline - time.monotonic()
            try:
                message = await asyncio.wait_for(receive(), max(left, 0.001))
            except TimeoutError:
                raise BodyTimeout(self.body_timeout) from None
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise BodyTooLarge(self.max_bytes)
                done = not message.get("more_body", False)
            return message

        async def closing(message: Message) -> None:
            if message["type"] == "http.response.start" and not done:
                # Answered before the body was read whole: the connection cannot be reused.
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"connection"]
                message = {**message, "headers": [*headers, (b"connection", b"close")]}
            await send(message)

        await self.app(scope, limited, closing)


def _has_body(scope: Scope, declared: int | None) -> bool:
    if declared is not None:
        return declared > 0
    return any(k == b"transfer-encoding" for k, _ in scope.get("headers", ()))


def _content_length(scope: Scope) -> int | None:
    for key, value in scope.get("headers", ()):
        if key == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def _send_json(send: Send, status: int, code: str, message: str) -> None:
    body = json_error(status, code, message)
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def header_deadline_protocol(header_timeout: float) -> type[H11Protocol]:
    """uvicorn's H11Protocol whose request heads must arrive within ``header_timeout`` s."""

    class HeaderDeadline(H11Protocol):
        _head_timer: asyncio.TimerHandle | None = None

        def _arm(self) -> None:
            self._disarm()
            self._head_timer = self.loop.call_later(header_timeout, self._head_expired)

        def _disarm(self) -> None:
            if self._head_timer is not None:
                self._head_timer.cancel()
                self._head_timer = None

        def connection_made(self, transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self._arm()

        def connection_lost(self, exc: Exception | None) -> None:
            self._disarm()
            super().connection_lost(exc)

        def handle_events(self) -> None:
            super().handle_events()
            if self.cycle is not None and not self.cycle.response_complete:
                self._disarm()  # a head was parsed: the request is the app's now

        def on_response_complete(self) -> None:
            self._arm()  # the next request's head (keep-alive) has its own deadline
            super().on_response_complete()

        def _head_expired(self) -> None:
            self._head_timer = None
            if self.transport.is_closing() or (self.cycle is not None and not self.cycle.response_complete):
                return
            body = json_error(
                408, "request_timeout", f"request headers not received within {header_timeout:g} s"
            )
            self.transport.write(
                b"HTTP/1.1 408 Request Timeout\r\ncontent-type: application/json\r\n"
                b"connection: close\r\ncontent-length: %d\r\n\r\n%s" % (len(body), body)
            )
            self.transport.close()

    return HeaderDeadline
