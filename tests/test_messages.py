"""The message catalogue: complete in both languages, every id the code uses exists, the
language chosen as documented, messages re-rendered in the reader's language."""

from __future__ import annotations

import importlib
import re
import string

import pytest

from extract import messages
from extract.messages import CATALOGUE, from_accept_language, normalize_lang, relocalize, t, use_lang
from extract.messages.catalogue import PARTS, merge
from service.explain import RECIPES, WEB_FILE, explain, web_messages_js

from .conftest import ROOT

# Where messages are looked up by id: Python (t / say), Jinja templates (t / _), the page (T).
SOURCES = [
    *(ROOT / "service").rglob("*.py"),
    *(ROOT / "extract").glob("*.py"),
    *(ROOT / "service" / "templates").glob("*.html"),
    *(ROOT / "corpus" / "evaluate").glob("*.py"),
    *(ROOT / "corpus" / "generator").glob("cli.py"),
    *(ROOT / "corpus" / "train").glob("*.py"),
]
CALL = re.compile(r"""(?<![\w.])(?:t|say|_|T)\(\s*["']([a-z0-9_]+(?:\.[a-z0-9_]+)+)["']""")
WEB_IDS = re.compile(r"""data-i18n(?:-[a-z-]+)?="([a-z0-9_.]+)\"""")


def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


def test_every_message_has_both_languages_with_the_same_fields():
    assert len(CATALOGUE) > 200
    for mid, entry in CATALOGUE.items():
        assert set(entry) == {"zh", "en"}, mid
        assert entry["zh"].strip() and entry["en"].strip(), mid
        assert _fields(entry["zh"]) == _fields(entry["en"]), mid
        if not mid.startswith(("argparse.", "explain.sep", "explain.end", "explain.comma", "explain.or")):
            # Chinese first: the zh text is Chinese (or a shared notation), not the English copied
            assert entry["zh"] != entry["en"] or not re.search(r"[a-z]{3}", entry["en"]), mid


def test_every_id_used_in_the_code_exists():
    used: dict[str, str] = {}
    for path in SOURCES:
        for m in CALL.finditer(path.read_text(encoding="utf-8")):
            used[m[1]] = path.name
    web = ROOT / "service" / "web"
    for m in CALL.finditer((web / "app.js").read_text(encoding="utf-8")):
        used[m[1]] = "app.js"
    for m in WEB_IDS.finditer((web / "index.html").read_text(encoding="utf-8")):
        used[m[1]] = "index.html"
    used.update({r["id"]: "explain.RECIPES" for r in RECIPES})
    assert len(used) > 150
    missing = {k: v for k, v in used.items() if k not in CATALOGUE}
    assert not missing
    # ids built at run time from a prefix (status.met, severity.error, export.col.rank ...)
    dynamic = (
        "status.",
        "quality.",
        "severity.",
        "kind.",
        "scoring.",
        "scoring_doc.",
        "export.col.",
        "export.sheet.",
        "export.status.",
        "export.scope.",
        "argparse.",
        "explain.dir",
        "read.kind_",
        "api.field_",
    )
    unused = [k for k in CATALOGUE if k not in used and not k.startswith(dynamic)]
    assert not unused


def test_every_part_is_in_the_catalogue_and_no_id_is_in_two_parts():
    """The tests above read CATALOGUE: it must hold every part of the package, each id once."""
    holders = set()
    for path in sorted((ROOT / "extract" / "messages").glob("*.py")):
        module = importlib.import_module(f"extract.messages.{path.stem}")
        if hasattr(module, "MESSAGES"):
            holders.add(module)
    assert holders == set(PARTS) and len(holders) >= 10
    assert sum(len(p.MESSAGES) for p in PARTS) == len(CATALOGUE)
    assert merge(p.MESSAGES for p in PARTS) == CATALOGUE
    entry = {"zh": "甲", "en": "a"}
    with pytest.raises(ValueError, match="cli.x"):
        merge([{"cli.x": entry}, {"read.y": entry, "cli.x": entry}])


def test_the_page_gets_the_catalogue_as_generated():
    # service/web/messages.js is generated (python3 -m service.explain); it must be current.
    assert WEB_FILE.read_text(encoding="utf-8") == web_messages_js()


