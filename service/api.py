"""The HTTP API and the web page: ``jxscan serve``.

Endpoints (see docs/api.md):

- ``POST /v1/check`` -- a report as JSON ``{"text": ..., "name": ..., "include_text": ...}`` or
  as a multipart upload (field ``file``, a .txt .pdf .html .htm .docx .xlsx or .xls) -> the lean
  report (summary and findings, ``LEAN_DROPS`` left out); ``?full=1``: the whole report object of
  docs/report.md;
- ``GET /v1/rules`` -> the rule catalogue;
- ``GET /healthz`` -> ``{"status": "ok", "version": ...}``;
- ``GET /`` -> the web page (static files from ``service/web``, read once at start-up);
- ``/docs`` (Swagger UI) and ``/redoc``, offline (``service/api_docs.py``), and ``/openapi.json``.

Safety: the request body is counted while it streams in (413 past the limit, and at once when
the declared Content-Length is already too big); reading and screening run in worker
processes with a time limit per request (504), and a worker that hangs or dies is replaced
without taking the server down. No endpoint takes a file path: uploads come from the request
body only, and the page's three files are fixed names read at start-up.

Every error is JSON: ``{"error": {"code": "...", "message": "..."}}``.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import logging
import multiprocessing
import os
import re
import sys
from contextlib import asynccontextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field, ValidationError
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException

from extract.messages import from_accept_language, relocalize, t, use_lang
from extract.read import SUPPORTED, file_type, unsupported_error
from service import memory
from service.api_docs import add_offline_docs
from service.api_jobs import DEFAULT_MAX_PAGES, Job, _serve_job, _worker_init
from service.http_guard import RequestGuard, header_deadline_protocol
from service.workers import Busy, JobPool, JobTimeout, WorkerCrashed, tool_version

log = logging.getLogger("jxscan.api")

WEB_DIR = Path(__file__).resolve().parent / "web"

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_TIMEOUT = 60.0
DEFAULT_MAX_QUEUE = 64
DEFAULT_HEADER_TIMEOUT = 10.0
DEFAULT_BODY_TIMEOUT = 60.0

# ------------------------------------------------------------------------------ settings


def _version() -> str:
    return tool_version()  # the supervisor's, the one every answer and stored row carries


def _env_number(env: dict[str, str] | os._Environ, name: str, default: float, kind: type) -> Any:
    raw = env.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = kind(raw)
    except ValueError:
        raise SystemExit(f"jxscan serve: {name}={raw!r} is not a valid {kind.__name__}") from None
    if value <= 0:
        raise SystemExit(f"jxscan serve: {name} must be positive, got {raw!r}")
    return value


@dataclass(frozen=True)
class Settings:
    """Server limits; each has an environment variable (docs/api.md)."""

    max_bytes: int = DEFAULT_MAX_BYTES  # JXSCAN_MAX_BYTES: request body size
    max_pages: int = DEFAULT_MAX_PAGES  # JXSCAN_MAX_PAGES: PDF page count
    timeout: float = DEFAULT_TIMEOUT  # JXSCAN_TIMEOUT: seconds of worker time per request
    workers: int = 2  # JXSCAN_WORKERS / --workers: screening worker processes
    max_queue: int = DEFAULT_MAX_QUEUE  # JXSCAN_MAX_QUEUE: requests waiting for a worker (503 past it)
    max_memory: int = memory.DEFAULT_MAX_MEMORY_MB  # JXSCAN_MAX_MEMORY: address space of a worker, MB
    recycle_mb: int = (
        memory.DEFAULT_RECYCLE_MB
    )  # JXSCAN_RECYCLE_MB: a worker still this big after a job is replaced
    header_timeout: float = DEFAULT_HEADER_TIMEOUT  # JXSCAN_HEADER_TIMEOUT: seconds to send the request head
    body_timeout: float = DEFAULT_BODY_TIMEOUT  # JXSCAN_BODY_TIMEOUT: seconds to send the body after it
    test_hooks: bool = False  # honour the X-JXScan-Test-* headers: injected by the tests, never from env

    @classmethod
    def from_env(
        cls, env: dict[str, str] | os._Environ | None = None, workers: int | None = None
    ) -> Settings:
        env = os.environ if env is None else env
        default_workers = max(1, min(4, os.cpu_count() or 1))
        return cls(
            max_bytes=_env_number(env, "JXSCAN_MAX_BYTES", DEFAULT_MAX_BYTES, int),
            max_pages=_env_number(env, "JXSCAN_MAX_PAGES", DEFAULT_MAX_PAGES, int),
            timeout=_env_number(env, "JXSCAN_TIMEOUT", DEFAULT_TIMEOUT, float),
            workers=workers or _env_number(env, "JXSCAN_WORKERS", default_workers, int),
            max_queue=_env_number(env, "JXSCAN_MAX_QUEUE", DEFAULT_MAX_QUEUE, int),
            max_memory=_env_number(env, "JXSCAN_MAX_MEMORY", memory.DEFAULT_MAX_MEMORY_MB, int),
            recycle_mb=_env_number(env, "JXSCAN_RECYCLE_MB", memory.DEFAULT_RECYCLE_MB, int),
            header_timeout=_env_number(env, "JXSCAN_HEADER_TIMEOUT", DEFAULT_HEADER_TIMEOUT, float),
            body_timeout=_env_number(env, "JXSCAN_BODY_TIMEOUT", DEFAULT_BODY_TIMEOUT, float),
        )


# ------------------------------------------------------------------------------ errors


class ApiError(Exception):
    """An error answered as ``{"error": {"code": code, "message": message}}``."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


