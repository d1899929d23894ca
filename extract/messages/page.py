"""The web page and the HTML report's shared texts (``page.*``)."""

from __future__ import annotations

from ._entry import _m

MESSAGES: dict[str, dict[str, str]] = {
    # -- the HTML report and the web page (both languages; the page receives the "page." ones)
    "page.title": _m(
        "jxscan · 部门决算与绩效自评审查", "jxscan · screening of final accounts and self-evaluations"
    ),
    "page.subtitle": _m("部门决算公开说明 · 绩效自评表 审查", "部门决算公开说明 · 绩效自评表 screening"),
    "page.intro": _m(
        "粘贴报告全文或上传文件，检查计算错误、评分异常与空泛表述。每条问题都标出原文依据。",
        "Paste a report or upload a file to check its arithmetic, its scores and hollow wording. "
        "Every finding points at its evidence in the text.",
    ),
    "page.paste": _m("粘贴报告文本", "Paste the report text"),
    "page.placeholder": _m(
        "在此粘贴部门决算公开说明或绩效自评表的全文……",
        "Paste the full text of a 部门决算公开说明 or 绩效自评表 here…",
    ),
    "page.upload": _m(
        "或上传文件（.txt、.pdf、.html、.docx、.xlsx）", "or upload a file (.txt, .pdf, .html, .docx, .xlsx)"
    ),
    "page.choose": _m("选择文件", "Choose a file"),
    "page.no_file": _m("未选择文件", "No file chosen"),
    "page.remove_file": _m("移除文件", "Remove the file"),
    "page.hint": _m(
        "选择了文件时检查该文件，否则检查粘贴的文本。文本文件可为 UTF-8 或 GBK 编码。",
        "A chosen file is checked, otherwise the pasted text. Text files may be UTF-8 or GBK.",
    ),
    "page.submit": _m("开始检查", "Check"),
    "page.result": _m("检查结果", "Result"),
    "page.findings": _m("发现的问题", "Findings"),
    "page.show": _m("显示", "Show"),
    "page.no_findings": _m("未发现问题。", "No findings."),
    "page.text": _m("原文", "Text"),
    "page.text_hint": _m(
        "（高亮处为问题依据，点击可定位到对应问题）",
        "(highlights are the evidence; click one to find its finding)",
    ),
    "page.need_input": _m("请先粘贴报告文本或选择文件。", "Paste a report or choose a file first."),
    "page.checking": _m("正在检查……", "Checking…"),
    "page.failed": _m("检查失败（{status}）：{message}", "Check failed ({status}): {message}"),
    "page.done": _m("完成，用时 {seconds} 秒。", "Done in {seconds} s."),
    "page.offline": _m("无法连接服务：{message}", "Cannot reach the service: {message}"),
    "page.field.title": _m("标题", "Title"),
    "page.field.department": _m("部门", "Department"),
    "page.field.year": _m("年度", "Year"),
    "page.field.source": _m("来源", "Source"),
    "page.field.pages": _m("页数", "Pages"),
    "page.unknown": _m("（未识别）", "(not found)"),
    "page.risk": _m("风险分 {risk}", "risk {risk}"),
    "page.risk_title": _m("风险分（0–100）", "risk (0–100)"),
    "page.count": _m("{label} {n}", "{label}: {n}"),
    "page.on_page": _m("第 {page} 页", "page {page}"),
    "page.no_location": _m("（无位置信息）", "(no location)"),
    "page.no_span": _m("（无原文定位）", "(not located in the text)"),
    "page.raw_details": _m("原始数据", "Raw details"),
    "page.bytes": _m("{n} 字节", "{n} bytes"),
}
