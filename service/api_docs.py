"""Swagger UI at ``/docs`` and ReDoc at ``/redoc``, served offline.

FastAPI's own pages load their script and style from a CDN, so they were blank on a machine
without internet access. Here the files come from the ``fastapi-offline`` package (a pinned
dependency shipping Swagger UI 5 and ReDoc), mounted under ``/docs/static``: the pages need
nothing but this server.
"""

from __future__ import annotations

from importlib.resources import files

from fastapi import FastAPI
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from starlette.requests import Request

STATIC_URL = "/docs/static"


def static_dir() -> str:
    """The package's directory of swagger-ui-bundle.js, swagger-ui.css, redoc.standalone.js."""
    return str(files("fastapi_offline") / "static")


def add_offline_docs(app: FastAPI) -> None:
    """Mount the files and the two pages (the app must be built with docs_url=None, redoc_url=None)."""
    app.mount(STATIC_URL, StaticFiles(directory=static_dir()), name="docs-static")
    spec = app.openapi_url or "/openapi.json"

    @app.get("/docs", include_in_schema=False)
    async def swagger_ui(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "")
        return get_swagger_ui_html(
            openapi_url=f"{root}{spec}",
            title=f"{app.title} - Swagger UI",
            swagger_js_url=f"{root}{STATIC_URL}/swagger-ui-bundle.js",
            swagger_css_url=f"{root}{STATIC_URL}/swagger-ui.css",
            swagger_favicon_url=f"{root}{STATIC_URL}/favicon.png",
            oauth2_redirect_url=None,
        )

    @app.get("/redoc", include_in_schema=False)
    async def redoc(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "")
        return get_redoc_html(
            openapi_url=f"{root}{spec}",
            title=f"{app.title} - ReDoc",
            redoc_js_url=f"{root}{STATIC_URL}/redoc.standalone.js",
            redoc_favicon_url=f"{root}{STATIC_URL}/favicon.png",
            with_google_fonts=False,
        )
