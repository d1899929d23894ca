"""Text helpers of reasons, shared by the rule labels (classify/reasons.py) and the learned
labels (classify/learn/): the reason's body and the most specific name of its item.

Both sides import from here, so neither imports the other for them (the models read a
reason exactly as the rules do, without classify.learn importing classify.reasons).
"""

from __future__ import annotations

import re

from .memo import memo

SPACE = re.compile(r"\s+")
# The 主要原因是 / 偏差原因： / 由于 opening of a reason, spaced or not.
PREFIX = re.compile(
    r"^(?:(?:主\s*要\s*)?(?:差\s*异\s*)?(?:偏\s*差\s*)?原\s*因\s*(?:主\s*要\s*)?(?:分\s*析\s*)?(?:是|为|在于|：|:)?"
    r"|这?\s*主\s*要\s*(?:是|系)\s*(?:由\s*于|因\s*为|因)?|由\s*于|因\s*为)[：:\s]*"
)
_LEAF = re.compile(r"[(（]款[)）](.+?)[(（]项[)）]")
_LEAF_BARE = re.compile(r"([^()（）]+)[(（]项[)）]")


@memo()  # asked of every reason by the labels, the models' inputs and several rules
def body(text: str) -> str:
    """The reason without its 主要原因是 prefix, spaces and line breaks removed."""
    s = SPACE.sub("", text or "")
    return PREFIX.sub("", s, count=1)


@memo()
def leaf(item: str | None) -> str:
    """The most specific name of an item: the (项) of a 类/款/项 path, else the item."""
    s = SPACE.sub("", item or "")
    # a 项 printed without its 类/款 path (技术研究与开发(项)) is its own leaf
    m = _LEAF.search(s) or _LEAF_BARE.search(s)
    return m.group(1) if m else s
