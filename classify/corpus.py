"""Corpus-level analysis: the near-copy index, template n-grams and stickiness.

These checks need the whole corpus, so the batch runs them after the per-document pass.
Input: report dicts as produced by ``service.screen.screen_source(..., include_text=True)``
(without ``text`` the document-level comparison is skipped and evidence falls back to
the extracted strings).

Thresholds (docs/reports.md has the reasoning and the measured figures):

- DUP001 compares character 5-gram shingles of the text with HTML tags, whitespace,
  punctuation and digits removed, so a copy re-wrapped, re-tagged (<p>) or with its
  figures changed still shares almost every shingle. Candidate pairs come from MinHash
  LSH (datasketch), never all pairs; every candidate is then verified with the exact
  Jaccard of the shingle sets, which is what ``details.jaccard`` reports.
  Whole documents: Jaccard >= 0.8 -- two different reports of the same template share
  the headings, glossary and stock sentences, measured at 0.16-0.33 between the seeds,
  so 0.8 leaves a wide margin while a document re-issued with its department renamed
  and figures changed stays above 0.9. Goal texts and reason blocks: >= 0.7; they are
  short, so one changed clause costs more shingles. LSH runs 0.1 below each threshold
  so that pairs at the threshold are found with high probability (``stats`` gives
  the band layout and that probability).
- Only pairs whose (department, year) differ count: a department's own tables repeating
  a goal is GOL003, not a copy. A document whose department was not found is only
  compared as "different".
- DUP002 follows Lang & Stice-Lawrence (2015): jieba tokens with numbers masked, 4-grams
  (their tetragrams), document frequency over the documents that state reasons; the
  template n-grams are those in >= 30% and < 75% of documents (the commonest are the
  form's own words and say nothing). A reason is boilerplate when >= 50% of its n-gram
  occurrences are template n-grams. Needs >= 10 documents with reasons.
- Stickiness: for each department found in two years, the share of the later year's
  reason sentences (numbers masked) that repeat one of the earlier year's, and the share
  of its reason n-grams that occur in the earlier year.

Scale: the reports are read in one sequential pass (MinHash signatures are not kept:
each new text queries the index and is then inserted), then only the documents behind
candidate pairs, flagged units and department pairs are read again by index. Any
``Sequence`` works, so a batch can pass a lazy sequence that loads reports from its
database and memory stays bounded by the index, not by the corpus.
"""

from __future__ import annotations

import hashlib
import math
import time
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from .corpus_index import (
    _LRU,
    THRESHOLDS,
    _choose_partners,
    _DupIndex,
    _Flag,
    _unit_table,
    _verify,
    lsh_layout,
)
from .corpus_text import (
    NGRAM_N,
    NUM_PERM,
    SHINGLE,
    lead_ngrams,
    lead_sentences,
    reason_lead,
    reason_ngrams,
)
from .corpus_units import MIN_CHARS, DocMeta, _distinct_reasons, _meta, _units

# --- parameters (documented in docs/reports.md) -------------------------------------------

TEMPLATE_MIN_DF = 0.30
TEMPLATE_MAX_DF = 0.75
BOILERPLATE_SHARE = 0.50
MIN_DOCS_DUP002 = 10
# Document frequencies are estimated on at most this many documents (a hash-chosen sample);
# the standard error of a 30% proportion on 5,000 documents is 0.65 points.
DF_SAMPLE = 5000

KIND_LABEL = {"document": "全文", "goal": "预期目标", "reasons": "原因说明"}

# The report keys the checks read (``text`` besides): a caller loading reports for them
# (the batch's corpus pass) may load these only -- the tables, the bulk of a report, are
# never read. Keep in step with the code (tests/test_corpus_checks.py compares the results).
REPORT_KEYS = ("doc_id", "source", "title", "department", "year", "goals", "reasons")

# --- the analysis ---------------------------------------------------------------------------


@dataclass
class CorpusResult:
    findings: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    stats: dict[str, Any] = field(default_factory=dict)


def _sample_fraction(n: int) -> float:
    return 1.0 if n <= DF_SAMPLE else DF_SAMPLE / n


def _in_sample(meta: DocMeta, idx: int, fraction: float) -> bool:
    if fraction >= 1.0:
        return True
    key = (meta.doc_id or str(idx)).encode("utf-8")
    u = int.from_bytes(hashlib.blake2b(key, digest_size=8).digest(), "big") / 2**64
    return u < fraction