def error_response(
    status: int, code: str, message: str, headers: dict[str, str] | None = None
) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status, headers=headers)


_HTTP_CODES = {
    400: "bad_request",
    404: "not_found",
    405: "method_not_allowed",
    408: "request_timeout",
    413: "too_large",
    415: "unsupported_media_type",
}


def request_lang(request: Request) -> str | None:
    """The language a request asks for (Accept-Language: zh or en), None for the default."""
    return from_accept_language(request.headers.get("accept-language"))


async def _api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return error_response(exc.status, exc.code, relocalize(exc.message, request_lang(request)))


async def _http_error(_: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    code = _HTTP_CODES.get(exc.status_code, f"http_{exc.status_code}")
    return error_response(exc.status_code, code, str(exc.detail), headers=getattr(exc, "headers", None))


async def _validation_error(_: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    with use_lang(request_lang(_)):
        return error_response(422, "invalid_request", _first_error(exc.errors()))


async def _internal_error(request: Request, exc: Exception) -> Response:
    # Starlette re-raises after answering, so the server log gets the traceback -- and uvicorn
    # then drops the connection: say so, or a keep-alive client sends into a reset.
    return error_response(
        500,
        "internal",
        t("api.internal", request_lang(request), kind=type(exc).__name__),
        {"Connection": "close"},
    )


# pydantic's error types the request's fields can raise -> the catalogue's message (its
# English is pydantic's own text); another type keeps pydantic's English inside a catalogued frame.
_VALIDATION_IDS = {
    "missing": "api.field_missing",
    "string_type": "api.field_string",
    "bool_type": "api.field_bool",
    "bool_parsing": "api.field_bool",
    "model_attributes_type": "api.field_object",
    "dict_type": "api.field_object",
    "model_type": "api.field_object",
}


def _first_error(errors: Any) -> str:
    """One line from a pydantic error list: ``field: message``, in the current language."""
    for e in errors:
        loc = ".".join(str(p) for p in e.get("loc", ()) if p != "body")
        mid = _VALIDATION_IDS.get(str(e.get("type")))
        msg = t(mid) if mid else t("api.field_invalid", detail=e.get("msg", "invalid"))
        return f"{loc}: {msg}" if loc else msg
    return t("api.field_invalid", detail="?")


# ------------------------------------------------------------------------------ worker pool


def worker_pool(settings: Settings) -> JobPool:
    """The server's workers: the supervisor of service/workers.py, one job per process at a
    time, each under ``timeout`` (a hung or dead worker fails its own job alone)."""
    return JobPool(
        _serve_job,
        settings.workers,
        settings.timeout,
        settings.max_queue,
        settings.max_memory,
        settings.recycle_mb,
        init=_worker_init,
        init_args=(settings.max_memory, settings.recycle_mb),
    )


# ------------------------------------------------------------------------------ requests


class CheckRequest(BaseModel):
    """The JSON form of ``POST /v1/check``."""

    text: str = Field(description="the report text; finding offsets index this exact string")
    name: str | None = Field(
        default=None, max_length=300, description="a label for the report (echoed as `source`)"
    )
    include_text: bool = Field(default=False, description="return the text the offsets index as `text`")


_UPLOAD_SCHEMA = {
    "type": "object",
    "required": ["file"],
    "properties": {
        "file": {
            "type": "string",
            "format": "binary",
            "description": "a .txt (UTF-8, GBK/GB18030), .pdf, .html/.htm, .docx, .xlsx or .xls report",
        },
        "include_text": {
            "type": "boolean",
            "default": False,
            "description": "return the text the offsets index as `text`",
        },
    },
}

_CHECK_OPENAPI = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": CheckRequest.model_json_schema()},
            "multipart/form-data": {"schema": _UPLOAD_SCHEMA},
        },
    },
    "parameters": [
        {
            "name": "full",
            "in": "query",
            "required": False,
            "schema": {"type": "boolean", "default": False},
            "description": "the whole report (tables, reasons, goals, figures, sections); by default only "
            "the summary and the findings",
        }
    ],
}

_ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "error": {"type": "object", "properties": {"code": {"type": "string"}, "message": {"type": "string"}}}
    },
}


def _error_doc(text: str) -> dict[str, Any]:
    return {"description": text, "content": {"application/json": {"schema": _ERROR_SCHEMA}}}


_CHECK_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "the report's summary and findings; with ?full=1 the whole report object (docs/report.md)"
    },
    400: _error_doc("malformed JSON or multipart body"),
    413: _error_doc("request body over JXSCAN_MAX_BYTES"),
    415: _error_doc("neither application/json nor multipart/form-data"),
    422: _error_doc(
        "unreadable input (empty, binary, undecodable, encrypted/truncated PDF, no text "
        "layer), too many PDF pages, or an invalid request"
    ),
    503: _error_doc("too many requests waiting for a worker"),
    504: _error_doc("screening took longer than JXSCAN_TIMEOUT"),
}

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"", "0", "false", "no", "off"}
_ALLOWED_SUFFIXES = {"", *SUPPORTED}
_PAGES_LIMIT = re.compile(r"pages?\b.*\blimit")


def _upload_name(filename: str | None) -> str:
    """The last component of a client's file name, as a label only (never opened)."""
    raw = (filename or "").strip()
    base = PureWindowsPath(PurePosixPath(raw).name).name
    base = "".join(ch for ch in base if ch.isprintable())[:200]
    return base or "upload"


def _test_hooks(request: Request, settings: Settings) -> dict[str, Any]:
    """TEST HOOK: with ``Settings.test_hooks`` (injected by the tests), ``X-JXScan-Test-Sleep: SECONDS`` makes the worker
    sleep before screening (a hung worker) and ``X-JXScan-Test-Crash: 1`` makes it exit (a
    dead worker). Ignored otherwise."""
    if not settings.test_hooks:
        return {}
    hooks: dict[str, Any] = {}
    try:
        hooks["test_sleep"] = float(request.headers.get("x-jxscan-test-sleep", "0"))
    except ValueError:
        raise ApiError(400, "bad_request", "X-JXScan-Test-Sleep must be a number of seconds") from None
    if request.headers.get("x-jxscan-test-crash") == "1":
        hooks["test_crash"] = True
    try:
        hooks["test_hold_mb"] = int(request.headers.get("x-jxscan-test-hold", "0"))
    except ValueError:
        raise ApiError(400, "bad_request", "X-JXScan-Test-Hold must be a number of MB") from None
    return hooks


