"""The HTTP API's error messages (``api.*``)."""

from __future__ import annotations

from ._entry import _m

MESSAGES: dict[str, dict[str, str]] = {
    # -- the API's error messages (codes stay)
    "api.empty_body": _m('请求体为空；请发送 {{"text": ...}}', 'empty request body; send {{"text": ...}}'),
    "api.invalid_json": _m("JSON 无效：{reason}", "invalid JSON: {reason}"),
    "api.nested": _m("嵌套过深", "nested too deeply"),
    "api.no_file_field": _m(
        "multipart 上传需要在字段 'file' 中提供文件", "multipart upload needs a file in the field 'file'"
    ),
    "api.full_param": _m(
        "full 参数应为 1/true 或 0/false，收到 {got}", "full: expected 1/true or 0/false, got {got}"
    ),
    "api.media_type": _m(
        "请发送 application/json {{\"text\": ...}} 或在字段 'file' 中以 multipart/form-data 上传",
        "send application/json {{\"text\": ...}} or a multipart/form-data upload in the field 'file'",
    ),
    "api.busy": _m("等待处理的请求过多，请稍后重试", "too many requests waiting for a worker; retry later"),
    "api.timeout": _m("筛查用时超过 {seconds} 秒", "screening took longer than {seconds} s"),
    "api.worker_crashed": _m(
        "处理该报告的工作进程已退出；请重试，如再次发生请报告该文件",
        "the worker screening this report died; retry, or report the file if it happens again",
    ),
    "api.internal": _m("内部错误（{kind}）", "internal error ({kind})"),
    "api.too_large_memory": _m(
        "{name}: 过大，无法在内存中筛查{cap}", "{name}: too large to screen in memory{cap}"
    ),
    "api.field_missing": _m("缺少必需字段", "Field required"),
    "api.field_string": _m("应为字符串", "Input should be a valid string"),
    "api.field_bool": _m("应为布尔值（true/false）", "Input should be a valid boolean"),
    "api.field_object": _m(
        '应为 JSON 对象，例如 {{"text": ...}}', 'Input should be a JSON object such as {{"text": ...}}'
    ),
    "api.field_invalid": _m("值无效（{detail}）", "invalid value ({detail})"),
    "api.too_large_cap": _m("（超过 {cap} MB 上限）", " (over the {cap} MB limit)"),
}
