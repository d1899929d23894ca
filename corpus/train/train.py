"""``jxscan train``: cross-validate, fit and export the label models.

Per task (cause, quality, category1, category2) the scikit-learn pipeline and the rule-only
baseline (:mod:`corpus.train.baseline`), and with ``--spacy`` the spaCy pipeline
(:mod:`corpus.train.pipelines`), are scored on the same stratified 5-fold split (shuffled,
seed 0). The metric is macro-F1 (every class counts the same, so the rare causes matter as
much as 其他), reported as the mean and standard deviation over the five folds.
scikit-learn is refitted on all the data and written to the output directory (``models.new/``
by default, see :mod:`corpus.train.cli`); spaCy replaces it for a task only with
``--deploy-spacy`` and by the rule of :func:`spacy_wins`. ``manifest.json`` records the
hashes of the data and of every artifact, and ``MODEL_CARD.md`` the data, metrics,
thresholds, date and how to retrain.

Indicator folds are stratified on the category pair, and the same folds serve category1
and category2, because category2 is decoded within the category1 the same approach predicts
(the framework is a hierarchy: 经济 under 成本 is not 经济 under 效益).

Determinism: one thread in every pool (:func:`train`), fixed seeds, inputs in file order,
sorted vocabularies, deterministic zips; the card's date is the date of the last commit of
``corpus/labels`` (``SOURCE_DATE_EPOCH`` overrides), so the same data gives the same bytes
(across machines, :mod:`corpus.train.compare` says whether two outputs are equivalent).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from classify.learn.linear import LinearModel
from extract.messages import t as say

from .baseline import printed_level_predict, rule_predict, siblings_of
from .data import TASKS, TaskData, data_hash, load_task
from .paths import LABELS, MODELS, ROOT  # noqa: F401 (ROOT re-exported)
from .pipelines import SEED, SPACY_EPOCHS, C, fit_sklearn, fit_spacy

FOLDS = 5
# RSN001/RSN002 thresholds are chosen on the out-of-fold probabilities from this grid. It
# starts at 0.5: a warning fires only where the model finds the label more likely than
# not (texts unlike the training data get middling probabilities).
THRESHOLD_GRID = tuple(round(0.50 + 0.05 * i, 2) for i in range(7))  # 0.50 … 0.80
THRESHOLD_CLASSES = ("boilerplate", "non_explanatory")


@dataclass
class Scores:
    folds: list[float] = field(default_factory=list)
    oof: list[str] | None = None

    @property
    def mean(self) -> float:
        return float(np.mean(self.folds)) if self.folds else float("nan")

    @property
    def sd(self) -> float:
        return float(np.std(self.folds)) if self.folds else float("nan")


@dataclass
class TaskResult:
    task: str
    n: int
    classes: dict[str, int]
    scores: dict[str, Scores]
    kept: str = "sklearn"
    per_class: dict[str, dict[str, float]] = field(default_factory=dict)
    extra: dict[str, object] = field(default_factory=dict)


def spacy_wins(sk: Scores, sp: Scores, folds: int) -> bool:
    """Keep spaCy only when it beats scikit-learn on every fold and on average by more than the
    folds' noise (the standard error of a fold mean, the larger of the two): a spaCy pipeline
    makes inference heavier (spaCy at run time), which a difference inside the noise does not
    justify, and spaCy's own scores vary across machines (its kernels are not bit-stable), so a
    choice near the line would flip between machines. Only asked for with ``--deploy-spacy``."""
    if len(sp.folds) != len(sk.folds) or not sp.folds:
        return False
    margin = max(sk.sd, sp.sd) / max(1, folds) ** 0.5
    every_fold = all(b > a for a, b in zip(sk.folds, sp.folds, strict=True))
    return every_fold and sp.mean > sk.mean + margin


def log(msg: str) -> None:
    print(f"jxscan train: {msg}", file=sys.stderr, flush=True)


def macro_f1(y: list[str], p: list[str]) -> float:
    from sklearn.metrics import f1_score

    return float(f1_score(y, p, average="macro", labels=sorted(set(y)), zero_division=0))


def folds_of(labels: list[str], n: int = FOLDS) -> list[tuple[np.ndarray, np.ndarray]]:
    from sklearn.model_selection import StratifiedKFold

    skf = StratifiedKFold(n_splits=n, shuffle=True, random_state=SEED)
    return list(skf.split(np.zeros(len(labels)), labels))


def restricted(classes: list[str], probs: np.ndarray, c1: list[str]) -> list[str]:
    """category2 pairs decoded within each row's predicted category1."""
    out = []
    for row, top in zip(probs, c1, strict=True):
        ok = np.array([c.split("/", 1)[0] == top for c in classes])
        out.append(
            classes[int(np.argmax(np.where(ok, row, -1.0)))] if ok.any() else classes[int(np.argmax(row))]
        )
    return out