class CorpusScan:
    """The corpus read once, and the analyses the corpus rules share, each made once.

    Construction is the one sequential pass: every report's units go into the near-copy
    index and the reason n-grams of the (sampled) documents into the document frequencies.
    :meth:`near_copies` (candidates, verification, partners) and :meth:`templates` run on
    first use; the corpus rules (:mod:`classify.rules.dup`) read them, and the corpus pass
    (:mod:`classify.corpus_pass`) collects the findings and :meth:`stats`.
    """

    def __init__(self, reports: Sequence[dict[str, Any]]) -> None:
        t0 = time.perf_counter()
        self.reports = reports
        n = len(reports)
        self.index = _DupIndex()
        self.metas: list[DocMeta] = []
        fraction = _sample_fraction(n)
        df: Counter[str] = Counter()
        reason_docs = 0  # documents with at least one reason
        sampled_reason_docs = 0
        for i, rep in enumerate(reports):
            meta = _meta(rep)
            self.metas.append(meta)
            for kind, ordinal, masked in _units(rep):
                self.index.add(kind, i, ordinal, masked)
            reasons = _distinct_reasons(rep)
            if reasons:
                reason_docs += 1
                if _in_sample(meta, i, fraction):
                    sampled_reason_docs += 1
                    grams: set[str] = set()
                    for r in reasons:
                        grams.update(reason_ngrams(r.get("text") or ""))
                    df.update(grams)
        self._df, self._sampled, self._reason_docs = df, sampled_reason_docs, reason_docs
        self._near: tuple[dict[int, list[_Flag]], dict[str, Any]] | None = None
        self._templates: tuple[dict[str, float] | None, dict[str, Any]] | None = None
        self._sticky: list[dict[str, Any]] | None = None
        self.seconds: dict[str, float] = {"index": round(time.perf_counter() - t0, 3)}

    def __len__(self) -> int:
        return len(self.reports)

    def near_copies(self) -> dict[int, list[_Flag]]:
        """Per document index, its units with a near-copy from another (department, year)."""
        if self._near is None:
            t0 = time.perf_counter()
            # Keyed by (document, kind): the pairs are verified kind by kind.
            unit_cache = _LRU(256, lambda key: {o: m for _, o, m in _units(self.reports[key[0]], (key[1],))})
            links = _verify(self.index, unit_cache)
            self.seconds["verify"] = round(time.perf_counter() - t0, 3)
            flagged, _doc_partners, dup_stats = _choose_partners(self.index, links, self.metas)
            self._near = (flagged, dup_stats)
        return self._near[0]

    def partner_table(self, flag: _Flag) -> str | None:
        """The table of a flagged unit's partner (goals and reasons)."""
        if flag.kind == "document":  # a whole document has no table: its report is not read
            return None
        return _unit_table(self.reports[flag.partner[0]], flag.kind, flag.partner[1])

    def templates(self) -> dict[str, float] | None:
        """Template n-grams with their document shares, None when the corpus is too small."""
        if self._templates is None:
            self._templates = _templates(self._df, self._sampled, self._reason_docs)
        return self._templates[0]

    @property
    def template_stats(self) -> dict[str, Any]:
        self.templates()
        assert self._templates is not None
        return self._templates[1]

    def reasons(self) -> Iterator[tuple[int, dict[str, Any], list[tuple[dict[str, Any], list[str]]]]]:
        """Every document, its distinct reasons and their n-grams: (index, report, [(reason,
        n-grams)]). DUP002 reads this pass, and stickiness is accumulated on the way, so each
        reason is segmented (jieba, the corpus pass's largest cost) once for both, and each
        report read once for both. Departments in turn, each one's years in order (the pairs
        stickiness compares), then the documents without department or year; memory holds
        one department's reason sets. Read it to the end (:meth:`stickiness` does, when no
        rule did)."""
        yield from self._walk(stickiness_only=False)

    def _walk(
        self, stickiness_only: bool
    ) -> Iterator[tuple[int, dict[str, Any], list[tuple[dict[str, Any], list[str]]]]]:
        t0 = time.perf_counter()
        walk = _ReasonWalk(self.reports, self.metas, stickiness_only)
        yield from walk
        self._sticky = walk.sticky
        self.seconds["reasons"] = round(time.perf_counter() - t0, 3)

    def stickiness(self) -> list[dict[str, Any]]:
        """Year-on-year stickiness (:func:`stickiness`), from the reason pass."""
        if self._sticky is None:
            t0 = time.perf_counter()
            for _ in self._walk(stickiness_only=True):
                pass
            self.seconds["stickiness"] = round(time.perf_counter() - t0, 3)
        assert self._sticky is not None
        return self._sticky

    def stats(self) -> dict[str, Any]:
        """The corpus statistics (near-copy index and verification, templates, stickiness)."""
        self.near_copies()
        assert self._near is not None
        sticky = self.stickiness()
        for kind, ki in self.index.kinds.items():
            self.index.stats[kind].update(
                units=len(ki.unit_gid), distinct_texts=ki.n_groups, **lsh_layout(kind)
            )
        return {
            "documents": len(self.reports),
            "dup001": {
                "shingle": f"character {SHINGLE}-grams, tags/whitespace/punctuation/digits removed",
                "num_perm": NUM_PERM,
                "thresholds": dict(THRESHOLDS),
                "min_chars": dict(MIN_CHARS),
                "per_kind": self.index.stats,
                **self._near[1],
            },
            "dup002": self.template_stats,
            "stickiness": sticky,
        }


# --- DUP002 ---------------------------------------------------------------------------------


