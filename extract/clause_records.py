"""The records the clause grammar (extract/clauses.py) builds: an item's amount
(:class:`Amount`), an item's change (:class:`ChangeClause`), a parse's result
(:class:`Parsed`), the reading state of one segment (:class:`_Seg`), and the number and
unit conversions they are filled with (money in 万元, the unit as written).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from extract.clause_tokens import _UNIT_OF
from extract.fields import parse_number
from extract.model import Change


def _num(s: str | None) -> float | None:
    return parse_number(s) if s else None


def _money(v: float | None, unit: str | None) -> float | None:
    if v is None or unit is None:
        return v
    u = unit.replace("多", "").replace("余", "")
    return round(v * _UNIT_OF.get(u, 1.0), 6)


def _unit(u: str | None) -> str | None:
    return u.replace("多", "").replace("余", "") if u else None


@dataclass
class Amount:
    """An item with an amount in a clause (``公务接待费支出X万元``), money in 万元."""

    item: str
    value: float | None
    unit: str
    start: int  # normalised span of the clause (subject to amount)
    end: int
    v_span: tuple[int, int]
    seg: int
    sent: int
    share: float | None = None
    share_span: tuple[int, int] | None = None
    label: str = ""  # the clause text before the number (预算/决算 words kept)


@dataclass
class ChangeClause:
    item: str
    change: Change  # start/end normalised here
    seg: int
    sent: int
    item_span: tuple[int, int] | None = None
    amount_span: tuple[int, int] | None = None
    rate_span: tuple[int, int] | None = None
    current_span: tuple[int, int] | None = None
    base_value_span: tuple[int, int] | None = None
    rate_word: str | None = None
    also: list[str] = field(default_factory=list)
    group: int = -1  # changes distributed by one 分别/各 share a group id
    qualifier: str | None = None
    # the amount's and the rate's direction words disagree (较上年减X万元，增Y%): the
    # arithmetic decides the direction when it can (see _finish)
    words_disagree: bool = False

    @property
    def start(self) -> int:
        return self.change.start

    @property
    def end(self) -> int:
        return self.change.end


@dataclass
class Parsed:
    amounts: list[Amount]
    changes: list[ChangeClause]


class _Seg:
    """State while reading one segment."""

    def __init__(self, nt: str, start: int, seg: int, sent: int) -> None:
        self.nt = nt
        self.start = start
        self.seg = seg
        self.sent = sent
        self.clause = start  # start of the current clause
        self.amounts: list[Amount] = []
        self.cur: ChangeClause | None = None
        self.cur_clause = -1  # clause start where cur was opened
        self.each = False
        self.paren = False
        self.qual: str | None = None  # a qualifier waiting for the change it precedes
        self.prev_clause: tuple[int, int] | None = None  # the clause before, when it held no token
        self.para_item = ""  # the item of the paragraph's last change before this segment