def quality_decision(
    classes: list[str],
    probs: np.ndarray,
    thresholds: dict[str, float],
    proven: list[str | None] | None = None,
) -> list[str]:
    """The deployed quality label (classify/learn/models.py: decide_quality): the rules'
    provable label (missing, contradictory) where given, else the thresholded model."""
    from classify.learn.models import decide_quality

    out = []
    for i, p in enumerate(probs):
        if proven is not None and proven[i]:
            out.append(proven[i])  # type: ignore[arg-type]
        else:
            out.append(decide_quality(dict(zip(classes, map(float, p), strict=True)), thresholds))
    return out


def choose_thresholds(
    y: list[str], classes: list[str], probs: np.ndarray, proven: list[str | None]
) -> tuple[dict[str, float], dict]:
    """Per class, the grid threshold with the best out-of-fold F0.5 of that class (precision
    weighs twice recall: a warning should be right, and texts unlike the training data
    get middling probabilities; ties: the higher threshold). Returns the thresholds and
    their precision/recall/F1 and the deployed macro-F1."""
    from sklearn.metrics import fbeta_score, precision_recall_fscore_support

    th = {"boilerplate": 0.5, "non_explanatory": 0.5}
    report: dict[str, dict[str, float]] = {}
    for cls in THRESHOLD_CLASSES:
        best = (-1.0, 0.5)
        for t in THRESHOLD_GRID:
            pred = quality_decision(classes, probs, {**th, cls: t}, proven)
            f = float(fbeta_score(y, pred, beta=0.5, labels=[cls], average="macro", zero_division=0))
            if f >= best[0] - 1e-12:
                best = (f, t)
        th[cls] = best[1]
    pred = quality_decision(classes, probs, th, proven)
    for cls in THRESHOLD_CLASSES:
        p, r, f, _ = precision_recall_fscore_support(y, pred, labels=[cls], zero_division=0)
        report[cls] = {
            "threshold": th[cls],
            "precision": float(p[0]),
            "recall": float(r[0]),
            "f1": float(f[0]),
        }
    report["macro_f1_deployed"] = macro_f1(y, pred)  # type: ignore[assignment]
    report["per_class_deployed"] = per_class(y, pred)  # type: ignore[assignment]
    return th, report


def per_class(y: list[str], p: list[str]) -> dict[str, dict[str, float]]:
    from sklearn.metrics import precision_recall_fscore_support

    labels = sorted(set(y))
    pr, rc, f, n = precision_recall_fscore_support(y, p, labels=labels, zero_division=0)
    return {
        lab: {"precision": float(a), "recall": float(b), "f1": float(c), "n": int(d)}
        for lab, a, b, c, d in zip(labels, pr, rc, f, n, strict=True)
    }


def proven_quality(data: TaskData) -> list[str | None]:
    """What the rules prove per reason (as in classify/reasons.py: label_reasons): a
    contradiction of direction or subject, given the data set's sibling items; else None."""
    from classify.reasons import contradiction

    from .baseline import reason_of

    sib = siblings_of(data)
    return ["contradictory" if contradiction(reason_of(x), sib) else None for x in data.inputs]  # type: ignore[arg-type]


# ------------------------------------------------------------------ cross-validation
def cv_reasons(
    task: str, data: TaskData, use_spacy: bool, n_folds: int = FOLDS
) -> tuple[TaskResult, np.ndarray]:
    """CV of a reason task; returns the result and the sklearn out-of-fold probabilities."""
    folds = folds_of(data.labels, n_folds)
    sib = siblings_of(data)
    sc = {"sklearn": Scores(), "spacy": Scores(), "rule": Scores()}
    oof_sk = [""] * len(data.labels)
    classes: list[str] = sorted(set(data.labels))
    oof_p = np.zeros((len(data.labels), len(classes)))
    for k, (tr, te) in enumerate(folds):
        a, b = data.subset(tr), data.subset(te)
        m = fit_sklearn(task, a.inputs, a.labels)
        p = m.predict_proba(b.inputs)
        pred = [m.classes[i] for i in p.argmax(axis=1)]
        sc["sklearn"].folds.append(macro_f1(b.labels, pred))
        cols = [classes.index(c) for c in m.classes]
        for j, i in enumerate(te):
            oof_sk[i] = pred[j]
            oof_p[i, cols] = p[j]
        if use_spacy:
            t0 = time.time()
            s = fit_spacy(task, a.inputs, a.labels)
            sc["spacy"].folds.append(macro_f1(b.labels, s.predict(b.inputs)))
            log(say("train.log.spacy_fold", task=task, k=k + 1, seconds=f"{time.time() - t0:.0f}"))
        sc["rule"].folds.append(macro_f1(b.labels, rule_predict(b, sib)))
    sc["sklearn"].oof = oof_sk
    res = TaskResult(task, len(data.labels), _counts(data.labels), sc)
    res.per_class = per_class(data.labels, oof_sk)
    return res, oof_p