async def _job_from_json(request: Request, settings: Settings) -> Job:
    body = await request.body()
    if not body.strip():
        raise ApiError(400, "bad_request", t("api.empty_body"))
    try:
        payload = json.loads(body)
    except (ValueError, RecursionError) as e:
        # ValueError: malformed (JSONDecodeError), not UTF-8, or an integer of more digits than
        # Python converts; RecursionError: arrays or objects nested thousands deep.
        reason = t("api.nested") if isinstance(e, RecursionError) else " ".join(str(e).split())[:200]
        raise ApiError(400, "bad_request", t("api.invalid_json", reason=reason)) from None
    try:
        req = CheckRequest.model_validate(payload)
    except ValidationError as e:
        raise ApiError(422, "invalid_request", _first_error(e.errors())) from None
    return Job(
        name=req.name or "<text>",
        text=req.text,
        include_text=req.include_text,
        max_pages=settings.max_pages,
        **_test_hooks(request, settings),
    )


async def _job_from_upload(request: Request, settings: Settings) -> Job:
    async with request.form(max_files=1, max_fields=10, max_part_size=64 * 1024) as form:
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise ApiError(422, "invalid_request", t("api.no_file_field"))
        name = _upload_name(upload.filename)
        suffix = file_type(name)
        if suffix not in _ALLOWED_SUFFIXES:
            raise ApiError(422, "unsupported_file_type", str(unsupported_error(name, suffix)))
        data = await upload.read()
        include = str(form.get("include_text", "")).strip().lower() in _TRUE
    return Job(
        name=name,
        data=data,
        include_text=include,
        max_pages=settings.max_pages,
        **_test_hooks(request, settings),
    )


def wants_full(request: Request) -> bool:
    """``?full=1`` (true/yes/on): the whole report; absent or 0/false/no/off: the lean answer."""
    raw = request.query_params.get("full")
    if raw is None or raw.strip().lower() in _FALSE:
        return False
    if raw.strip().lower() in _TRUE:
        return True
    raise ApiError(422, "invalid_request", t("api.full_param", got=repr(raw[:20])))


async def job_from_request(request: Request, settings: Settings) -> Job:
    full = wants_full(request)  # checked before the body is read
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype == "application/json" or ctype.endswith("+json"):
        return dataclasses.replace(await _job_from_json(request, settings), full=full)
    if ctype == "multipart/form-data":
        return dataclasses.replace(await _job_from_upload(request, settings), full=full)
    raise ApiError(415, "unsupported_media_type", t("api.media_type"))


def outcome_response(status: str, value: Any) -> Response:
    if status == "ok":
        return Response(value, media_type="application/json")
    # The worker wrote the message in its own language: the code is read from the English,
    # the message answered in the request's (``use_lang`` around the call).
    code = "too_many_pages" if _PAGES_LIMIT.search(relocalize(value, "en")) else "unreadable"  # too_large too
    return error_response(422, code, relocalize(value))


# ------------------------------------------------------------------------------ rules


@cache
def rule_catalogue() -> tuple[dict[str, Any], ...]:
    """Every rule of classify.registry (code, severity, title, doc, example), sorted by code."""
    from classify.rules import all_rules

    from .rule_docs import rule_dict

    return tuple(rule_dict(r) for r in all_rules())


# ------------------------------------------------------------------------------ app


_PAGE_FILES = {  # URL -> (file in service/web, media type): fixed names, read at start-up
    "/": ("index.html", "text/html; charset=utf-8"),
    "/static/app.js": ("app.js", "text/javascript; charset=utf-8"),
    "/static/messages.js": ("messages.js", "text/javascript; charset=utf-8"),  # the page's texts (i18n)
    "/static/style.css": ("style.css", "text/css; charset=utf-8"),
}


def _static(content: bytes, media: str):
    """An endpoint answering one fixed file (no parameters: nothing a client names is opened)."""
    headers = {
        "Cache-Control": "no-cache",
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; object-src 'none'",
    }

    def serve() -> Response:
        return Response(content, media_type=media, headers=headers)

    return serve


