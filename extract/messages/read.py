"""Reading inputs (``read.*``): the read errors of every file type."""

from __future__ import annotations

from ._entry import _m

MESSAGES: dict[str, dict[str, str]] = {
    # -- reading inputs (extract/read*.py, service/inputs.py); the input's name is prepended
    "read.no_such_file": _m("{name}: 文件或目录不存在", "{name}: no such file or directory"),
    "read.too_large_memory": _m("过大，无法在内存中读取", "too large to read in memory"),
    "read.cannot_read_exc": _m("无法读取（{error}）", "cannot read ({error})"),
    "read.empty_file": _m("空文件", "empty file"),
    "read.empty_text": _m("文本为空", "empty text"),
    "read.binary_nul": _m(
        "二进制文件（含 NUL 字节），不是文本报告", "binary file (NUL bytes), not a text report"
    ),
    "read.binary_control": _m(
        "二进制文件（含控制字符），不是文本报告", "binary file (control characters), not a text report"
    ),
    "read.no_chinese": _m("未找到中文文本，不是报告", "no Chinese text found; not a report"),
    "read.undecodable_bom": _m(
        "{enc} BOM 之后的文本无法解码（第一个错误字节在偏移 {offset}）",
        "undecodable text after {enc} BOM (first bad byte at offset {offset})",
    ),
    "read.undecodable": _m(
        "文本无法解码（既非 UTF-8 也非 GB18030；第一个非 UTF-8 字节在偏移 {offset}）",
        "undecodable text (neither UTF-8 nor GB18030; first byte that is not UTF-8 at offset {offset})",
    ),
    "read.unsupported_convert": _m(
        "不支持的文件类型 {suffix}（{how}）；请先转换为 .docx 或 .pdf（支持：{supported}）",
        "unsupported file type {suffix} ({how}); convert it to .docx or .pdf first (supported: {supported})",
    ),
    "read.unsupported": _m(
        "不支持的文件类型 {suffix}（支持：{supported}）",
        "unsupported file type {suffix} (supported: {supported})",
    ),
    "read.cannot_read": _m("无法读取（{why}）", "cannot read ({why})"),
    "read.symlink_loop": _m("符号链接循环", "symbolic link loop"),
    "read.dangling_link": _m(
        "失效的符号链接（其目标 {target} 不存在）",
        "dangling symbolic link (its target {target} does not exist)",
    ),
    "read.not_regular": _m("不是普通文件（{kind}），未读取", "not a regular file ({kind}); not read"),
    "read.cannot_read_folder": _m("无法读取该文件夹（{why}）", "cannot read the folder ({why})"),
    "read.too_large_bytes": _m(
        "过大（{size} 字节，上限 {limit}）", "too large ({size} bytes; the limit is {limit})"
    ),
    "read.too_large_grew": _m(
        "过大（超过 {limit} 字节的上限）", "too large (over the limit of {limit} bytes)"
    ),
    "read.kind_fifo": _m("命名管道", "a FIFO (named pipe)"),
    "read.kind_socket": _m("套接字", "a socket"),
    "read.kind_chr": _m("字符设备", "a character device"),
    "read.kind_blk": _m("块设备", "a block device"),
    "read.kind_other": _m("非普通文件", "not a regular file"),
    "read.undecodable_bytes": _m(
        "{total} 个无法解码的字节已替换为 U+FFFD（按 {enc} 读取），字节偏移 {first}",
        "{total} undecodable bytes replaced by U+FFFD (read as {enc}) at byte offset {first}",
    ),
    "read.undecodable_byte": _m(
        "{total} 个无法解码的字节已替换为 U+FFFD（按 {enc} 读取），字节偏移 {first}",
        "{total} undecodable byte replaced by U+FFFD (read as {enc}) at byte offset {first}",
    ),
    "read.pdf_not_pdf": _m("不是 PDF 文件（没有 %PDF 文件头）", "not a PDF file (no %PDF header)"),
    "read.pdf_not_pdfium": _m("未能用 pdfium 读取（{detail}）", "not read with pdfium ({detail})"),
    "read.pdf_page_no_text": _m("第 {page} 页没有文字", "no text on page {page}"),
    "read.pdf_truncated": _m("PDF 不完整（没有 %EOF 结束标记）", "truncated PDF (no %EOF end marker)"),
    "read.pdf_encrypted": _m("加密的 PDF（需要密码）", "encrypted PDF (password needed)"),
    "read.pdf_no_pages": _m("PDF 没有页面", "PDF has no pages"),
    "read.pdf_no_text": _m("没有文本层（扫描件？请先做 OCR）", "no text layer (scanned PDF? OCR it first)"),
    "read.pdf_no_unicode": _m(
        "文本层没有 Unicode 映射（请先做 OCR）", "text layer has no Unicode mapping (OCR it first)"
    ),
    "read.pdf_too_many_pages": _m(
        "PDF 共 {count} 页，超过 {limit} 页的上限", "PDF has {count} pages, more than the limit of {limit}"
    ),
    "read.pdf_over_pages": _m("PDF 超过 {limit} 页（上限）", "PDF has more than {limit} pages (the limit)"),
    "read.pdf_corrupt": _m("PDF 损坏或不完整（{detail}）", "corrupt or truncated PDF ({detail})"),
    "read.pdf_out_of_memory": _m(
        "过大，无法读取（解析 PDF 时内存不足）", "too large to read (out of memory while parsing the PDF)"
    ),
    "read.too_large_to_read": _m("过大，无法读取：{detail}", "too large to read: {detail}"),
    "read.corrupt_docx": _m("损坏的 .docx（{detail}）", "corrupt .docx ({detail})"),
    "read.not_docx": _m("不是 Word .docx 文件（{detail}）", "not a Word .docx ({detail})"),
    "read.no_chinese_docx": _m(
        "Word 文档中未找到中文文本，不是报告", "no Chinese text found in the Word document; not a report"
    ),
    "read.no_chinese_html": _m(
        "网页中未找到中文文本，不是报告", "no Chinese text found in the HTML page; not a report"
    ),
    "read.no_chinese_xlsx": _m(
        "工作簿中未找到中文文本，不是报告", "no Chinese text found in the workbook; not a report"
    ),
    "read.html_unreadable": _m("无法读取的 HTML（{detail}）", "unreadable HTML ({detail})"),
    "read.corrupt_xlsx": _m("损坏的 .xlsx（{detail}）", "corrupt .xlsx ({detail})"),
    "read.corrupt_xls": _m("损坏的 .xls（{detail}）", "corrupt .xls ({detail})"),
    "read.docx_no_document": _m("zip 包中没有 Word 文档", "no Word document inside the zip archive"),
    "read.damaged_zip": _m("zip 包已损坏：{error}", "damaged zip archive: {error}"),
    "read.missing_part": _m("缺少部件 {part}", "missing part {part}"),
    "read.html_undecodable_bom": _m(
        "{enc} BOM 之后的 HTML 无法解码（字节 {offset}）", "undecodable HTML after {enc} BOM at byte {offset}"
    ),
    "read.html_undecodable": _m(
        "HTML 无法解码（声明的编码：{declared}；按 UTF-8、GB18030 也无法解码）",
        "undecodable HTML (declared {declared}; not UTF-8 or GB18030 either)",
    ),
    "read.no_charset": _m("未声明", "no charset"),
    "read.xlsx_no_workbook": _m("zip 包中没有工作簿", "no workbook inside the zip archive"),
    "read.xls_not_ole2": _m("不是 Excel 97-2003 工作簿", "not an Excel 97-2003 workbook"),
    "read.xls_old_doc": _m(
        "不是 Excel 工作簿（旧版 Word .doc？请转换为 .docx 或 .pdf）",
        "not an Excel workbook (an old Word .doc? convert it to .docx or .pdf)",
    ),
    "read.xls_unreadable": _m("无法读取的 .xls（{detail}）", "unreadable .xls ({detail})"),
    "read.corrupt_xml_sheet": _m("损坏的 XML 电子表格（{detail}）", "corrupt XML spreadsheet ({detail})"),
    "read.pdf_permissions": _m(
        "加密的 PDF（权限密码）：其文本无法解码；请先解除保护（例如 qpdf --decrypt）",
        "encrypted PDF (permissions password): its text cannot be decoded; "
        "remove the protection first (e.g. qpdf --decrypt)",
    ),
    "read.too_large_page": _m(
        "过大，无法读取：{detail}（第 {page} 页）", "too large to read: {detail} (page {page})"
    ),
    "read.pdf_page_unreadable": _m(
        "PDF 已损坏（第 {page} 页无法读取：{detail}）", "corrupt PDF (page {page} unreadable: {detail})"
    ),
    "read.on_page": _m("{error}（第 {page} 页）", "{error} on page {page}"),
    "read.corrupt_zip": _m("损坏的 {kind}（{detail}）", "corrupt {kind} ({detail})"),
    "read.not_zip": _m("不是 zip 包", "not a zip archive"),
    "read.zip_too_large": _m(
        "{kind} 解压后过大（{size} 字节，上限 {limit}）",
        "{kind} too large unpacked ({size} bytes; the limit is {limit})",
    ),
    "read.no_report_files": _m(
        "目录中没有报告文件（{supported}）", "directory holds no report files ({supported})"
    ),
    "read.no_such_path": _m("文件或目录不存在", "no such file or directory"),
    "read.too_many_cells": _m(
        "工作表 {sheet} 超过 {limit} 个单元格", "sheet {sheet} has more than {limit} cells"
    ),
}
