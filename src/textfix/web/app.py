"""The ASGI app: the page's assets, ``POST /api/fix`` and ``GET /api/health``, under Starlette.

What it must not do, since the text is hostile and private: read any file but its own assets
(loaded once, by name, from the package), log any text, or let the page run what it shows (a
Content-Security-Policy allows scripts and styles from this origin only, none inline).
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .service import CHOICES, OPT_IN, BadRequest, Options, fix_request

DEFAULT_LIMIT = 10 * 1024 * 1024
ASSETS = {
    "/": ("index.html", "text/html; charset=utf-8"),
    "/app.js": ("app.js", "text/javascript; charset=utf-8"),
    "/style.css": ("style.css", "text/css; charset=utf-8"),
    "/icon.svg": ("icon.svg", "image/svg+xml"),
}
SECURITY_HEADERS = {
    "content-security-policy": "default-src 'none'; script-src 'self'; style-src 'self'; "
    "img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cache-control": "no-store",
}


class TooLarge(Exception):
    pass


def create_app(limit: int = DEFAULT_LIMIT) -> ASGIApp:
    """The app; requests with a body over ``limit`` bytes are answered with 413."""
    assets = {path: (resources.files(__package__).joinpath("assets", name).read_bytes(), kind)
              for path, (name, kind) in ASSETS.items()}

    async def asset(request: Request) -> Response:
        body, kind = assets[request.url.path]
        return Response(body, media_type=kind)

    async def health(request: Request) -> Response:
        from .. import __version__

        return JSONResponse({"status": "ok", "version": __version__, "limit": limit,
                             "targets": list(CHOICES), "options": list(OPT_IN)})

    async def fix(request: Request) -> Response:
        try:
            body = await _body(request, limit)
        except TooLarge:
            return _error(413, f"the request is larger than the limit of {_mb(limit)}",
                          limit=limit)
        except ClientDisconnect:
            return Response(status_code=400)
        try:
            source, options = _parse(request, body)
            answer = await run_in_threadpool(fix_request, source, options)
        except BadRequest as error:
            return _error(400, str(error))
        # textfix never raises on a str or bytes: any other exception is a bug, answered with a
        # bare 500 and a traceback in the server's log, which holds code, not the input.
        return JSONResponse(answer)

    routes = [Route(path, asset) for path in assets]
    routes += [Route("/api/health", health), Route("/api/fix", fix, methods=["POST"])]
    return _Headers(Starlette(routes=routes))


def _parse(request: Request, body: bytes) -> tuple[str | bytes, Options]:
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind == "application/json":
        try:
            values = json.loads(body)
        except ValueError as error:  # includes bytes that are not UTF-8
            raise BadRequest(f"the body is not JSON: {error}") from None
        if not isinstance(values, dict):
            raise BadRequest("the body must be a JSON object")
        text = values.get("text")
        if not isinstance(text, str):
            raise BadRequest("a JSON request needs 'text', a string "
                             "(send a file's bytes as application/octet-stream)")
        return text, Options.parse(values)
    return body, Options.parse(request.query_params)


async def _body(request: Request, limit: int) -> bytes:
    """The body, or TooLarge as soon as it passes ``limit`` (announced or sent). The rest is read
    and dropped, not kept, so that the client hears the 413 instead of a broken connection."""
    announced = request.headers.get("content-length", "")
    over = announced.isdigit() and int(announced) > limit
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        over = over or size > limit
        if not over:
            chunks.append(chunk)
    if over:
        raise TooLarge
    return b"".join(chunks)


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):g} MB"


def _error(status: int, message: str, **more: Any) -> Response:
    return JSONResponse({"error": message, **more}, status_code=status)


class _Headers:
    """Adds the security headers to every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)
