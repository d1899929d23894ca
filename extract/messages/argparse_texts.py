"""argparse's own texts (``argparse.*``), swapped in by ``service.cli``."""

from __future__ import annotations

from ._entry import _m

MESSAGES: dict[str, dict[str, str]] = {
    # argparse's own texts: the English is argparse's source string (service.cli swaps them in)
    "argparse.usage": _m("用法：", "usage: "),
    "argparse.positional": _m("位置参数", "positional arguments"),
    "argparse.options": _m("选项", "options"),
    "argparse.help": _m("显示此帮助信息并退出", "show this help message and exit"),
    "argparse.required": _m("缺少必需的参数：%s", "the following arguments are required: %s"),
    "argparse.choice": _m(
        "无效的选项值：%(value)r（可选：%(choices)s）", "invalid choice: %(value)r (choose from %(choices)s)"
    ),
    "argparse.unrecognized": _m("无法识别的参数：%s", "unrecognized arguments: %s"),
    "argparse.error": _m("%(prog)s：错误：%(message)s\n", "%(prog)s: error: %(message)s\n"),
    "argparse.argument": _m("参数 %(argument_name)s：%(message)s", "argument %(argument_name)s: %(message)s"),
    "argparse.one": _m("需要一个值", "expected one argument"),
    "argparse.at_least_one": _m("至少需要一个值", "expected at least one argument"),
    "argparse.type": _m("无效的 %(type)s 值：%(value)r", "invalid %(type)s value: %(value)r"),
    "argparse.ambiguous": _m(
        "有歧义的选项：%(option)s 可匹配 %(matches)s", "ambiguous option: %(option)s could match %(matches)s"
    ),
    "argparse.one_of": _m("必须给出以下参数之一：%s", "one of the arguments %s is required"),
    "argparse.not_allowed": _m("不能与参数 %s 同时使用", "not allowed with argument %s"),
}
