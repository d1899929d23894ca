"""Test hooks of the worker supervisor and the batch's store, injected by the tests.

Production code never reads them from the environment: ``service.batch.main`` and
``WorkerPool``/``DaskPool`` take a :class:`TestHooks` (default: none), and the test suite
builds one (``tests/hooks.py`` turns the documented ``JXSCAN_TEST_*`` variables of a
subprocess into one). Each hook stands for a fault a real corpus produces: a slow machine,
a parser that hangs or crashes on a file, the parent killed mid-transaction.
"""

from __future__ import annotations

import json
import os
import signal
import time
from dataclasses import dataclass, field


@dataclass(frozen=True)
class TestHooks:
    __test__ = False  # not a pytest test class

    sleep: float = 0.0  # every worker sleeps this long before each document
    hang: frozenset[str] = field(default_factory=frozenset)  # file names a worker hangs on
    crash: frozenset[str] = field(default_factory=frozenset)  # file names a worker exits(3) on
    kill_in_write: str | None = None  # the parent SIGKILLs itself inside this file's transaction
    kill_in_corpus: bool = False  # ... or inside the corpus transaction

    def before_document(self, name: str) -> None:
        """Worker side, before screening the file ``name``."""
        if self.sleep > 0:
            time.sleep(self.sleep)
        if name in self.hang:
            while True:  # a stuck parser: only the supervisor's deadline ends this
                time.sleep(1)
        if name in self.crash:
            os._exit(3)  # a crash that skips every handler, like a segfaulting C extension

    def in_write(self, name: str) -> None:
        """Parent side, halfway through the transaction of the file ``name``."""
        if self.kill_in_write and name == self.kill_in_write:
            os.kill(os.getpid(), signal.SIGKILL)

    def in_corpus(self) -> None:
        """Parent side, inside the corpus transaction."""
        if self.kill_in_corpus:
            os.kill(os.getpid(), signal.SIGKILL)

    def to_json(self) -> str:
        """For a screening process started by command line (the Dask engine's)."""
        return json.dumps({"sleep": self.sleep, "hang": sorted(self.hang), "crash": sorted(self.crash)})

    @classmethod
    def from_json(cls, raw: str) -> TestHooks:
        d = json.loads(raw)
        return cls(
            sleep=float(d.get("sleep") or 0),
            hang=frozenset(d.get("hang") or ()),
            crash=frozenset(d.get("crash") or ()),
        )


NO_HOOKS = TestHooks()
