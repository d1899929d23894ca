"""The web page in a real headless Chromium (Debian's chromium + chromium-driver, via Selenium)
against a real server: paste a seed, submit, see the findings and the highlighted evidence.

Skipped only when /usr/bin/chromium is absent (.ci/run installs it).
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests import pdfgen
from tests.conftest import seed_text
from tests.test_api import running_server

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
SCREENSHOT = Path(os.environ.get("JXSCAN_WEB_SCREENSHOT", "/tmp/jxscan_web.png"))

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="needs Debian's chromium at /usr/bin/chromium (apt-get install chromium chromium-driver)",
)


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    with running_server(tmp_path_factory.mktemp("web") / "server.log", JXSCAN_WORKERS="2") as base:
        yield base


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = str(CHROMIUM)
    for arg in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1440,1000",
        f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}",
    ):
        opts.add_argument(arg)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=opts)
    driver.set_page_load_timeout(30)
    _browser_languages(driver, "zh-CN,zh")  # a Chinese user's browser, whatever this machine's locale
    try:
        yield driver
    finally:
        driver.quit()


def _browser_languages(driver, accept_language: str) -> None:
    """The browser's languages (navigator.languages and the Accept-Language it sends)."""
    ua = driver.execute_script("return navigator.userAgent")
    driver.execute_cdp_cmd(
        "Network.setUserAgentOverride", {"userAgent": ua, "acceptLanguage": accept_language}
    )


def _wait(driver, condition, timeout: float = 30):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout, poll_frequency=0.1).until(condition)


def _in_view(driver, element, container_id: str) -> bool:
    """Whether ``element`` lies inside the visible part of its scrolling container."""
    return driver.execute_script(
        "const r = arguments[0].getBoundingClientRect();"
        "const c = document.getElementById(arguments[1]).getBoundingClientRect();"
        "return r.bottom > c.top && r.top < c.bottom && r.height > 0;",
        element,
        container_id,
    )


def _submit_text(driver, server: str, text: str) -> None:
    from selenium.webdriver.common.by import By

    driver.get(server + "/")
    area = driver.find_element(By.ID, "text")
    # Paste: setting 40 KB through send_keys types it key by key; set the value as a paste does.
    driver.execute_script(
        "arguments[0].value = arguments[1];arguments[0].dispatchEvent(new Event('input', {bubbles: true}));",
        area,
        text,
    )
    driver.find_element(By.ID, "submit").click()


def test_page_loads_in_chinese(browser, server):
    from selenium.webdriver.common.by import By

    browser.get(server + "/")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "zh-CN"
    assert "审查" in browser.title
    assert browser.find_element(By.ID, "submit").text == "开始检查"
    assert browser.find_element(By.CSS_SELECTOR, "label[for=text]").text == "粘贴报告文本"
    # Nothing is fetched from another host: every script and stylesheet is ours.
    urls = browser.execute_script(
        "return [...document.querySelectorAll('script[src],link[rel=stylesheet]')].map(e => e.src || e.href)"
    )
    assert urls and all(u.startswith(server) for u in urls)
    # An empty submission is refused on the page, in Chinese.
    browser.find_element(By.ID, "submit").click()
    assert "请先粘贴" in browser.find_element(By.ID, "status").text


