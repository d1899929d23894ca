"""GOL rules: near-duplicate goal texts, robust to wraps, <p> tags and punctuation."""

from __future__ import annotations

import copy
from functools import cache

from classify.check import check_report
from classify.goals import clean, containment, shingles
from classify.rules._fragments import project_table
from extract.model import Report
from extract.pipeline import extract_source
from extract.read import read_text

from .conftest import seed_report, seed_text


def check(text: str) -> Report:
    src = read_text(text)
    return check_report(extract_source(src), src.text)


@cache
def checked(prefix: str) -> Report:
    return check_report(copy.deepcopy(seed_report(prefix)), seed_text(prefix))


def found(rep: Report, code: str) -> list[dict]:
    return [f for f in rep.findings if f["code"] == code]


ROWS = [
    ("产出指标", "数量指标", "新建公厕数量", "≥10座", "=10座", 30, 30, ""),
    ("成本指标", "经济成本指标", "建设成本", "≤45万元", "=45万元", 30, 30, ""),
    ("满意度指标", "满意度指标", "群众满意度", "≥90%", "=95%", 30, 30, ""),
]
GOAL = "新建农村公厕10座，改善农村人居环境，提升群众生活质量，年底前全部投入使用。"


def test_layout_noise_is_removed():
    a = "新建农村公厕 10 座，改善农村\n\n人居环境，<p>提升群众生活质量</p>；（一）年底前全部投入使用"
    assert clean(a) == clean(GOAL)
    assert containment(shingles(a), shingles(GOAL)) == 1.0


def test_gol001_seeds():
    rep = checked("001")
    got = {f["location"] for f in found(rep, "GOL001")}
    assert any("为民办实事" in loc for loc in got) and any("快递费" in loc for loc in got)
    assert len(found(checked("002"), "GOL001")) == 4  # overall (职能 list both sides) and three projects
    assert found(checked("004"), "GOL001") == []  # 截至…已完成 reports, different numbers
    assert found(checked("000"), "GOL001") == []
    for g in rep.goals:
        assert g.similarity is None or 0 <= g.similarity <= 1


def test_gol001_fragments():
    # Copy with spaces, wraps and <p> tags: fires.
    copy_text = "新建农村公厕 10 座，改善农村\n人居环境，<p>提升群众生活质量，年底前全部投入使用。</p>"
    rep = check(project_table("农村改厕", ROWS, goal=(GOAL, copy_text)))
    (f,) = found(rep, "GOL001")
    assert f["details"]["containment"] >= 0.8
    # A real report of results: different verbs and numbers.
    result = "截至12月底已建成公厕9座并投入使用，1座因选址调整顺延至次年，受益群众约3200人。"
    assert found(check(project_table("农村改厕", ROWS, goal=(GOAL, result))), "GOL001") == []


def test_gol002():
    assert len(found(checked("002"), "GOL002")) == 1  # 整体支出 table copies 主要职能
    assert len(found(checked("004"), "GOL002")) == 1
    assert found(checked("001"), "GOL002") == [] and found(checked("003"), "GOL002") == []
    duty = (
        "第一部分 部门概况\n\n一、主要职能\n\n负责全县农村人居环境整治工作的统筹协调；负责农村厕所革命、"
        "生活垃圾和污水治理的组织实施；承办县委、县人民政府交办的其他事项。\n\n二、机构设置及人员情况\n\n下设2个股室。\n\n"
    )
    copied = (
        "负责全县农村人居环境整治工作的统筹协调；负责农村厕所革命、生活垃圾和污水治理的组织实施。",
        "完成改厕。",
    )
    assert len(found(check(duty + project_table("人居环境整治", ROWS, goal=copied)), "GOL002")) == 1
    own = (GOAL, "已建成公厕9座。")
    assert found(check(duty + project_table("人居环境整治", ROWS, goal=own)), "GOL002") == []


def test_gol003():
    t1 = project_table("农村改厕", ROWS, goal=(GOAL, "已建成公厕9座。"))
    t2 = project_table("垃圾清运", ROWS, goal=(GOAL, "清运垃圾1200吨。"))
    (f,) = found(check(t1 + "\n" + t2), "GOL003")
    assert f["severity"] == "info" and f["details"]["same_as"] == "农村改厕"
    other = ("完成全年生活垃圾清运1200吨，清运车辆维护保养率100%。", "清运垃圾1200吨。")
    assert found(check(t1 + "\n" + project_table("垃圾清运", ROWS, goal=other)), "GOL003") == []
