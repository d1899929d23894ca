"""The shortcuts of the table path give what the plain computations give: the choice of
layout with detect ceilings, the other-title search over 绩效 lines only, and the
generic finder's jumps over the tables already found."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract import layouts
from extract.layouts.base import Region, line_index
from extract.layouts.find import find_generic
from extract.normalize import normalize
from extract.read import read_path
from extract.tables import _OTHER_TITLE, _other_title, find_tables

from .layout_render import FAMILIES, Row, Spec, render

SEEDS = sorted((Path(__file__).resolve().parent.parent / "corpus" / "seeds").glob("*.txt"))


def _full_choice(region: Region) -> tuple[str, float]:
    """Every layout's detect, the first best kept (what ``choose`` decides)."""
    best, conf = "cell_lines", -1.0
    for name, mod in layouts.LAYOUTS.items():
        c = mod.detect(region)
        if c > conf:
            best, conf = name, c
            if c >= 0.99:
                break
    return best, conf


def _seed_regions() -> list[Region]:
    out: list[Region] = []
    for f in SEEDS:
        text = read_path(f).text
        folded = normalize(text).folded
        regions = find_tables(text, folded)
        out.extend(regions)
        out.extend(find_generic(text, [(r.start, r.end) for r in regions], folded))
    return out


def test_ceilings_bound_their_detect_on_the_seeds() -> None:
    regions = _seed_regions()
    assert len(regions) >= 30
    for region in regions:
        for mod in layouts.LAYOUTS.values():
            if hasattr(mod, "ceiling"):
                assert mod.detect(region) <= mod.ceiling(region)
        assert layouts.choose(region) == _full_choice(region)


SPEC = Spec(
    "城乡道路养护项目",
    "某县交通运输局",
    (120.0, 150.0, 138.5, 10.0, 92.33, 9.23),
    [
        Row("产出指标", "数量指标", "养护里程", "≥120公里", "126公里", 20, 20),
        Row("产出指标", "质量指标", "验收合格率", "≥95%", "93%", 20, 18, "部分路段返工"),
        Row("效益指标", "社会效益指标", "通行条件改善", "明显改善", "明显改善", 30, 30),
        Row("满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", "91%", 20, 20),
    ],
    97.23,
)


@pytest.mark.parametrize("family", FAMILIES)
def test_ceilings_bound_their_detect_on_every_rendering(family: str) -> None:
    text = render(SPEC, family)
    region = Region(text, 0, len(text), "项目支出绩效自评表", "project")
    for mod in layouts.LAYOUTS.values():
        if hasattr(mod, "ceiling"):
            assert mod.detect(region) <= mod.ceiling(region)
    assert layouts.choose(region) == _full_choice(region)


def test_other_title_equals_the_regex_search_from_every_line() -> None:
    text = read_path(SEEDS[0]).text + "\n附表2 某某项目绩效自评表（2023）\n| 项目 | 绩效 |\n结束\n"
    idx = line_index(text)
    starts = idx.starts[::7] + [idx.starts[-3]]
    found = 0
    for a in starts:
        for b in (len(text), min(len(text), a + 3000), idx.starts[-1]):
            want = _OTHER_TITLE.search(text, a, b)
            got = _other_title(text, a, b)
            assert (got.span() if got else None) == (want.span() if want else None)
            found += want is not None
    assert found > 0  # the appended title is found from the lines before it