def cv_indicators(
    d1: TaskData, d2: TaskData, use_spacy: bool, n_folds: int = FOLDS
) -> tuple[TaskResult, TaskResult]:
    folds = folds_of(d2.labels, n_folds)  # stratified on the pair: serves both tasks
    sc1 = {"sklearn": Scores(), "spacy": Scores(), "rule": Scores()}
    sc2 = {"sklearn": Scores(), "spacy": Scores(), "rule": Scores()}
    oof1, oof2 = [""] * len(d1.labels), [""] * len(d2.labels)
    for k, (tr, te) in enumerate(folds):
        a1, b1, a2, b2 = d1.subset(tr), d1.subset(te), d2.subset(tr), d2.subset(te)
        m1, m2 = (
            fit_sklearn("category1", a1.inputs, a1.labels),
            fit_sklearn("category2", a2.inputs, a2.labels),
        )
        c1 = m1.predict(b1.inputs)
        c2 = restricted(m2.classes, m2.predict_proba(b2.inputs), c1)
        sc1["sklearn"].folds.append(macro_f1(b1.labels, c1))
        sc2["sklearn"].folds.append(macro_f1(b2.labels, c2))
        for j, i in enumerate(te):
            oof1[i], oof2[i] = c1[j], c2[j]
        if use_spacy:
            t0 = time.time()
            s1, s2 = (
                fit_spacy("category1", a1.inputs, a1.labels),
                fit_spacy("category2", a2.inputs, a2.labels),
            )
            s_c1 = s1.predict(b1.inputs)
            sc1["spacy"].folds.append(macro_f1(b1.labels, s_c1))
            sc2["spacy"].folds.append(
                macro_f1(b2.labels, restricted(s2.classes, s2.predict_proba(b2.inputs), s_c1))
            )
            log(say("train.log.spacy_fold", task="indicators", k=k + 1, seconds=f"{time.time() - t0:.0f}"))
        sc1["rule"].folds.append(macro_f1(b1.labels, rule_predict(b1)))
        sc2["rule"].folds.append(macro_f1(b2.labels, rule_predict(b2)))
    sc1["sklearn"].oof, sc2["sklearn"].oof = oof1, oof2
    r1 = TaskResult("category1", len(d1.labels), _counts(d1.labels), sc1)
    r2 = TaskResult("category2", len(d2.labels), _counts(d2.labels), sc2)
    r1.per_class, r2.per_class = per_class(d1.labels, oof1), per_class(d2.labels, oof2)
    for r, d in ((r1, d1), (r2, d2)):
        idx, pred = printed_level_predict(d)
        r.extra["printed_levels"] = {
            "n": len(idx),
            "macro_f1": macro_f1([d.labels[i] for i in idx], pred),
            "agreement": float(np.mean([d.labels[i] == p for i, p in zip(idx, pred, strict=True)])),
        }
    return r1, r2


