"""The HTTP API, tested over real HTTP against a real uvicorn on loopback.

The server runs in a subprocess (``service.serve_args.main``) with small limits set through
its environment variables, and the test hooks injected (``main(argv, test_hooks=True)``: the
``X-JXScan-Test-Sleep`` / ``X-JXScan-Test-Crash`` headers make a worker hang or die).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from service.api_jobs import LEAN_DROPS
from service.serve_args import add_serve_parser
from tests import pdfgen
from tests.conftest import ROOT, seed_path, seed_text

MAX_BYTES = 400_000
MAX_PAGES = 5
TIMEOUT = 6.0


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_server(log_path: Path, test_hooks: bool = False, **env_overrides: str) -> Iterator[str]:
    """A real ``jxscan serve`` (uvicorn) on a free loopback port; yields its base URL.
    ``test_hooks``: the server honours the X-JXScan-Test-* headers (injected, not from env)."""
    port = _free_port()
    env = dict(os.environ, PYTHONPATH=str(ROOT), **env_overrides)
    cmd = [
        sys.executable,
        "-c",
        "import sys; from service.serve_args import main; "
        f"sys.exit(main(sys.argv[1:], test_hooks={test_hooks}))",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--log-level",
        "warning",
    ]
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"server did not start:\n{log_path.read_text(errors='replace')}")
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    log_path = tmp_path_factory.mktemp("api") / "server.log"
    with running_server(
        log_path,
        JXSCAN_MAX_BYTES=str(MAX_BYTES),
        JXSCAN_MAX_PAGES=str(MAX_PAGES),
        JXSCAN_TIMEOUT=str(TIMEOUT),
        JXSCAN_WORKERS="2",
        test_hooks=True,
    ) as base:
        yield base


@pytest.fixture(scope="module")
def client(server) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server, timeout=60) as c:
        yield c


def _key(findings: list[dict]) -> list[tuple]:
    return sorted((f["code"], f["start"], f["end"], f["message"]) for f in findings)


def _error(r: httpx.Response, status: int, code: str) -> str:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/json")
    err = r.json()["error"]
    assert err["code"] == code, err
    assert err["message"]
    return err["message"]


# ------------------------------------------------------------------ the happy paths


def test_healthz_and_openapi(client):
    h = client.get("/healthz").json()
    assert h["status"] == "ok" and h["version"]
    spec = client.get("/openapi.json").json()
    body = spec["paths"]["/v1/check"]["post"]["requestBody"]["content"]
    assert set(body) == {"application/json", "multipart/form-data"}
    assert "text" in body["application/json"]["schema"]["properties"]
    assert body["multipart/form-data"]["schema"]["properties"]["file"]["format"] == "binary"
    assert {"/v1/rules", "/healthz"} <= set(spec["paths"])
    docs = client.get("/docs")
    assert docs.status_code == 200 and "openapi.json" in docs.text


def test_swagger_ui_and_redoc_are_served_offline(client):
    """/docs and /redoc load every script and style from this server (no CDN), and those files
    are the real Swagger UI 5 (it reads the OpenAPI 3.1 FastAPI writes) and ReDoc."""
    for page, assets in (
        ("/docs", ("swagger-ui-bundle.js", "swagger-ui.css")),
        ("/redoc", ("redoc.standalone.js",)),
    ):
        html = client.get(page)
        assert html.status_code == 200, page
        urls = re.findall(r'(?:src|href)="([^"]+)"', html.text) + re.findall(r"url: '([^']+)'", html.text)
        assert urls and all(u.startswith("/") for u in urls), (page, urls)  # nothing from another host
        for name in assets:
            assert f"/docs/static/{name}" in urls, (page, name)
            got = client.get(f"/docs/static/{name}")
            assert got.status_code == 200 and len(got.content) > 100_000, name
    bundle = client.get("/docs/static/swagger-ui-bundle.js").text
    assert "SwaggerUIBundle" in bundle and re.search(r'"5\.\d+\.\d+"', bundle)


def test_seed_json_and_upload_give_the_same_report(client):
    text = seed_text("000")
    r_json = client.post("/v1/check?full=1", json={"text": text, "name": "seed000.txt", "include_text": True})
    assert r_json.status_code == 200, r_json.text
    rep = r_json.json()
    assert rep["source"] == "seed000.txt"
    assert rep["department"] == "乌鲁木齐市政务服务管理局(汇总)" and rep["year"] == 2023
    assert rep["text"] == text
    assert len(rep["tables"]) >= 3
    assert rep["findings"], "seed 000 has known anomalies"
    assert {"IND006", "IND007"} & {f["code"] for f in rep["findings"]}
    for f in rep["findings"]:
        assert text[f["start"] : f["end"]] == f["evidence"]
        assert f["severity"] in ("error", "warning", "info")
    assert sum(rep["counts"].values()) == len(rep["findings"])
    assert 0 <= rep["risk"] <= 100

    path = seed_path("000")
    r_up = client.post("/v1/check?full=true", files={"file": (path.name, path.read_bytes(), "text/plain")})
    assert r_up.status_code == 200, r_up.text
    up = r_up.json()
    assert up["source"] == path.name
    assert "text" not in up  # only when asked
    assert _key(up["findings"]) == _key(rep["findings"])
    assert [t["title"] for t in up["tables"]] == [t["title"] for t in rep["tables"]]
    assert up["risk"] == rep["risk"]


def test_lean_answer_by_default_full_on_request(client):
    text = seed_text("001")
    lean = client.post("/v1/check", json={"text": text, "include_text": True})
    full = client.post("/v1/check?full=1", json={"text": text, "include_text": True})
    assert lean.status_code == full.status_code == 200, lean.text
    lean_rep, full_rep = lean.json(), full.json()
    assert not set(LEAN_DROPS) & set(lean_rep)
    assert set(LEAN_DROPS) <= set(full_rep) and full_rep["tables"] and full_rep["reasons"]
    # Everything the lean answer has is the full answer's, value for value.
    assert lean_rep == {k: v for k, v in full_rep.items() if k not in LEAN_DROPS}
    assert lean_rep["findings"] and lean_rep["text"] == text
    for f in lean_rep["findings"]:
        assert text[f["start"] : f["end"]] == f["evidence"]
    # What the web page reads is all there.
    assert {"title", "department", "year", "source", "risk", "counts", "findings", "text"} <= set(lean_rep)
    assert len(lean.content) < len(full.content) / 2
    assert client.post("/v1/check?full=0", json={"text": text}).json().keys() == lean_rep.keys() - {"text"}
    _error(client.post("/v1/check?full=maybe", json={"text": text}), 422, "invalid_request")


def _planted_pdf() -> bytes:
    """A one-table report whose first indicator is missed (0 of >=4) yet scored full."""
    table = pdfgen.self_eval_blocks(
        project="社区养老服务补助经费",
        dept="某区民政局",
        unit="某区养老服务中心",
        funds=[
            pdfgen.Funds("年度资金总额", "40.00", "40.00", "36.00", "10", "90.00%", "9.00"),
            pdfgen.Funds("其中：当年财政拨款", "40.00", "40.00", "36.00"),
            pdfgen.Funds("其他资金", "0.00", "0.00", "0.00"),
        ],
        goal_expected="为辖区老年人提供助餐、助浴等居家养老服务，新建社区养老服务站 4 个。",
        goal_actual="为辖区老年人提供居家养老服务，养老服务站建设推迟至下年度。",
        indicators=[
            pdfgen.Indicator(
                "产出指标", "数量指标", "新建社区养老服务站数量", ">=4 个", "=0 个", "30", "30.00"
            ),
            pdfgen.Indicator("产出指标", "质量指标", "服务对象覆盖率", ">=90%", "=95%", "30", "30.00"),
            pdfgen.Indicator(
                "满意度指标", "服务对象满意度指标", "老年人满意度", ">=90%", "=93%", "30", "30.00"
            ),
        ],
        total_weight="100",
        total_score="99.00 分",
    )
    paragraphs = ["一、部门主要职责", "负责辖区养老服务、社会救助和社区治理等工作。"]
    return pdfgen.render_report_pdf(None, paragraphs, [table], "某区民政局 2023 年度部门决算公开说明")


def test_pdf_upload_has_pages_and_boxes(client):
    data = _planted_pdf()
    r = client.post(
        "/v1/check?full=1",
        files={"file": ("民政局.pdf", data, "application/pdf")},
        data={"include_text": "true"},
    )
    assert r.status_code == 200, r.text
    rep = r.json()
    assert rep["source"] == "民政局.pdf"
    rows = [row for t in rep["tables"] for row in t["rows"]]
    assert [row["name"] for row in rows][:1] == ["新建社区养老服务站数量"]
    for row in rows:
        assert row["page"] == 1
        x0, top, x1, bottom = row["bbox"]
        assert 0 <= x0 < x1 <= 600 and 0 <= top < bottom <= 850
    text = rep["text"]
    ind001 = [f for f in rep["findings"] if f["code"] == "IND001"]
    assert ind001, rep["findings"]
    for f in rep["findings"]:
        assert text[f["start"] : f["end"]] == f["evidence"]
        assert f["page"] >= 1 and len(f["bbox"]) == 4
    assert "新建社区养老服务站数量" in ind001[0]["evidence"]


def test_gbk_upload_is_decoded(client):
    text = seed_text("001")
    data = text.encode("gbk")
    r = client.post(
        "/v1/check?full=1", files={"file": ("gbk.txt", data, "text/plain")}, data={"include_text": "1"}
    )
    assert r.status_code == 200, r.text
    rep = r.json()
    assert rep["text"] == text
    ref = client.post("/v1/check?full=1", json={"text": text}).json()
    assert _key(rep["findings"]) == _key(ref["findings"])
    assert len(rep["tables"]) == len(ref["tables"]) > 0


def test_rules_catalogue(client):
    r = client.get("/v1/rules")
    assert r.status_code == 200, r.text
    rules = r.json()["rules"]
    codes = [x["code"] for x in rules]
    assert {"IND001", "SUM003", "RSN001", "GOL001", "XRF001"} <= set(codes)
    assert codes == sorted(codes)
    for x in rules:
        assert x["severity"] in ("error", "warning", "info") and x["title"] and x["doc"]
        # each language apart, and the two halves are the whole docstring (doc kept as it was)
        assert x["title_zh"] == x["title"] and x["title_en"] and x["doc_zh"] and x["doc_en"]
        assert x["doc"].startswith(x["doc_zh"]) and x["doc"].rstrip().endswith(x["doc_en"])
        assert f"[en] {x['title_en']}" in x["doc"] and "[en]" not in x["doc_zh"] + x["doc_en"]
    gol = {x["code"]: x for x in rules}["GOL001"]
    assert gol["title_zh"] == "实际完成情况照抄预期目标" and not re.search("[A-Za-z]{4}", gol["title_zh"])
    assert not re.search("[\u4e00-\u9fff]", gol["title_en"])


def test_concurrent_requests(server):
    """More clients than workers: every request is answered, each with its own report."""
    texts = [seed_text(p) for p in ("000", "001", "002", "003", "004")] * 3

    def one(text: str) -> tuple[str, str]:
        with httpx.Client(base_url=server, timeout=60) as c:
            r = c.post("/v1/check", json={"text": text})
            assert r.status_code == 200, r.text
            return r.json()["doc_id"], text

    with ThreadPoolExecutor(max_workers=len(texts)) as pool:
        results = list(pool.map(one, texts))
    for doc_id, text in results:
        assert doc_id == hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_serve_parser_plugs_into_a_cli():
    parser = argparse.ArgumentParser(prog="jxscan")
    add_serve_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["serve", "--port", "9000", "--workers", "3"])
    assert (args.host, args.port, args.workers) == ("127.0.0.1", 9000, 3)
    assert args.func.__module__ == "service.serve_args"  # defers the FastAPI import to `serve`


# ------------------------------------------------------------------ bad input


def test_empty_text_and_empty_upload(client):
    msg = _error(client.post("/v1/check", json={"text": "  \n"}), 422, "unreadable")
    assert "empty" in msg
    msg = _error(client.post("/v1/check", files={"file": ("e.txt", b"", "text/plain")}), 422, "unreadable")
    assert "empty" in msg


def test_binary_upload(client):
    data = bytes(range(256)) * 64
    msg = _error(client.post("/v1/check", files={"file": ("blob.txt", data)}), 422, "unreadable")
    assert "binary" in msg


def test_bad_pdfs(client):
    good = pdfgen.render_pdf(pdfgen.sample_report())
    msg = _error(
        client.post("/v1/check", files={"file": ("cut.pdf", pdfgen.truncated_pdf(good))}), 422, "unreadable"
    )
    assert "truncated" in msg
    msg = _error(
        client.post("/v1/check", files={"file": ("lock.pdf", pdfgen.encrypted_pdf())}), 422, "unreadable"
    )
    assert "encrypted" in msg
    msg = _error(
        client.post("/v1/check", files={"file": ("scan.pdf", pdfgen.no_text_pdf())}), 422, "unreadable"
    )
    assert "no text layer" in msg
    msg = _error(
        client.post("/v1/check", files={"file": ("junk.pdf", b"%PDF-1.7\n" + b"\x00garbage" * 500)}),
        422,
        "unreadable",
    )
    assert "PDF" in msg


def test_too_many_pages(client):
    data = pdfgen.many_page_pdf(MAX_PAGES + 1)
    msg = _error(client.post("/v1/check", files={"file": ("long.pdf", data)}), 422, "too_many_pages")
    assert str(MAX_PAGES) in msg
    ok = client.post("/v1/check", files={"file": ("short.pdf", pdfgen.many_page_pdf(MAX_PAGES))})
    assert ok.status_code == 200, ok.text
    assert ok.json()["pages"] == MAX_PAGES


def test_oversized_body_declared_length(client):
    text = seed_text("004") * 8  # ~450 KB of UTF-8 > MAX_BYTES
    body = json.dumps({"text": text}, ensure_ascii=False).encode()
    assert len(body) > MAX_BYTES
    r = client.post("/v1/check", content=body, headers={"Content-Type": "application/json"})
    assert str(MAX_BYTES) in _error(r, 413, "too_large")
    big = client.post("/v1/check", files={"file": ("big.txt", text.encode())})
    _error(big, 413, "too_large")


def test_oversized_body_streamed(client):
    """No Content-Length (chunked): the server counts while reading and stops at the limit."""

    def chunks() -> Iterator[bytes]:
        yield b'{"text": "'
        for _ in range(40):  # 40 x 32 KB > MAX_BYTES
            yield "报告".encode() * 5461

    r = client.post("/v1/check", content=chunks(), headers={"Content-Type": "application/json"})
    _error(r, 413, "too_large")


def test_request_errors(client):
    _error(
        client.post("/v1/check", content=b"text", headers={"Content-Type": "text/plain"}),
        415,
        "unsupported_media_type",
    )
    _error(
        client.post("/v1/check", content=b"{not json", headers={"Content-Type": "application/json"}),
        400,
        "bad_request",
    )
    assert "text" in _error(client.post("/v1/check", json={"name": "x"}), 422, "invalid_request")
    _error(client.post("/v1/check", json={"text": 12}), 422, "invalid_request")
    # pydantic's validation messages follow the request's language too (the page shows them)
    zh = {"Accept-Language": "zh-CN"}
    assert (
        _error(client.post("/v1/check", json={"name": "x"}), 422, "invalid_request") == "text: Field required"
    )
    assert (
        _error(client.post("/v1/check", json={"name": "x"}, headers=zh), 422, "invalid_request")
        == "text: 缺少必需字段"
    )
    assert (
        _error(client.post("/v1/check", json={"text": 12}, headers=zh), 422, "invalid_request")
        == "text: 应为字符串"
    )
    assert (
        _error(
            client.post("/v1/check", json={"text": "x", "include_text": "maybe"}, headers=zh),
            422,
            "invalid_request",
        )
        == "include_text: 应为布尔值（true/false）"
    )
    assert _error(client.post("/v1/check", json=["x"], headers=zh), 422, "invalid_request").startswith(
        "应为 JSON 对象"
    )
    _error(client.post("/v1/check", files={"other": ("a.txt", b"x")}), 422, "invalid_request")
    assert ".pptx" in _error(
        client.post("/v1/check", files={"file": ("a.pptx", b"PK\x03\x04")}), 422, "unsupported_file_type"
    )
    assert "convert it" in _error(
        client.post("/v1/check", files={"file": ("a.doc", b"\xd0\xcf")}), 422, "unsupported_file_type"
    )
    assert "corrupt .docx" in _error(
        client.post("/v1/check", files={"file": ("a.docx", b"PK\x03\x04")}), 422, "unreadable"
    )
    _error(client.get("/v1/check"), 405, "method_not_allowed")
    _error(client.get("/nope"), 404, "not_found")


def test_no_path_is_opened(client):
    """Names are labels: nothing a client names is read from disk."""
    r = client.post("/v1/check", files={"file": ("../../etc/passwd", seed_text("003").encode())})
    assert r.status_code == 200 and r.json()["source"] == "passwd"
    r = client.post("/v1/check", json={"text": seed_text("003"), "name": "/etc/passwd"})
    assert r.status_code == 200 and r.json()["source"] == "/etc/passwd"
    assert r.json()["department"]  # screened the text sent, not the file named
    for url in ("/static/../../../etc/passwd", "/static/%2e%2e/api.py", "/static/api.py", "/web/app.js"):
        assert client.get(url).status_code == 404


def test_page_files_are_served(client):
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert 'lang="zh-CN"' in page.text and "/static/app.js" in page.text
    assert "http://" not in page.text and "https://" not in page.text  # no CDN
    assert client.get("/static/app.js").headers["content-type"].startswith("text/javascript")
    assert client.get("/static/style.css").headers["content-type"].startswith("text/css")


# ------------------------------------------------------------------ workers that hang or die


def test_timeout_replaces_the_hung_worker_and_spares_its_neighbour(client, server):
    """A hung job gets 504 after JXSCAN_TIMEOUT; a job running beside it in the same pool
    still completes (the pool is drained, not killed at once); the server keeps serving."""
    text = seed_text("003")
    results: dict[str, httpx.Response] = {}

    def hung() -> None:
        with httpx.Client(base_url=server, timeout=60) as c:
            results["hung"] = c.post("/v1/check", json={"text": text}, headers={"X-JXScan-Test-Sleep": "120"})

    def slow_neighbour() -> None:
        time.sleep(2.0)
        with httpx.Client(base_url=server, timeout=60) as c:
            results["slow"] = c.post("/v1/check", json={"text": text}, headers={"X-JXScan-Test-Sleep": "5"})

    before = client.get("/healthz").json()["workers_replaced"]
    threads = [threading.Thread(target=hung), threading.Thread(target=slow_neighbour)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join(90)
    _error(results["hung"], 504, "timeout")
    assert results["slow"].status_code == 200, results["slow"].text  # finished at ~7 s > the 6 s timeout
    assert time.monotonic() - started < 30
    health = client.get("/healthz").json()
    assert health["status"] == "ok" and health["workers_replaced"] == before + 1
    assert client.post("/v1/check", json={"text": text}).status_code == 200


def test_dead_worker_is_replaced(client):
    text = seed_text("003")
    _error(
        client.post("/v1/check", json={"text": text}, headers={"X-JXScan-Test-Crash": "1"}),
        500,
        "worker_crashed",
    )
    assert client.get("/healthz").json()["status"] == "ok"
    assert client.post("/v1/check", json={"text": text}).status_code == 200


def test_still_healthy_after_everything(client):
    """Runs last in this module: every bad input above left the server up."""
    assert client.get("/healthz").json()["status"] == "ok"
    r = client.post("/v1/check", files={"file": ("r.pdf", pdfgen.render_pdf(pdfgen.sample_report()))})
    assert r.status_code == 200 and r.json()["pages"] == 2