def test_language_choice():
    assert (
        normalize_lang("zh_CN.UTF-8") == "zh"
        and normalize_lang("en-GB") == "en"
        and normalize_lang("fr") is None
    )
    assert from_accept_language("en-US,en;q=0.9,zh-CN;q=0.8") == "en"
    assert from_accept_language("fr-FR, zh-CN;q=0.7, en;q=0.5") == "zh"
    assert from_accept_language("en;q=0, zh") == "zh"
    assert from_accept_language("fr, de") is None and from_accept_language(None) is None


def test_default_is_chinese_and_the_environment_or_context_switch_it(monkeypatch):
    monkeypatch.delenv("JXSCAN_LANG", raising=False)
    assert t("read.empty_file") == "空文件"
    monkeypatch.setenv("JXSCAN_LANG", "en")
    assert t("read.empty_file") == "empty file"
    with use_lang("zh"):
        assert t("read.empty_file") == "空文件"
    assert (
        t("read.too_large_bytes", "zh", size="30,000,000", limit="20,971,520")
        == "过大（30,000,000 字节，上限 20,971,520）"
    )


def test_read_errors_follow_the_language(monkeypatch):
    from extract.read import ReadError, read_bytes

    monkeypatch.setenv("JXSCAN_LANG", "zh")
    with pytest.raises(ReadError, match=r"^a\.txt: 二进制文件（含 NUL 字节），不是文本报告$"):
        read_bytes(b"\x00" * 10 + b"abc", "a.txt")
    monkeypatch.setenv("JXSCAN_LANG", "en")
    with pytest.raises(ReadError, match=r"^a\.txt: empty file$"):
        read_bytes(b"  \n", "a.txt")


def test_relocalize_turns_a_stored_or_remote_message_into_the_readers_language():
    assert relocalize("/d/a b: c.txt: empty file", "zh") == "/d/a b: c.txt: 空文件"
    assert (
        relocalize("x.pdf: PDF 共 400 页，超过 300 页的上限", "en")
        == "x.pdf: PDF has 400 pages, more than the limit of 300"
    )
    # nested messages are re-rendered too; what the catalogue does not know stays as it is
    assert (
        relocalize("d.docx: corrupt .docx (damaged zip archive: Bad CRC-32)", "zh")
        == "d.docx: 损坏的 .docx（zip 包已损坏：Bad CRC-32）"
    )
    assert relocalize("something else entirely", "zh") == "something else entirely"
    zh_texts = [e["zh"] for e in CATALOGUE.values()]
    for mid in CATALOGUE:
        if not mid.startswith(messages.RELOCALIZED):
            continue
        fields = {f: f"V{i}" for i, f in enumerate(sorted(_fields(CATALOGUE[mid]["en"])))}
        en, zh = t(mid, "en", **fields), t(mid, "zh", **fields)
        assert relocalize("f.txt: " + en, "zh") == "f.txt: " + zh, mid
        if zh_texts.count(CATALOGUE[mid]["zh"]) == 1:  # Chinese has no plural: byte/bytes read back as one
            assert relocalize("f.txt: " + zh, "en") == "f.txt: " + en, mid


def test_explanations_use_one_sign_convention():
    f = {
        "code": "RSN002",
        "details": {
            "change": {"amount": -1.2, "rate": -60.0, "direction": "减少", "rate_kind": None},
            "quality": "non_explanatory",
        },
    }
    assert explain(f, "zh") == "变动：减少1.2万元，下降60%；原因质量：未解释原因。"
    assert (
        explain(f, "en")
        == "change: down 1.2 万元 (10k yuan), down 60%; quality of the reason: not an explanation."
    )
    g = {
        "code": "RSN001",
        "details": {"change": {"amount": 0.79, "rate": 0.93, "direction": "减少", "rate_kind": "growth"}},
    }
    assert explain(g, "zh") == "变动：减少0.79万元，下降0.93%。"
    gol = {"code": "GOL002", "details": {"containment": 0.652, "threshold": 0.5}}
    assert explain(gol, "zh") == "预期目标的文字片段中有65.2%也出现在部门“主要职能”中（判定线50%）。"
