"""Exports (``export.*``): CSV/XLSX headers and the stored keywords shown as values."""

from __future__ import annotations

from ._entry import _m

MESSAGES: dict[str, dict[str, str]] = {
    # -- exports (CSV/XLSX headers); the JSONL export keeps its machine keys
    "export.sheet.documents": _m("文件", "documents"),
    "export.sheet.findings": _m("问题", "findings"),
    "export.col.rank": _m("排名", "rank"),
    "export.col.risk": _m("风险分", "risk"),
    "export.col.status": _m("状态", "status"),
    "export.col.error": _m("错误信息", "error"),
    "export.col.path": _m("路径", "path"),
    "export.col.title": _m("标题", "title"),
    "export.col.department": _m("部门", "department"),
    "export.col.year": _m("年度", "year"),
    "export.col.errors": _m("错误数", "errors"),
    "export.col.warnings": _m("警告数", "warnings"),
    "export.col.infos": _m("提示数", "infos"),
    "export.col.findings": _m("问题数", "findings"),
    "export.col.corpus_findings": _m("语料问题数", "corpus_findings"),
    "export.col.tables": _m("表格数", "tables"),
    "export.col.rows": _m("指标行数", "rows"),
    "export.col.reasons": _m("原因说明数", "reasons"),
    "export.col.kind": _m("文件类型", "kind"),
    "export.col.pages": _m("页数", "pages"),
    "export.col.bytes": _m("字节数", "bytes"),
    "export.col.doc_id": _m("文档ID", "doc_id"),
    "export.col.tool_version": _m("工具版本", "tool_version"),
    "export.col.screened_at": _m("筛查时间", "screened_at"),
    "export.col.doc_rank": _m("文件排名", "doc_rank"),
    "export.col.code": _m("代码", "code"),
    "export.col.severity": _m("严重程度", "severity"),
    "export.col.message": _m("问题说明", "message"),
    "export.col.explanation": _m("详细说明", "explanation"),
    "export.col.evidence": _m("证据", "evidence"),
    "export.col.location": _m("位置", "location"),
    "export.col.start": _m("起始偏移", "start"),
    "export.col.end": _m("结束偏移", "end"),
    "export.col.page": _m("页码", "page"),
    "export.col.details": _m("原始详情", "details"),
    "export.col.scope": _m("范围", "scope"),
    # stored keywords shown as values in the CSV/XLSX (the JSONL export keeps them)
    "export.status.ok": _m("已筛查", "ok"),
    "export.status.failed": _m("失败", "failed"),
    "export.scope.document": _m("单份文件", "document"),
    "export.scope.corpus": _m("语料", "corpus"),
    "export.unknown_format": _m(
        "{path}：未知的导出格式 {suffix}；请使用 {formats} 之一",
        "{path}: unknown export format {suffix}; use one of {formats}",
    ),
    "export.no_suffix": _m("（无后缀）", "(no suffix)"),
}
