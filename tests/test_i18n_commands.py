"""batch, serve, generate and train speak Chinese by default and English on request, as
check/extract/rules do (subprocesses, with the user's environment: no JXSCAN_LANG)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from .conftest import ROOT


def run(*args: str, lang: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "JXSCAN_LANG"}
    if lang:
        env["JXSCAN_LANG"] = lang
    return subprocess.run(
        [sys.executable, "-m", "service.cli", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_help_of_every_service_command_is_chinese_by_default_english_on_request():
    expected = {  # command: (a Chinese help line, its English)
        "batch": ("结果数据库（默认：results.sqlite）", "results database (default: results.sqlite)"),
        "serve": ("监听地址（默认 127.0.0.1）", "address to listen on (default 127.0.0.1)"),
        "generate": ("语料种子（种子相同，字节相同）", "corpus seed (same seed, same bytes)"),
        "train": ("--score 所评估的模型（默认：models/）", "models scored by --score (default: models/)"),
    }
    for cmd, (zh, en) in expected.items():
        z = run(cmd, "--help")
        assert z.returncode == 0 and z.stdout.startswith(f"用法：jxscan {cmd}"), cmd
        assert zh in " ".join(z.stdout.split()), cmd
        for e in (run(cmd, "--help", "--lang", "en"), run(cmd, "--help", lang="en")):
            assert e.stdout.startswith(f"usage: jxscan {cmd}") and en in " ".join(e.stdout.split()), cmd
            assert not any(
                "\u4e00" <= ch <= "\u9fff"
                for ch in e.stdout.replace("绩效自评表", "").replace("部门决算公开说明", "")
            ), cmd


def test_argument_errors_follow_the_language():
    g = run("generate", "--n", "0", "--out", "x")
    assert g.returncode == 2 and "jxscan generate：错误：参数 --n：至少为 1" in g.stderr
    g = run("generate", "--n", "1", "--out", "x", "--formats", "doc", "--lang", "en")
    assert g.returncode == 2 and "unknown format 'doc' (one of txt, pdf, html, docx, xlsx)" in g.stderr
    s = run("serve", "--workers", "zero")
    assert s.returncode == 2 and "参数 --workers：不是数字：'zero'" in s.stderr
    b = run("batch", "--timeout", "-1")
    assert b.returncode == 2 and "参数 --timeout：须为正数：-1" in b.stderr


def test_batch_reports_in_chinese_and_english(tmp_path: Path):
    seeds = str(ROOT / "corpus" / "seeds")
    db, out = tmp_path / "r.sqlite", tmp_path / "r.csv"
    assert run("batch").stderr.strip() == "jxscan: batch: 请给出要筛查的路径，或用 --out 导出已有的数据库"
    z = run("batch", seeds, "--db", str(db), "--workers", "1", "--out", str(out))
    assert z.returncode == 0, z.stderr
    assert "jxscan batch: 共 5 份文件：已筛查 5 份，跳过 0 份，失败 0 份，用时" in z.stderr
    assert "jxscan batch: 对 5 份文件做了语料检查：DUP001 0 条，DUP002 0 条" in z.stderr
    assert f"jxscan batch: 已导出 5 份文件到 {out}" in z.stderr
    import csv

    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 5 and {r["状态"] for r in rows} == {"已筛查"}  # keywords read in the user's language
    findings = tmp_path / "f.xlsx"
    assert run("batch", "--db", str(db), "--out", str(findings)).returncode == 0
    from openpyxl import load_workbook

    sheet = list(load_workbook(findings, read_only=True)["问题"].values)
    sev, scope = sheet[0].index("严重程度"), sheet[0].index("范围")
    assert {r[sev] for r in sheet[1:]} == {"错误", "警告", "提示"} and {r[scope] for r in sheet[1:]} == {
        "单份文件"
    }
    e = run("batch", seeds, "--db", str(db), "--workers", "1", "--lang", "en")
    assert "jxscan batch: 5 documents: 0 screened, 5 skipped, 0 failed in" in e.stderr
    assert "corpus checks: unchanged since the last pass (5 documents), skipped" in e.stderr
    bad = run("batch", seeds, "--db", str(db), "--out", str(tmp_path / "r.txt"))
    assert bad.returncode == 2 and "--out 的后缀须为 .csv, .jsonl, .xlsx 之一" in bad.stderr


def test_train_refuses_a_non_empty_out_in_the_users_language(tmp_path: Path):
    (tmp_path / "keep.txt").write_text("x", encoding="utf-8")
    z = run("train", "--out", str(tmp_path))
    assert z.returncode == 2
    assert (
        z.stderr.strip()
        == f"jxscan train: {tmp_path} 已存在且非空：请换一个 --out，或加 --force 替换其中的模型"
    )
    e = run("train", "--out", str(tmp_path), "--lang", "en")
    assert e.stderr.strip() == (
        f"jxscan train: {tmp_path} exists and is not empty: choose another --out, "
        "or add --force to replace its models"
    )


def test_rules_json_gives_each_language_apart():
    import json
    import re

    d = json.loads(run("rules", "--format", "json").stdout)
    ind = {r["code"]: r for r in d["rules"]}["IND001"]
    assert ind["doc_zh"] in ind["doc"] and ind["doc_en"] in ind["doc"] and "[en]" in ind["doc"]
    assert re.search("[\u4e00-\u9fff]{4}", ind["doc_zh"]) and not re.search(
        "[\u4e00-\u9fff]{4}", ind["title_en"]
    )
    std = {s["name"]: s for s in d["scoring_rules"]}["standard"]
    assert std["title_zh"] == std["title"] == "达标满分，未达标按完成比例"
    assert std["title_en"] == "full marks when met, else in proportion to completion"
    assert std["doc_zh"].startswith("达标得满分") and std["doc_en"].startswith("Met target = full weight")


def test_serve_says_where_the_page_is_in_the_users_language():
    import socket

    for lang, expected in (
        (None, "网页 http://127.0.0.1:{port}/ ，接口 http://127.0.0.1:{port}/v1/check"),
        ("en", "web page http://127.0.0.1:{port}/ , API http://127.0.0.1:{port}/v1/check"),
    ):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        env = {k: v for k, v in os.environ.items() if k != "JXSCAN_LANG"}
        if lang:
            env["JXSCAN_LANG"] = lang
        proc = subprocess.Popen(
            [sys.executable, "-m", "service.cli", "serve", "--port", str(port), "--workers", "1"],
            cwd=ROOT,
            env=env,
            stderr=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            text=True,
        )
        try:
            assert proc.stderr is not None
            first = proc.stderr.readline()
        finally:
            proc.terminate()
            proc.wait(timeout=30)
        assert first.startswith("jxscan ") and expected.format(port=port) in first, first


def test_batch_failure_reasons_are_catalogued_and_read_back_in_either_language():
    from extract.messages import relocalize
    from service.workers import crash_message

    # stored by a batch run in English, exported for a Chinese reader (and back)
    assert (
        relocalize("worker crashed (exit code -9: killed by SIGKILL)", "zh")
        == "工作进程崩溃（退出码 -9：被 SIGKILL 终止）"
    )
    assert relocalize("timeout after 0.5 s", "zh") == "超时：0.5 秒后仍未完成"
    assert relocalize("screening failed (ValueError: bad cell)", "zh") == "筛查失败（ValueError: bad cell）"
    assert relocalize("工作进程崩溃（退出码 3）", "en") == "worker crashed (exit code 3)"
    from extract.messages import use_lang

    with use_lang("zh"):
        assert (
            crash_message(-9) == "工作进程崩溃（退出码 -9：被 SIGKILL 终止）"
            and crash_message(3) == "工作进程崩溃（退出码 3）"
        )
    with use_lang("en"):
        assert crash_message(-9) == "worker crashed (exit code -9: killed by SIGKILL)"
