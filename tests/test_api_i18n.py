"""API error messages in the language the request asks for (Accept-Language), on a real
loopback server whose own default is Chinese; the codes stay."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests import pdfgen
from tests.test_api import running_server


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    log = tmp_path_factory.mktemp("api-i18n") / "server.log"
    with running_server(log, JXSCAN_LANG="zh", JXSCAN_WORKERS="1", JXSCAN_MAX_PAGES="3") as base:
        yield base


def _error(r: httpx.Response) -> tuple[int, str, str]:
    e = r.json()["error"]
    return r.status_code, e["code"], e["message"]


def test_request_errors_follow_accept_language(server: str):
    url = server + "/v1/check"
    assert _error(httpx.post(url, content=b"", headers={"Content-Type": "application/json"})) == (
        400,
        "bad_request",
        '请求体为空；请发送 {"text": ...}',
    )
    en = {"Content-Type": "application/json", "Accept-Language": "en-US,en;q=0.9"}
    assert _error(httpx.post(url, content=b"", headers=en)) == (
        400,
        "bad_request",
        'empty request body; send {"text": ...}',
    )
    assert _error(httpx.post(url, content=b"{", headers={**en, "Accept-Language": "zh-CN"}))[2].startswith(
        "JSON 无效："
    )
    assert _error(
        httpx.post(url, content=b"x", headers={"Content-Type": "text/plain", "Accept-Language": "en"})
    ) == (
        415,
        "unsupported_media_type",
        "send application/json {\"text\": ...} or a multipart/form-data upload in the field 'file'",
    )


def test_unreadable_documents_are_answered_in_the_requests_language(server: str):
    url = server + "/v1/check"
    pdf = pdfgen.render_pdf(pdfgen.sample_report())
    bad = pdfgen.truncated_pdf(pdf)
    files = {"file": ("坏.pdf", bad, "application/pdf")}
    assert _error(httpx.post(url, files=files)) == (
        422,
        "unreadable",
        "坏.pdf: PDF 不完整（没有 %EOF 结束标记）",
    )
    assert _error(httpx.post(url, files=files, headers={"Accept-Language": "en"})) == (
        422,
        "unreadable",
        "坏.pdf: truncated PDF (no %EOF end marker)",
    )
    many = pdfgen.many_page_pdf(5)
    files = {"file": ("多.pdf", many, "application/pdf")}
    # the code is read whatever the language the worker wrote the message in
    assert _error(httpx.post(url, files=files)) == (
        422,
        "too_many_pages",
        "多.pdf: PDF 共 5 页，超过 3 页的上限",
    )
    assert _error(httpx.post(url, files=files, headers={"Accept-Language": "fr, en;q=0.5"})) == (
        422,
        "too_many_pages",
        "多.pdf: PDF has 5 pages, more than the limit of 3",
    )
    text = {"text": "\x00\x01\x02\x03\x04\x05 not a report"}
    assert (
        _error(httpx.post(url, json=text, headers={"Accept-Language": "en"}))[2]
        == "<text>: binary file (control characters), not a text report"
    )