def _page_routes(app: FastAPI) -> None:
    for url, (fname, media) in _PAGE_FILES.items():
        app.add_api_route(
            url, _static((WEB_DIR / fname).read_bytes(), media), methods=["GET"], include_in_schema=False
        )


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings.from_env()
    version = _version()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        pool = worker_pool(settings)
        await asyncio.get_running_loop().run_in_executor(None, pool.warm_up)
        app.state.pool = pool
        try:
            yield
        finally:
            pool.close()

    app = FastAPI(
        title="jxscan",
        version=version,
        description="Screen Chinese 部门决算公开说明 and 绩效自评表 reports: findings with exact evidence offsets.",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,  # served offline by add_offline_docs (no CDN)
    )
    add_offline_docs(app)
    app.state.settings = settings
    app.add_middleware(RequestGuard, max_bytes=settings.max_bytes, body_timeout=settings.body_timeout)
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(Exception, _internal_error)

    @app.post(
        "/v1/check", openapi_extra=_CHECK_OPENAPI, responses=_CHECK_RESPONSES, summary="Screen one report"
    )
    async def check(request: Request) -> Response:
        """Screen one report, sent as JSON `{"text": ...}` or as a multipart upload (`file`)."""
        job = await job_from_request(request, settings)
        pool: JobPool = request.app.state.pool
        try:
            status, value = await pool.run(job)
        except Busy:
            raise ApiError(503, "busy", t("api.busy")) from None
        except JobTimeout:
            raise ApiError(504, "timeout", t("api.timeout", seconds=f"{settings.timeout:g}")) from None
        except WorkerCrashed:
            raise ApiError(500, "worker_crashed", t("api.worker_crashed")) from None
        with use_lang(request_lang(request)):
            return outcome_response(status, value)

    @app.get("/v1/rules", summary="The rule catalogue")
    def rules() -> JSONResponse:
        """Every rule: code, severity, title and documentation."""
        return JSONResponse({"rules": list(rule_catalogue())})

    @app.get("/healthz", summary="Liveness")
    def healthz(request: Request) -> dict[str, Any]:
        pool: JobPool | None = getattr(request.app.state, "pool", None)
        return {
            "status": "ok",
            "version": version,
            "workers": settings.workers,
            "workers_replaced": pool.replaced if pool else 0,
            "workers_recycled": pool.recycled if pool else 0,
            "limits": {
                "max_bytes": settings.max_bytes,
                "max_pages": settings.max_pages,
                "timeout": settings.timeout,
                "max_memory_mb": settings.max_memory,
                "header_timeout": settings.header_timeout,
                "body_timeout": settings.body_timeout,
            },
        }

    _page_routes(app)
    return app


# ------------------------------------------------------------------------------ command line


def _preload() -> None:
    # Workers fork from a server process that has already imported the pipeline, so a
    # replaced worker is ready in milliseconds.
    multiprocessing.get_context("forkserver").set_forkserver_preload(["service.api", "service.screen"])


def run(args: argparse.Namespace, test_hooks: bool = False) -> int:
    """``jxscan serve``; ``test_hooks``: honour the X-JXScan-Test-* headers (the tests inject it)."""
    import dataclasses

    import uvicorn

    _preload()
    settings = dataclasses.replace(Settings.from_env(workers=args.workers), test_hooks=test_hooks)
    app = create_app(settings)
    log.info("jxscan %s on http://%s:%d (%d workers)", _version(), args.host, args.port, settings.workers)
    if args.log_level in ("info", "debug"):  # where to go, in the user's language (uvicorn's log is English)
        host = f"[{args.host}]" if ":" in args.host else args.host
        print(
            t(
                "serve.started",
                version=_version(),
                url=f"http://{host}:{args.port}",
                workers=settings.workers,
            ),
            file=sys.stderr,
            flush=True,
        )
    uvicorn.run(
        app,
        host=args.host,
        port=args.port,
        log_level=args.log_level,
        timeout_graceful_shutdown=5,
        http=header_deadline_protocol(settings.header_timeout),
    )
    return 0