def test_seed_findings_and_highlights(browser, server):
    from selenium.webdriver.common.by import By

    text = seed_text("000")
    expected = httpx.post(server + "/v1/check", json={"text": text}, timeout=60).json()["findings"]
    assert expected

    _submit_text(browser, server, text)
    _wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#findings li.finding"))
    items = browser.find_elements(By.CSS_SELECTOR, "#findings li.finding")
    assert len(items) == len(expected)
    assert {i.get_attribute("data-code") for i in items} == {f["code"] for f in expected}
    first = items[0]
    assert first.find_element(By.CSS_SELECTOR, ".code").text in {f["code"] for f in expected}
    assert first.find_element(By.CSS_SELECTOR, ".sev").text in ("错误", "警告", "提示")
    assert first.find_element(By.CSS_SELECTOR, ".msg").text
    assert "部门" in browser.find_element(By.ID, "summary").text

    # The document text is shown whole, with the evidence in <mark> elements.
    doc = browser.find_element(By.ID, "doc")
    shown = browser.execute_script("return arguments[0].textContent", doc)
    assert shown == text
    marks = browser.find_elements(By.CSS_SELECTOR, "#doc mark[data-code]")
    assert marks
    codes_marked = {m.get_attribute("data-code") for m in marks}
    assert codes_marked <= {f["code"] for f in expected}
    # Every located finding's evidence is exactly the text of its marks, in order.
    for li in items[:10]:
        idx = li.get_attribute("data-idx")
        f = expected[int(idx)]
        got = browser.execute_script(
            "return [...document.querySelectorAll('#doc mark')]"
            ".filter(m => m.dataset.findings.split(' ').includes(arguments[0]))"
            ".map(m => m.textContent).join('')",
            idx,
        )
        assert got == f["evidence"]

    # Click the finding whose evidence is furthest down: its highlight scrolls into view.
    last = max(items, key=lambda li: expected[int(li.get_attribute("data-idx"))]["start"])
    idx = last.get_attribute("data-idx")
    target = browser.find_element(By.CSS_SELECTOR, f"#doc mark[data-findings~='{idx}']")
    assert not _in_view(browser, target, "doc")
    last.click()
    _wait(browser, lambda d: "active" in target.get_attribute("class") and _in_view(d, target, "doc"), 10)
    assert "active" in last.get_attribute("class")

    # And back: clicking a highlight selects its finding in the list.
    other = next(m for m in marks if idx not in m.get_attribute("data-findings").split())
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", other)
    other.click()
    wanted = other.get_attribute("data-findings").split()[0]
    li = browser.find_element(By.ID, f"finding-{wanted}")
    _wait(browser, lambda d: "active" in li.get_attribute("class"), 10)
    assert "active" not in last.get_attribute("class")

    # Select the first (most severe) finding again: the list scrolls back to it.
    # (a script click: Selenium's own click would scroll the item into view itself)
    browser.execute_script("arguments[0].click()", items[0])
    _wait(
        browser,
        lambda d: _in_view(d, items[0], "findings") and "active" in items[0].get_attribute("class"),
        10,
    )
    browser.execute_script("window.scrollTo(0, document.getElementById('result').offsetTop - 8)")
    time.sleep(0.5)  # let the smooth scrolling of the text pane settle for the picture
    browser.save_screenshot(str(SCREENSHOT))


def test_pdf_upload_and_error_message(browser, server, tmp_path):
    from selenium.webdriver.common.by import By

    pdf = tmp_path / "报告.pdf"
    pdfgen.render_pdf(pdfgen.sample_report(), pdf)
    browser.get(server + "/")
    browser.find_element(By.ID, "file").send_keys(str(pdf))
    assert not browser.find_element(By.ID, "clear-file").get_attribute("hidden")
    assert browser.find_element(By.ID, "file-name").text.startswith("报告.pdf")
    browser.find_element(By.ID, "submit").click()
    _wait(browser, lambda d: "完成" in d.find_element(By.ID, "status").text)
    assert "某区档案局" in browser.find_element(By.ID, "doc").text
    assert "页数" in browser.find_element(By.ID, "summary").text

    bad = tmp_path / "坏.pdf"
    bad.write_bytes(pdfgen.truncated_pdf(pdf.read_bytes()))
    browser.find_element(By.ID, "clear-file").click()
    browser.find_element(By.ID, "file").send_keys(str(bad))
    browser.find_element(By.ID, "submit").click()
    _wait(browser, lambda d: "检查失败" in d.find_element(By.ID, "status").text)
    status = browser.find_element(By.ID, "status")
    assert "422" in status.text and "PDF 不完整" in status.text  # the API answers in the page's language
    assert status.get_attribute("role") == "alert"


