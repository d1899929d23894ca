"""``jxscan serve``'s command-line arguments, kept apart from the app so that building the
CLI parser does not import FastAPI (it would add 0.2 s to every ``jxscan extract``)."""

from __future__ import annotations

import argparse
from typing import Any

from extract.messages import t


def _run(args: argparse.Namespace) -> int:
    from .api import run

    return run(args)


def _workers(raw: str) -> int:
    """A positive number of worker processes (argparse prints a usage error otherwise)."""
    try:
        n = int(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(t("serve.not_a_number", value=repr(raw))) from None
    if n < 1:
        raise argparse.ArgumentTypeError(t("serve.at_least_one", value=raw))
    return n


def serve_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--host", default="127.0.0.1", help=t("serve.arg.host"))
    p.add_argument("--port", type=int, default=8000, help=t("serve.arg.port"))
    p.add_argument("--workers", type=_workers, default=None, help=t("serve.arg.workers"))
    p.add_argument(
        "--log-level",
        default="info",
        choices=("critical", "error", "warning", "info", "debug"),
        help=t("serve.arg.log_level"),
    )
    p.set_defaults(func=_run)


def add_serve_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add ``serve`` to the ``jxscan`` command line (service/cli.py)."""
    p = subparsers.add_parser("serve", help=t("cli.cmd.serve"), description=t("serve.description"))
    serve_arguments(p)
    return p


def main(argv: list[str] | None = None, test_hooks: bool = False) -> int:
    """``jxscan serve``'s arguments without the rest of the CLI (the tests start servers with it,
    ``test_hooks=True`` where they use the X-JXScan-Test-* headers).

    Not a ``python -m`` entry point on purpose: worker processes re-import the
    main module by name, and the API module must be imported as ``service.api``. It lives here, not in
    service.api, so that the app does not import its command line (no import circle).
    """
    p = argparse.ArgumentParser(prog="jxscan-serve", description=t("serve.description"))
    serve_arguments(p)
    args = p.parse_args(argv)
    from .api import run

    return run(args, test_hooks)