def _templates(df: Counter[str], sampled: int, total: int) -> tuple[dict[str, float] | None, dict[str, Any]]:
    """Template n-grams (document share in [30%, 75%)) or None when the corpus is too small."""
    stats: dict[str, Any] = {
        "n": NGRAM_N,
        "min_df": TEMPLATE_MIN_DF,
        "max_df": TEMPLATE_MAX_DF,
        "boilerplate_share": BOILERPLATE_SHARE,
        "documents_with_reasons": total,
        "sampled_documents": sampled,
    }
    if total < MIN_DOCS_DUP002 or sampled == 0:
        stats["status"] = "skipped"
        stats["why"] = (
            f"only {total} documents state reasons; corpus template statistics need at "
            f"least {MIN_DOCS_DUP002}"
        )
        return None, stats
    lo, hi = math.ceil(TEMPLATE_MIN_DF * sampled - 1e-9), TEMPLATE_MAX_DF * sampled
    templates = {g: c / sampled for g, c in df.items() if c >= lo and c < hi}
    dropped = sum(1 for c in df.values() if c >= hi)
    stats.update(
        {
            "status": "ok",
            "distinct_ngrams": len(df),
            "template_ngrams": len(templates),
            "dropped_too_common": dropped,
            "top_templates": [
                {"ngram": g, "doc_share": round(s, 3)}
                for g, s in sorted(templates.items(), key=lambda x: (-x[1], x[0]))[:30]
            ],
        }
    )
    return templates, stats


# --- stickiness -----------------------------------------------------------------------------


def stickiness(reports: Sequence[dict[str, Any]], metas: list[DocMeta] | None = None) -> list[dict[str, Any]]:
    """For each department seen in two or more years, each consecutive pair of its years:
    the share of the later year's reason sentences repeating the earlier year's, and of its
    reason n-grams found in the earlier year (both over distinct items, numbers masked)."""
    walk = _ReasonWalk(reports, metas if metas is not None else [_meta(r) for r in reports], True)
    for _ in walk:
        pass
    return walk.sticky


class _ReasonWalk:
    """One pass over the documents' reasons (see :meth:`CorpusScan.reasons`), yielding each
    document with its reasons' n-grams and collecting stickiness in :attr:`sticky`;
    ``stickiness_only``: only the documents of departments seen in two years or more."""

    def __init__(
        self, reports: Sequence[dict[str, Any]], metas: list[DocMeta], stickiness_only: bool
    ) -> None:
        self.reports, self.metas, self.stickiness_only = reports, metas, stickiness_only
        self.sticky: list[dict[str, Any]] = []

    def _doc(
        self, i: int
    ) -> tuple[tuple[int, dict[str, Any], list[tuple[dict[str, Any], list[str]]]], list[str]]:
        """(index, report, [(reason, n-grams)]) and the reasons' leads (for their sentences)."""
        rep = self.reports[i]
        leads = [reason_lead(r.get("text") or "") for r in _distinct_reasons(rep)]
        return (
            i,
            rep,
            [(r, lead_ngrams(lead)) for r, lead in zip(_distinct_reasons(rep), leads, strict=True)],
        ), leads

    def __iter__(self) -> Iterator[tuple[int, dict[str, Any], list[tuple[dict[str, Any], list[str]]]]]:
        metas = self.metas
        by_dept: dict[str, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
        rest = []
        for i, m in enumerate(metas):
            if m.dept_key and m.year:
                by_dept[m.dept_key][m.year].append(i)
            else:
                rest.append(i)
        for dept in sorted(by_dept):
            years = sorted(by_dept[dept])
            if self.stickiness_only and len(years) < 2:
                continue
            earlier: tuple[int, set[str], set[str]] | None = None
            for y in years:
                sents: set[str] = set()
                grams: set[str] = set()
                for i in by_dept[dept][y]:
                    doc, leads = self._doc(i)
                    yield doc
                    if len(years) > 1:  # a department of one year has no pair to compare
                        for (_r, g), lead in zip(doc[2], leads, strict=True):
                            sents |= lead_sentences(lead)
                            grams.update(g)
                if earlier is not None and (sents or grams):
                    self.sticky.append(self._pair(by_dept[dept], earlier, (y, sents, grams)))
                earlier = (y, sents, grams)
        if not self.stickiness_only:
            for i in rest:
                yield self._doc(i)[0]

    def _pair(
        self,
        years: dict[int, list[int]],
        earlier: tuple[int, set[str], set[str]],
        later: tuple[int, set[str], set[str]],
    ) -> dict[str, Any]:
        (y0, s0, g0), (y1, s1, g1) = earlier, later
        metas = self.metas
        rep_s = len(s1 & s0)
        rep_g = len(g1 & g0)
        return {
            "department": metas[years[y1][0]].department,
            "department_key": metas[years[y1][0]].dept_key,
            "year_from": y0,
            "year_to": y1,
            "documents_from": [metas[i].doc_id for i in years[y0]],
            "documents_to": [metas[i].doc_id for i in years[y1]],
            "sentences": len(s1),
            "repeated_sentences": rep_s,
            "sentence_share": round(rep_s / len(s1), 4) if s1 else None,
            "ngrams": len(g1),
            "repeated_ngrams": rep_g,
            "ngram_share": round(rep_g / len(g1), 4) if g1 else None,
        }