def test_highlights_stay_exact_after_characters_outside_the_bmp(browser, server):
    """Offsets count code points; the page maps them to UTF-16 so marks still hold the evidence."""
    from selenium.webdriver.common.by import By

    text = "𠮷𠮷 报告 🙂\n" + seed_text("001")
    expected = httpx.post(server + "/v1/check", json={"text": text}, timeout=60).json()["findings"]
    assert expected
    _submit_text(browser, server, text)
    _wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#findings li.finding"))
    got = browser.execute_script(
        "const out = {};"
        "for (const m of document.querySelectorAll('#doc mark'))"
        "  for (const i of m.dataset.findings.split(' ')) out[i] = (out[i] || '') + m.textContent;"
        "return out;"
    )
    assert len(got) == len(expected)
    for idx, evidence in got.items():
        assert evidence == expected[int(idx)]["evidence"]


def test_each_finding_reads_as_a_sentence_with_the_raw_details_behind_a_toggle(browser, server):
    """Under every finding: the sentence service/explain.py writes (the page interprets the same
    recipes), no ``key=value`` internals on its face, and the raw details in a closed toggle."""
    from selenium.webdriver.common.by import By

    from service.explain import explain

    text = seed_text("001")
    expected = httpx.post(server + "/v1/check", json={"text": text}, timeout=60).json()["findings"]
    _submit_text(browser, server, text)
    _wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#findings li.finding"))
    items = browser.find_elements(By.CSS_SELECTOR, "#findings li.finding")
    assert len(items) == len(expected)
    for li in items:
        f = expected[int(li.get_attribute("data-idx"))]
        shown = browser.execute_script("return arguments[0].querySelector('.explain')?.textContent || ''", li)
        assert shown == explain(f, "zh"), f["code"]
        face = browser.execute_script(
            "const c = arguments[0].cloneNode(true); c.querySelector('details')?.remove(); return c.textContent",
            li,
        )
        assert "target_op" not in face and "quality_score" not in face and "direction=" not in face
        raw = li.find_element(By.CSS_SELECTOR, "details.raw")
        assert raw.get_attribute("open") is None
    ind001 = next(li for li in items if li.get_attribute("data-code") == "IND001")
    assert ind001.find_element(By.CSS_SELECTOR, ".explain").text.startswith(
        "判定：未达成；目标≥1次；实际0次；得分6（分值6）"
    )


def test_page_in_english_when_asked(browser, server):
    from selenium.webdriver.common.by import By

    browser.get(server + "/?lang=en")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
    assert browser.find_element(By.ID, "submit").text == "Check"
    browser.find_element(By.ID, "submit").click()
    assert browser.find_element(By.ID, "status").text == "Paste a report or choose a file first."
    area = browser.find_element(By.ID, "text")
    browser.execute_script("arguments[0].value = arguments[1];", area, seed_text("001"))
    browser.find_element(By.ID, "submit").click()
    _wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#findings li.finding"))
    sentences = [e.text for e in browser.find_elements(By.CSS_SELECTOR, "#findings .explain")]
    assert "verdict: missed; target ≥1次; actual 0次; score 6 of a weight of 6" in "\n".join(sentences)


def test_page_follows_an_english_browser_unless_asked_or_chinese_is_listed(browser, server):
    from selenium.webdriver.common.by import By

    def shown(url: str) -> tuple[str, str, list[str]]:
        browser.get(server + url)
        langs = browser.execute_script("return [...navigator.languages]")
        return (
            browser.find_element(By.TAG_NAME, "html").get_attribute("lang"),
            browser.find_element(By.ID, "submit").text,
            langs,
        )

    try:
        _browser_languages(browser, "en-US,en")
        assert shown("/") == ("en", "Check", ["en-US", "en"])
        assert shown("/?lang=zh")[:2] == ("zh-CN", "开始检查")  # the address wins
        _browser_languages(browser, "en-GB,zh-CN")  # English system, Chinese listed: Chinese
        assert shown("/")[:2] == ("zh-CN", "开始检查")
        _browser_languages(browser, "fr-FR")  # neither: Chinese, the default
        assert shown("/")[:2] == ("zh-CN", "开始检查")
        _browser_languages(browser, "zh-CN,zh")
        assert shown("/?lang=en")[:2] == ("en", "Check")
    finally:
        _browser_languages(browser, "zh-CN,zh")