def _counts(labels: list[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for y in labels:
        out[y] = out.get(y, 0) + 1
    return dict(sorted(out.items(), key=lambda kv: (-kv[1], kv[0])))


# ------------------------------------------------------------------ the whole run
def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def data_date(labels_dir: Path) -> str:
    """The date the card carries: SOURCE_DATE_EPOCH, else the last commit of the labels,
    else today (only outside a git checkout)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date().isoformat()
    try:
        out = subprocess.run(
            ["git", "log", "-1", "--format=%cs", "--", "."],
            cwd=labels_dir,
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        ).stdout.strip()
        if out:
            return out
    except (OSError, subprocess.SubprocessError):
        pass
    return dt.date.today().isoformat()


def train(
    labels_dir: Path = LABELS,
    out_dir: Path = MODELS,
    use_spacy: bool = False,
    tasks: tuple[str, ...] = TASKS,
    folds: int = FOLDS,
    deploy_spacy: bool = False,
) -> dict:
    """Cross-validate, fit on all the data, write ``out_dir``. Returns the manifest.
    (``folds`` other than 5 is for quick runs on small subsets, e.g. the tests.)

    Every thread pool (BLAS, OpenMP, BLIS) is limited to one thread for the run: a parallel
    reduction sums in an order that depends on the thread count, and the last bits it changes
    would change the exported coefficients."""
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1):
        return _train(labels_dir, out_dir, use_spacy, tasks, folds, deploy_spacy)


def _train(
    labels_dir: Path, out_dir: Path, use_spacy: bool, tasks: tuple[str, ...], folds: int, deploy_spacy: bool
) -> dict:
    out_dir.mkdir(parents=True, exist_ok=True)
    data = {t: load_task(labels_dir, t) for t in tasks}
    results: dict[str, TaskResult] = {}
    oof_quality = None
    for t in ("cause", "quality"):
        if t in tasks:
            log(say("train.log.cv_reasons", task=t, n=len(data[t].labels)))
            results[t], p = cv_reasons(t, data[t], use_spacy, folds)
            if t == "quality":
                oof_quality = p
    if "category1" in tasks and "category2" in tasks:
        log(say("train.log.cv_indicators", n=len(data["category1"].labels)))
        results["category1"], results["category2"] = cv_indicators(
            data["category1"], data["category2"], use_spacy, folds
        )

    thresholds: dict[str, float] = {}
    if oof_quality is not None:
        classes = sorted(set(data["quality"].labels))
        proven = proven_quality(data["quality"])
        thresholds, th_report = choose_thresholds(data["quality"].labels, classes, oof_quality, proven)
        results["quality"].extra["thresholds"] = th_report

    files: dict[str, str] = {}
    for t in tasks:
        r = results[t]
        if deploy_spacy and use_spacy and spacy_wins(r.scores["sklearn"], r.scores["spacy"], folds):
            r.kept = "spacy"  # its pipeline goes to models/<task>.spacy and is used instead
        log(say("train.log.fit", task=t, n=len(data[t].labels)))
        m = fit_sklearn(t, data[t].inputs, data[t].labels)
        extra = {"thresholds": thresholds} if t == "quality" else {}
        lm = m.export(extra)
        check = np.abs(m.predict_proba(data[t].inputs) - lm.predict_proba(data[t].inputs)).max()
        if check > 1e-3:
            raise RuntimeError(f"{t}: exported model differs from scikit-learn ({check:.2g})")
        path = out_dir / f"{t}.npz"
        lm.save(path)
        files[path.name] = sha256(path)
        sdir = out_dir / f"{t}.spacy"
        if sdir.exists():
            shutil.rmtree(sdir)
        if r.kept == "spacy":
            # The .npz stays: it carries the classes (and thresholds) the loader reads.
            s = fit_spacy(t, data[t].inputs, data[t].labels)
            s.nlp.to_disk(sdir)
            for f in sorted(sdir.rglob("*")):
                if f.is_file():
                    files[str(f.relative_to(out_dir))] = sha256(f)

    manifest = {
        "date": data_date(labels_dir),
        "data": data_hash(labels_dir),
        "files": files,
        "thresholds": thresholds,
        "settings": {
            "folds": folds,
            "seed": SEED,
            "C": C,
            "spacy_epochs": SPACY_EPOCHS,
            "spacy": use_spacy,
            **({"deploy_spacy": True} if deploy_spacy else {}),
        },
        "versions": _versions(),
        "results": {t: _result_json(r) for t, r in results.items()},
    }
    (out_dir / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8"
    )
    from .card import write_card

    write_card(out_dir / "MODEL_CARD.md", manifest, labels_dir)
    return manifest


def _versions() -> dict[str, str]:
    out = {"python": ".".join(map(str, sys.version_info[:2]))}
    for mod in ("numpy", "sklearn", "spacy", "jieba"):
        try:
            out[mod] = __import__(mod).__version__
        except Exception:  # noqa: BLE001 - a missing optional package is recorded as such
            out[mod] = "absent"
    return out


def _result_json(r: TaskResult) -> dict:
    return {
        "n": r.n,
        "classes": r.classes,
        "kept": r.kept,
        "macro_f1": {
            k: {"mean": round(s.mean, 4), "sd": round(s.sd, 4), "folds": [round(f, 4) for f in s.folds]}
            for k, s in r.scores.items()
            if s.folds
        },
        "per_class": {
            k: {kk: round(vv, 4) if isinstance(vv, float) else vv for kk, vv in v.items()}
            for k, v in r.per_class.items()
        },
        "extra": json.loads(json.dumps(r.extra, default=float)),
    }


def load_manifest(out_dir: Path = MODELS) -> dict:
    return json.loads((out_dir / "manifest.json").read_text(encoding="utf-8"))


__all__ = ["train", "load_manifest", "LinearModel"]
