"""Looking a message up: the language (argument, context, environment, default), ``t``,
a message re-rendered in another language (``relocalize``), argparse's texts, the web
page's part of the catalogue."""

from __future__ import annotations

import contextlib
import contextvars
import os
import re
import string
from collections.abc import Iterator
from functools import cache
from typing import Any

from .catalogue import CATALOGUE

LANGS = ("zh", "en")
DEFAULT_LANG = "zh"
ENV_VAR = "JXSCAN_LANG"

_CURRENT: contextvars.ContextVar[str | None] = contextvars.ContextVar("jxscan_lang", default=None)


def normalize_lang(value: str | None) -> str | None:
    """``zh``, ``zh-CN``, ``zh_CN.UTF-8``, ``Chinese`` -> "zh"; ``en``, ``en-US`` -> "en"; else None."""
    if not value:
        return None
    v = value.strip().lower().replace("_", "-")
    if v.startswith("zh") or v.startswith("chinese") or v == "cn":
        return "zh"
    if v.startswith("en"):
        return "en"
    return None


def from_accept_language(header: str | None) -> str | None:
    """The best of zh/en an Accept-Language header asks for (q-values honoured), or None."""
    best: tuple[float, int, str] | None = None
    for i, part in enumerate((header or "").split(",")):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        for p in params.split(";"):
            k, _, val = p.strip().partition("=")
            if k == "q":
                try:
                    q = float(val)
                except ValueError:
                    q = 0.0
        lang = normalize_lang(tag)
        if lang and q > 0 and (best is None or (q, -i) > (best[0], best[1])):
            best = (q, -i, lang)
    return best[2] if best else None


def current_lang() -> str:
    return _CURRENT.get() or normalize_lang(os.environ.get(ENV_VAR)) or DEFAULT_LANG


@contextlib.contextmanager
def use_lang(lang: str | None) -> Iterator[str]:
    """Render messages in ``lang`` inside the block (None: leave the current choice)."""
    token = _CURRENT.set(normalize_lang(lang) or current_lang())
    try:
        yield current_lang()
    finally:
        _CURRENT.reset(token)


def set_lang(lang: str | None) -> contextvars.Token[str | None]:
    """Set the language of this process (the CLI's ``--lang``); child processes inherit it
    (batch and server workers are other processes). Undo with :func:`reset_lang`."""
    chosen = normalize_lang(lang) or current_lang()
    os.environ[ENV_VAR] = chosen
    return _CURRENT.set(chosen)


def reset_lang(token: contextvars.Token[str | None], env: str | None) -> None:
    _CURRENT.reset(token)
    if env is None:
        os.environ.pop(ENV_VAR, None)
    else:
        os.environ[ENV_VAR] = env


def t(msg_id: str, lang: str | None = None, **fields: Any) -> str:
    """Message ``msg_id`` in ``lang`` (default: the current language), fields filled in."""
    entry = CATALOGUE[msg_id]
    text = entry[normalize_lang(lang) or current_lang()]
    return text.format(**fields)


def both(msg_id: str) -> dict[str, str]:
    return dict(CATALOGUE[msg_id])


def fields_of(template: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(template) if f}


# The messages that travel as text (errors stored in a database, sent back by a worker
# process) and are re-rendered in the reader's language.
RELOCALIZED = ("read.", "api.", "batch.fail.")


@cache
def _patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """A regex per (message, language) with fields as groups, longest templates first."""
    out = []
    for mid, entry in CATALOGUE.items():
        if not mid.startswith(RELOCALIZED):
            continue
        for lang in LANGS:
            tpl = entry[lang]
            if sum(len(lit) for lit, *_ in string.Formatter().parse(tpl)) < 2:
                continue  # a template of fields alone would match anything
            rx, seen = [], set()
            for literal, fname, _spec, _conv in string.Formatter().parse(tpl):
                rx.append(re.escape(literal))
                if fname:
                    # A leading value (an encoding, a kind) holds no colon: the input's name
                    # before it does (``name: {enc} BOM ...``); a leading name or error may.
                    lead = not rx[0] and len(rx) == 1 and fname not in ("name", "error")
                    body = "[^:：]+?" if lead else ".+?"
                    rx.append(f"(?P={fname})" if fname in seen else f"(?P<{fname}>{body})")
                    seen.add(fname)
            out.append((len(tpl), mid, re.compile("".join(rx) + r"\Z", re.S)))
    out.sort(key=lambda x: -x[0])
    return tuple((mid, rx) for _, mid, rx in out)


def relocalize(text: str, lang: str | None = None) -> str:
    """``text`` with its catalogued message (at its end: ``name: message``) rendered in ``lang``;
    text that holds no catalogued message is returned as it is."""
    target = normalize_lang(lang) or current_lang()
    for mid, rx in _patterns():
        for m in _tail_matches(rx, text):
            fields = {k: relocalize(v, target) for k, v in m.groupdict().items()}
            return text[: m.start()] + CATALOGUE[mid][target].format(**fields)
    return text


def _tail_matches(rx: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    # A message ends the text; it starts at the text's start or after ": " (the input's name).
    starts = [0] + [m.end() for m in re.finditer(r": ", text)]
    for s in starts:
        m = rx.match(text, s)
        if m:
            yield m
            return


def argparse_text(text: str) -> str:
    """argparse's English ``text`` in the current language (installed by ``service.cli``)."""
    mid = _ARGPARSE.get(text)
    return t(mid) if mid else text


def catalogue_json(prefixes: tuple[str, ...]) -> dict[str, dict[str, str]]:
    """The messages whose id starts with one of ``prefixes`` (for the web page)."""
    return {k: dict(v) for k, v in CATALOGUE.items() if k.startswith(prefixes)}


_ARGPARSE = {v["en"]: k for k, v in CATALOGUE.items() if k.startswith("argparse.")}
