"""The supervisor's test hooks, as the tests inject them.

Production code never reads a hook from the environment (service/hooks.py); a test that
runs the batch in a subprocess sets the documented variables (docs/batch.md) on that
subprocess and starts it with ``RUN_BATCH``, which reads them here, in test code, and
hands them to ``service.batch.main``.
"""

from __future__ import annotations

from collections.abc import Mapping

from service.hooks import TestHooks


def _names(raw: str | None) -> frozenset[str]:
    return frozenset(n.strip() for n in (raw or "").split(",") if n.strip())


def hooks_from_env(env: Mapping[str, str]) -> TestHooks:
    """``JXSCAN_TEST_SLEEP/HANG/CRASH/KILL_IN_WRITE/KILL_IN_CORPUS`` → TestHooks."""
    return TestHooks(
        sleep=float(env.get("JXSCAN_TEST_SLEEP") or 0),
        hang=_names(env.get("JXSCAN_TEST_HANG")),
        crash=_names(env.get("JXSCAN_TEST_CRASH")),
        kill_in_write=env.get("JXSCAN_TEST_KILL_IN_WRITE") or None,
        kill_in_corpus=bool(env.get("JXSCAN_TEST_KILL_IN_CORPUS")),
    )


RUN_BATCH = (
    "import os, sys; from service.batch import main; from tests.hooks import hooks_from_env; "
    "sys.exit(main(sys.argv[1:], hooks=hooks_from_env(os.environ)))"
)


def test_hooks_from_env():
    h = hooks_from_env(
        {"JXSCAN_TEST_HANG": "a.txt, b.txt", "JXSCAN_TEST_SLEEP": "0.5", "JXSCAN_TEST_KILL_IN_CORPUS": "1"}
    )
    assert (h.hang, h.crash, h.sleep, h.kill_in_write, h.kill_in_corpus) == (
        frozenset({"a.txt", "b.txt"}),
        frozenset(),
        0.5,
        None,
        True,
    )
    assert TestHooks.from_json(h.to_json()) == TestHooks(sleep=0.5, hang=h.hang)
