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
import operator
import re
import time
from array import array
from collections import Counter, OrderedDict, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from datasketch import MinHash

# --- parameters (documented in docs/reports.md) -------------------------------------------

SHINGLE = 5
NUM_PERM = 128
THRESHOLDS = {"document": 0.8, "goal": 0.7, "reasons": 0.7}
# LSH bands × rows per kind (128 permutations): chosen so that a pair AT the threshold is a
# candidate with probability >= 0.98 while pairs at 0.3 (documents of one template share that
# much) rarely are; datasketch's own optimum for 64 permutations found only 71-77% at the threshold.
BANDS = {"document": (18, 7), "goal": (25, 5), "reasons": (25, 5)}
# Candidates are screened by an estimate before the exact Jaccard: the lowest 8 bits of the
# first 64 MinHash values (b-bit minwise hashing, Li & König 2010: P(equal) = J + (1 - J)/256,
# 64 bytes a text). At J = 0.7 the estimate's standard deviation is 0.06, so a margin of 0.3
# (5 sd) loses no true pair in practice while dropping most band collisions.
PREFIX_PERM = 64
PREFIX_MARGIN = 0.3
# Below these many masked characters a text is too generic to call a copy ("保障单位正常运转").
MIN_CHARS = {"document": 200, "goal": 20, "reasons": 40}
# Verification caches at most this many shingles (about 100 bytes each).
SHINGLE_CACHE = 1_000_000
# In an LSH bucket of more groups than this, each is paired with this many neighbours only.
WINDOW = 20

NGRAM_N = 4
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

# --- text masking -------------------------------------------------------------------------

# HTML tags first (so "<p>" leaves no "p"), then anything that is not a CJK ideograph or a
# Latin letter: whitespace, line wraps, punctuation, digits, table pipes and tabs.
_TAG = re.compile(r"</?[A-Za-z][^<>\n]{0,40}>")
_NOT_WORD = re.compile(r"[^\u4e00-\u9fffA-Za-z]+")
_SPACE = re.compile(r"\s+")
_NUMBER = re.compile(r"[0-9０-９](?:[0-9０-９,，.．]*[0-9０-９])?\s*[%％]?")
_PUNCT_TOKEN = re.compile(r"^[\W_]+$")
_LEADIN = re.compile(r"^(?:主要原因(?:是|为)?|原因(?:是|为)|偏差原因(?:分析)?(?:及改进措施)?)[:：,，]?")
_SENTENCE = re.compile(r"[^。；;！？!?]+")
_DEPT_SUFFIX = re.compile(r"[(（](?:汇总|部门|本级|部门汇总|单位|合并|部门本级)[)）]$")


def mask_chars(text: str) -> str:
    """The text reduced to its words: tags, whitespace, punctuation and digits removed."""
    return _NOT_WORD.sub("", _TAG.sub("", text))


def department_key(name: str | None) -> str | None:
    """A department name without spacing, bracket width or the 汇总/部门/本级 suffix."""
    if not name:
        return None
    key = _SPACE.sub("", name).replace("(", "（").replace(")", "）")
    key = _DEPT_SUFFIX.sub("", key)
    return key or None


def _shingle_hashes(masked: str, distinct: bool = True) -> np.ndarray:
    """Distinct 32-bit hashes of the character 5-grams (a polynomial hash, vectorised);
    ``distinct=False``: with repeats (a minimum does not need them removed)."""
    codes = np.frombuffer(masked.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    n = len(codes) - SHINGLE + 1
    if n <= 0:
        return np.zeros(0, dtype=np.uint32)
    h = np.zeros(n, dtype=np.uint64)
    for k in range(SHINGLE):
        h = h * np.uint64(1099511628211) + codes[k:k + n]
    h32 = (h ^ (h >> np.uint64(32))).astype(np.uint32)
    return np.unique(h32) if distinct else h32


def _shingle_set(masked: str) -> frozenset[str]:
    """The exact shingle set, used to verify candidates (no hashing involved)."""
    return frozenset(masked[i:i + SHINGLE] for i in range(max(1, len(masked) - SHINGLE + 1)))


_PERMUTATIONS = MinHash(num_perm=NUM_PERM, seed=1).permutations


def _minhash(masked: str) -> MinHash:
    """datasketch MinHash of the shingles (hashed already, so the hash function is int();
    the permutations are drawn once: datasketch would redraw them for every MinHash)."""
    m = MinHash(num_perm=NUM_PERM, seed=1, hashfunc=operator.index, permutations=_PERMUTATIONS,
                scheme="affine32")
    m.update_batch(_shingle_hashes(masked).tolist())
    return m


def _affine32_values(hashes: np.ndarray) -> np.ndarray | None:
    """The hash values datasketch's affine32 ``update_batch`` gives for these 32-bit shingle
    hashes, computed on the array itself: datasketch calls the hash function once per
    shingle in Python, half of the signature's time. None when this datasketch has no
    such scheme (then :func:`_minhash` is used)."""
    try:
        from datasketch.minhash import _fmix
    except ImportError:
        return None
    a, b = _PERMUTATIONS
    empty = np.full(NUM_PERM, np.uint32((1 << 32) - 1), dtype=np.uint32)
    if len(hashes) == 0:
        return empty
    hv = _fmix(hashes.astype(np.uint32).reshape(-1, 1), 32)
    return np.minimum(empty, (hv * a + b).min(axis=0))


def _check_fast_minhash() -> bool:
    """The array path gives datasketch's own values (checked once per process)."""
    sample = "一般公共预算财政拨款支出决算总体情况说明本年度支出主要用于"
    try:
        fast = _affine32_values(_shingle_hashes(sample, distinct=False))
        return fast is not None and np.array_equal(fast, _minhash(sample).hashvalues)
    except Exception:  # noqa: BLE001 - another datasketch: use its own path
        return False


_FAST_MINHASH = _check_fast_minhash()


def minhash_values(masked: str) -> np.ndarray:
    """The MinHash signature (``NUM_PERM`` values) of a masked text."""
    if _FAST_MINHASH:
        return _affine32_values(_shingle_hashes(masked, distinct=False))  # type: ignore[return-value]
    return _minhash(masked).hashvalues


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a and not b:
        return 1.0
    inter = len(a & b)
    return inter / (len(a) + len(b) - inter)


# --- jieba n-grams --------------------------------------------------------------------------

_jieba = None
_token_cache: OrderedDict[str, tuple[str, ...]] = OrderedDict()
_TOKEN_CACHE_SIZE = 200_000


def _tokens(masked: str) -> tuple[str, ...]:
    """jieba tokens of a reason whose numbers are already "#" (cached: templates recur)."""
    global _jieba
    hit = _token_cache.get(masked)
    if hit is not None:
        _token_cache.move_to_end(masked)
        return hit
    if _jieba is None:
        import jieba

        jieba.setLogLevel(60)
        _jieba = jieba
    toks = []
    for t in _jieba.lcut(masked, HMM=False):
        if "#" in t:
            toks.append("<数>")
        elif not _PUNCT_TOKEN.match(t):
            toks.append(t)
    out = tuple(toks)
    _token_cache[masked] = out
    if len(_token_cache) > _TOKEN_CACHE_SIZE:
        _token_cache.popitem(last=False)
    return out


def reason_body(text: str) -> str:
    """A reason without tags, spacing and its 主要原因是 lead-in, numbers masked as "#"."""
    body = _SPACE.sub("", _TAG.sub("", text))
    body = _LEADIN.sub("", body)
    return _NUMBER.sub("#", body)


def reason_ngrams(text: str) -> list[str]:
    """The 4-grams of a reason's tokens (the whole token run when shorter than 4)."""
    toks = _tokens(reason_body(text))
    if not toks:
        return []
    if len(toks) < NGRAM_N:
        return ["\u3000".join(toks)]
    return ["\u3000".join(toks[i:i + NGRAM_N]) for i in range(len(toks) - NGRAM_N + 1)]


def reason_sentences(text: str) -> set[str]:
    """The masked sentences of a reason (for stickiness): a sentence is a repeat when
    only its figures, spacing or punctuation changed."""
    body = _LEADIN.sub("", _SPACE.sub("", _TAG.sub("", text)))
    out = set()
    for m in _SENTENCE.finditer(body):
        s = mask_chars(m.group())
        if len(s) >= 4:
            out.add(s)
    return out


# --- per-document units --------------------------------------------------------------------


@dataclass(slots=True)
class DocMeta:
    doc_id: str
    source: str | None
    title: str | None
    department: str | None
    dept_key: str | None
    year: int | None

    def identity(self, idx: int) -> tuple:
        """Pairs only count when this differs (unknown department: the document itself)."""
        if self.dept_key is None:
            return ("doc", idx)
        return (self.dept_key, self.year)

    def describe(self) -> str:
        name = self.title or self.source or self.doc_id[:12]
        bits = [b for b in (self.department, f"{self.year}年" if self.year else None) if b]
        return f"《{name}》（{'，'.join(bits)}）" if bits else f"《{name}》"

    def as_dict(self) -> dict[str, Any]:
        return {"doc_id": self.doc_id, "source": self.source, "title": self.title,
                "department": self.department, "year": self.year}


def _meta(rep: dict[str, Any]) -> DocMeta:
    dept = rep.get("department")
    year = rep.get("year")
    return DocMeta(doc_id=str(rep.get("doc_id") or ""), source=rep.get("source"), title=rep.get("title"),
                   department=dept, dept_key=department_key(dept),
                   year=year if isinstance(year, int) else None)


def _units(rep: dict[str, Any]) -> list[tuple[str, int, str]]:
    """(kind, ordinal, masked text) of every comparable unit of one report."""
    out: list[tuple[str, int, str]] = []
    text = rep.get("text")
    if isinstance(text, str):
        m = mask_chars(text)
        if len(m) >= MIN_CHARS["document"]:
            out.append(("document", 0, m))
    for i, g in enumerate(rep.get("goals") or ()):
        m = mask_chars(g.get("expected") or "")
        if len(m) >= MIN_CHARS["goal"]:
            out.append(("goal", i, m))
    block = mask_chars("".join(r.get("text") or "" for r in _distinct_reasons(rep)))
    if len(block) >= MIN_CHARS["reasons"]:
        out.append(("reasons", 0, block))
    return out


def _distinct_reasons(rep: dict[str, Any]) -> list[dict[str, Any]]:
    """Reasons in order, one per span (a reason is never counted twice)."""
    seen, out = set(), []
    for r in rep.get("reasons") or ():
        key = (r.get("start"), r.get("end"))
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out


def _span(rep: dict[str, Any], start: Any, end: Any, fallback: str) -> tuple[str, int, int]:
    """(evidence, start, end): the text's own slice when the report carries its text."""
    text = rep.get("text")
    if isinstance(start, int) and isinstance(end, int) and 0 <= start < end:
        if isinstance(text, str) and end <= len(text):
            return text[start:end], start, end
        return fallback, start, end
    return fallback, -1, -1


def _title_span(rep: dict[str, Any]) -> tuple[str, int, int]:
    """The title as printed (it may be wrapped over lines), else the first 200 characters."""
    text = rep.get("text") or ""
    title = rep.get("title")
    if title:
        chars = [re.escape(c) for c in _SPACE.sub("", title)]
        if chars:
            m = re.search(r"\s*".join(chars), text[:20000])
            if m:
                return m.group(), m.start(), m.end()
    lead = len(text) - len(text.lstrip())
    end = min(len(text), lead + 200)
    return text[lead:end], lead, end


def _unit_evidence(rep: dict[str, Any], kind: str, ordinal: int) -> tuple[str, int, int, str | None, dict | None]:
    """(evidence, start, end, table, source dict carrying page/bbox) of a unit."""
    if kind == "document":
        ev, s, e = _title_span(rep)
        return ev, s, e, None, None
    if kind == "goal":
        g = (rep.get("goals") or [])[ordinal]
        span = g.get("expected_span") or (None, None)
        ev, s, e = _span(rep, span[0], span[1], g.get("expected") or "")
        return ev, s, e, g.get("table"), None
    first = _distinct_reasons(rep)[0]
    ev, s, e = _span(rep, first.get("start"), first.get("end"), first.get("text") or "")
    return ev, s, e, first.get("table") or first.get("item"), first


# --- the analysis ---------------------------------------------------------------------------


@dataclass
class CorpusResult:
    findings: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    stats: dict[str, Any] = field(default_factory=dict)


class _LRU(OrderedDict):
    def __init__(self, size: int, load: Callable[[Any], Any]):
        super().__init__()
        self.size, self.load = size, load

    def get_or_load(self, key: Any) -> Any:
        if key in self:
            self.move_to_end(key)
            return self[key]
        val = self.load(key)
        self[key] = val
        if len(self) > self.size:
            self.popitem(last=False)
        return val


def lsh_layout(kind: str) -> dict[str, Any]:
    """The band layout of a kind and the probability that a pair at its threshold is a candidate."""
    b, r = BANDS[kind]
    t = THRESHOLDS[kind]
    return {"bands": b, "rows": r,
            "p_candidate_at_threshold": round(1 - (1 - t ** r) ** b, 4),
            "p_candidate_at_0.3": round(1 - (1 - 0.3 ** r) ** b, 4)}


def band_hashes(hashvalues: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """One 32-bit key per LSH band: the band's ``rows`` MinHash values mixed together.

    Two texts become candidates when any band key is equal -- the banding of
    datasketch.MinHashLSH (same bands, same rows); a 32-bit key can only add the rare
    collision, which the exact verification removes.
    """
    x = hashvalues[: bands * rows].reshape(bands, rows).astype(np.uint64)
    h = (x * _BAND_MULT[:rows]).sum(axis=1)
    return (h ^ (h >> np.uint64(29))).astype(np.uint32)


_BAND_MULT = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93,
                       0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53, 0x94D049BB133111EB, 0xBF58476D1CE4E5B9],
                      dtype=np.uint64)


class _KindIndex:
    """Texts of one kind: exact-text groups, and per group the LSH band keys and a b-bit
    MinHash prefix for a quick estimate. About 300 bytes per distinct text (540 bytes of
    RSS growth measured on 200,000 texts), where datasketch.MinHashLSH's dict-of-sets storage measured 7.8 KB per key
    with 25 bands: 7 GB for the ~900,000 texts of 100,000 reports."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.b, self.r = BANDS[kind]
        self.exact: dict[int, int] = {}  # 64-bit digest of the masked text -> group
        self.unit_doc = array("q")
        self.unit_ord = array("q")
        self.unit_gid = array("q")
        self.rep_doc = array("q")  # the first unit of each group represents it
        self.rep_ord = array("q")
        self._bands: list[np.ndarray] = []
        self._prefix: list[np.ndarray] = []
        self._pending: list[tuple[np.ndarray, np.ndarray]] = []

    def add(self, doc: int, ordinal: int, masked: str) -> None:
        key = int.from_bytes(hashlib.blake2b(masked.encode("utf-8"), digest_size=8).digest(), "little")
        gid = self.exact.get(key)
        if gid is None:
            gid = len(self.rep_doc)
            self.exact[key] = gid
            self.rep_doc.append(doc)
            self.rep_ord.append(ordinal)
            hv = minhash_values(masked)
            self._pending.append((band_hashes(hv, self.b, self.r), (hv[:PREFIX_PERM] & 0xFF).astype(np.uint8)))
            if len(self._pending) >= 4096:
                self._flush()
        self.unit_doc.append(doc)
        self.unit_ord.append(ordinal)
        self.unit_gid.append(gid)

    def _flush(self) -> None:
        if self._pending:
            self._bands.append(np.stack([p[0] for p in self._pending]))
            self._prefix.append(np.stack([p[1] for p in self._pending]))
            self._pending = []

    @property
    def n_groups(self) -> int:
        return len(self.rep_doc)

    def matrices(self) -> tuple[np.ndarray, np.ndarray]:
        self._flush()
        if not self._bands:
            return (np.zeros((0, self.b), np.uint32), np.zeros((0, PREFIX_PERM), np.uint8))
        self._bands = [np.concatenate(self._bands)]
        self._prefix = [np.concatenate(self._prefix)]
        return self._bands[0], self._prefix[0]

    def candidates(self) -> np.ndarray:
        """Group pairs (a < b) sharing at least one band key, as an (n, 2) array.

        In a bucket of more than WINDOW + 1 groups each group is paired with its WINDOW
        successors only: a cluster of thousands of near-identical texts needs a verified
        partner per text, not every pair."""
        bands, _ = self.matrices()
        g = len(bands)
        keys: list[np.ndarray] = []
        for k in range(self.b):
            col = bands[:, k]
            order = np.argsort(col, kind="stable")
            s = col[order]
            brk = np.flatnonzero(s[1:] != s[:-1]) + 1
            starts = np.concatenate(([0], brk))
            sizes = np.diff(np.concatenate((starts, [g])))
            two = starts[sizes == 2]
            if len(two):
                keys.append(_pair_keys(order[two], order[two + 1], g))
            big = sizes > 2
            for st, size in zip(starts[big].tolist(), sizes[big].tolist(), strict=True):
                keys.append(_bucket_pairs(np.sort(order[st:st + size]), g))
        if not keys:
            return np.zeros((0, 2), np.int64)
        uniq = np.unique(np.concatenate(keys))
        return np.stack((uniq // g, uniq % g), axis=1)


def _pair_keys(a: np.ndarray, b: np.ndarray, g: int) -> np.ndarray:
    lo, hi = np.minimum(a, b).astype(np.int64), np.maximum(a, b).astype(np.int64)
    return lo * g + hi


def _bucket_pairs(ids: np.ndarray, g: int) -> np.ndarray:
    m = len(ids)
    if m <= WINDOW + 1:
        i, j = np.triu_indices(m, 1)
        return _pair_keys(ids[i], ids[j], g)
    return np.concatenate([_pair_keys(ids[:-off], ids[off:], g) for off in range(1, WINDOW + 1)])


class _DupIndex:
    def __init__(self) -> None:
        self.kinds = {k: _KindIndex(k) for k in THRESHOLDS}
        self.stats: dict[str, dict[str, Any]] = {k: {} for k in THRESHOLDS}

    def add(self, kind: str, doc: int, ordinal: int, masked: str) -> None:
        self.kinds[kind].add(doc, ordinal, masked)


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
        self.seconds: dict[str, float] = {"index": round(time.perf_counter() - t0, 3)}

    def __len__(self) -> int:
        return len(self.reports)

    def near_copies(self) -> dict[int, list[_Flag]]:
        """Per document index, its units with a near-copy from another (department, year)."""
        if self._near is None:
            t0 = time.perf_counter()
            unit_cache = _LRU(256, lambda i: {(k, o): m for k, o, m in _units(self.reports[i])})
            links = _verify(self.index, unit_cache)
            self.seconds["verify"] = round(time.perf_counter() - t0, 3)
            flagged, _doc_partners, dup_stats = _choose_partners(self.index, links, self.metas)
            self._near = (flagged, dup_stats)
        return self._near[0]

    def partner_table(self, flag: _Flag) -> str | None:
        """The table of a flagged unit's partner (goals and reasons)."""
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

    def stats(self) -> dict[str, Any]:
        """The corpus statistics (near-copy index and verification, templates, stickiness)."""
        self.near_copies()
        assert self._near is not None
        t0 = time.perf_counter()
        sticky = stickiness(self.reports, self.metas)
        self.seconds["stickiness"] = round(time.perf_counter() - t0, 3)
        for kind, ki in self.index.kinds.items():
            self.index.stats[kind].update(units=len(ki.unit_gid), distinct_texts=ki.n_groups, **lsh_layout(kind))
        return {
            "documents": len(self.reports),
            "dup001": {"shingle": f"character {SHINGLE}-grams, tags/whitespace/punctuation/digits removed",
                       "num_perm": NUM_PERM, "thresholds": dict(THRESHOLDS), "min_chars": dict(MIN_CHARS),
                       "per_kind": self.index.stats, **self._near[1]},
            "dup002": self.template_stats,
            "stickiness": sticky,
        }


# --- DUP001 ---------------------------------------------------------------------------------


def _cache_friendly(pairs: np.ndarray, ki: _KindIndex) -> np.ndarray:
    """Pairs grouped by connected component of the candidate graph, then by the documents
    of their representatives: the shingle sets one cluster needs stay cached together."""
    if len(pairs) == 0:
        return pairs
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    g = ki.n_groups
    graph = coo_matrix((np.ones(len(pairs), np.int8), (pairs[:, 0], pairs[:, 1])), shape=(g, g))
    _, comp = connected_components(graph, directed=False)
    rep_doc = np.frombuffer(ki.rep_doc, dtype=np.int64)
    return pairs[np.lexsort((rep_doc[pairs[:, 1]], rep_doc[pairs[:, 0]], comp[pairs[:, 0]]))]


class _ShingleCache:
    """Shingle sets of group representatives, bounded by the number of shingles held."""

    def __init__(self, ki: _KindIndex, unit_cache: _LRU) -> None:
        self.ki, self.units = ki, unit_cache
        self.sets: OrderedDict[int, frozenset[str]] = OrderedDict()
        self.held = 0

    def __call__(self, gid: int) -> frozenset[str]:
        got = self.sets.get(gid)
        if got is not None:
            self.sets.move_to_end(gid)
            return got
        units = self.units.get_or_load(self.ki.rep_doc[gid])
        got = _shingle_set(units[(self.ki.kind, self.ki.rep_ord[gid])])
        self.sets[gid] = got
        self.held += len(got)
        while self.held > SHINGLE_CACHE and len(self.sets) > 2:
            self.held -= len(self.sets.popitem(last=False)[1])
        return got


def _verify(index: _DupIndex, unit_cache: _LRU) -> dict[str, dict[tuple[int, int], float]]:
    """Candidates → MinHash-prefix estimate → exact Jaccard; keep pairs at the threshold."""
    links: dict[str, dict[tuple[int, int], float]] = {}
    for kind, ki in index.kinds.items():
        st = index.stats[kind]
        pairs = ki.candidates()
        st["candidate_pairs"] = len(pairs)
        _, prefix = ki.matrices()
        keep = []
        for lo in range(0, len(pairs), 500_000):
            chunk = pairs[lo:lo + 500_000]
            agree = (prefix[chunk[:, 0]] == prefix[chunk[:, 1]]).mean(axis=1)
            est = (agree - 1 / 256) / (1 - 1 / 256)
            keep.append(chunk[est >= THRESHOLDS[kind] - PREFIX_MARGIN])
        pairs = np.concatenate(keep) if keep else pairs
        st["estimated_pairs"] = len(pairs)
        sset = _ShingleCache(ki, unit_cache)
        ok: dict[tuple[int, int], float] = {}
        pairs = _cache_friendly(pairs, ki)
        for a, b in pairs.tolist():
            j = jaccard(sset(a), sset(b))
            if j >= THRESHOLDS[kind]:
                ok[(a, b)] = j
        st["verified_pairs"] = len(ok)
        links[kind] = ok
    return links


@dataclass
class _Flag:
    kind: str
    ordinal: int
    partner: tuple[int, int]  # (doc, ordinal)
    jaccard: float
    copies: int  # qualifying partner texts found
    partner_docs: int


class _Members:
    """(doc, ordinal) of the units of each group, from the index's flat arrays."""

    def __init__(self, ki: _KindIndex) -> None:
        gids = np.frombuffer(ki.unit_gid, dtype=np.int64) if len(ki.unit_gid) else np.zeros(0, np.int64)
        self.order = np.argsort(gids, kind="stable")
        counts = np.bincount(gids, minlength=ki.n_groups) if len(gids) else np.zeros(0, np.int64)
        self.offsets = np.concatenate(([0], np.cumsum(counts)))
        self.multi = np.flatnonzero(counts > 1).tolist()
        self.ki = ki

    def __getitem__(self, gid: int) -> list[tuple[int, int]]:
        units = self.order[self.offsets[gid]:self.offsets[gid + 1]].tolist()
        return [(self.ki.unit_doc[u], self.ki.unit_ord[u]) for u in units]


@dataclass
class _Group:
    """Members of one exact-text group summarised by (department, year) identity, so that a
    group of thousands of identical texts costs O(members), not O(members²)."""

    first: list[tuple[tuple, tuple[int, int]]]  # first member of the first two identities
    members_by_id: Counter
    docs_by_id: dict[tuple, set[int]]
    n_members: int
    n_docs: int


def _summarise(mem: list[tuple[int, int]], metas: list[DocMeta]) -> _Group:
    first: list[tuple[tuple, tuple[int, int]]] = []
    by_id: Counter = Counter()
    docs: dict[tuple, set[int]] = defaultdict(set)
    for doc, ordinal in mem:
        ident = metas[doc].identity(doc)
        if len(first) < 2 and all(ident != f[0] for f in first):
            first.append((ident, (doc, ordinal)))
        by_id[ident] += 1
        docs[ident].add(doc)
    return _Group(first, by_id, dict(docs), len(mem), sum(len(d) for d in docs.values()))


def _partner_docs(groups: list[_Group], ident: tuple, limit: int) -> set[int] | None:
    """Documents of other identities in these groups (None past ``limit``)."""
    out: set[int] = set()
    for g in groups:
        for i, docs in g.docs_by_id.items():
            if i != ident:
                out |= docs
                if len(out) > limit:
                    return None
    return out


def _choose_partners(index: _DupIndex, links: dict[str, dict[tuple[int, int], float]],
                     metas: list[DocMeta]) -> tuple[dict[int, list[_Flag]], dict[int, set[int]], dict[str, Any]]:
    """The best partner of every unit that has one from another (department, year)."""
    flagged: dict[int, list[_Flag]] = defaultdict(list)
    doc_partners: dict[int, set[int]] = {}
    suppressed: Counter = Counter()
    for kind in ("document", "goal", "reasons"):
        members = _Members(index.kinds[kind])
        adj: dict[int, list[tuple[int, float]]] = defaultdict(list)
        for (a, b), j in links[kind].items():
            adj[a].append((b, j))
            adj[b].append((a, j))
        summaries: dict[int, _Group] = {}

        def summary(g: int, members: _Members = members, summaries: dict = summaries) -> _Group:
            if g not in summaries:
                summaries[g] = _summarise(members[g], metas)
            return summaries[g]

        for gid in sorted(set(members.multi) | set(adj)):
            mem = members[gid]
            neighbours = [(gid, 1.0)] + sorted(adj.get(gid, ()), key=lambda x: (-x[1], x[0]))
            groups = [summary(g) for g, _ in neighbours]
            for doc, ordinal in mem:
                ident = metas[doc].identity(doc)
                best: tuple[tuple[int, int], float] | None = None
                copies = pdocs = 0
                for (_g, j), s in zip(neighbours, groups, strict=True):
                    copies += s.n_members - s.members_by_id.get(ident, 0)
                    pdocs += s.n_docs - len(s.docs_by_id.get(ident, ()))
                    if best is None:
                        best = next(((m, j) for i, m in s.first if i != ident), None)
                if best is None:
                    continue
                if kind == "document":
                    doc_partners[doc] = _partner_docs(groups, ident, 1000) or set()
                elif doc in doc_partners:
                    covered = doc_partners[doc]
                    mine = _partner_docs(groups, ident, len(covered))
                    if mine is not None and mine <= covered:
                        # Part of a whole-document copy already reported: that finding says it.
                        suppressed[kind] += 1
                        continue
                    # Name a partner the document-level finding does not already name.
                    best = next(((m, j) for g, j in neighbours for m in members[g]
                                 if m[0] not in covered and metas[m[0]].identity(m[0]) != ident), best)
                flagged[doc].append(_Flag(kind, ordinal, best[0], best[1], copies, pdocs))
    order = list(THRESHOLDS)
    for fl in flagged.values():
        fl.sort(key=lambda f: (order.index(f.kind), f.ordinal))
    stats = {"flagged_units": dict(Counter(f.kind for fl in flagged.values() for f in fl)),
             "suppressed_inside_document_copies": dict(suppressed)}
    return flagged, doc_partners, stats


def _unit_table(rep: dict[str, Any], kind: str, ordinal: int) -> str | None:
    if kind == "goal":
        goals = rep.get("goals") or []
        return goals[ordinal].get("table") if ordinal < len(goals) else None
    if kind == "reasons":
        rs = _distinct_reasons(rep)
        return (rs[0].get("table") or rs[0].get("item")) if rs else None
    return None



# --- DUP002 ---------------------------------------------------------------------------------


def _templates(df: Counter[str], sampled: int, total: int) -> tuple[dict[str, float] | None, dict[str, Any]]:
    """Template n-grams (document share in [30%, 75%)) or None when the corpus is too small."""
    stats: dict[str, Any] = {"n": NGRAM_N, "min_df": TEMPLATE_MIN_DF, "max_df": TEMPLATE_MAX_DF,
                             "boilerplate_share": BOILERPLATE_SHARE, "documents_with_reasons": total,
                             "sampled_documents": sampled}
    if total < MIN_DOCS_DUP002 or sampled == 0:
        stats["status"] = "skipped"
        stats["why"] = (f"only {total} documents state reasons; corpus template statistics need at "
                        f"least {MIN_DOCS_DUP002}")
        return None, stats
    lo, hi = math.ceil(TEMPLATE_MIN_DF * sampled - 1e-9), TEMPLATE_MAX_DF * sampled
    templates = {g: c / sampled for g, c in df.items() if c >= lo and c < hi}
    dropped = sum(1 for c in df.values() if c >= hi)
    stats.update({
        "status": "ok",
        "distinct_ngrams": len(df),
        "template_ngrams": len(templates),
        "dropped_too_common": dropped,
        "top_templates": [{"ngram": g, "doc_share": round(s, 3)}
                          for g, s in sorted(templates.items(), key=lambda x: (-x[1], x[0]))[:30]],
    })
    return templates, stats


# --- stickiness -----------------------------------------------------------------------------


def stickiness(reports: Sequence[dict[str, Any]], metas: list[DocMeta] | None = None) -> list[dict[str, Any]]:
    """For each department seen in two or more years, each consecutive pair of its years:
    the share of the later year's reason sentences repeating the earlier year's, and of its
    reason n-grams found in the earlier year (both over distinct items, numbers masked)."""
    metas = metas if metas is not None else [_meta(r) for r in reports]
    by_dept: dict[str, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    for i, m in enumerate(metas):
        if m.dept_key and m.year:
            by_dept[m.dept_key][m.year].append(i)
    out = []
    for dept in sorted(by_dept):
        years = sorted(by_dept[dept])
        later = _reason_sets(reports, by_dept[dept][years[0]]) if len(years) > 1 else (set(), set())
        for y0, y1 in zip(years, years[1:], strict=False):
            # Each year's sets are read once: the later year of one pair is the earlier of the next.
            (s0, g0), later = later, _reason_sets(reports, by_dept[dept][y1])
            s1, g1 = later
            if not s1 and not g1:
                continue
            rep_s = len(s1 & s0)
            rep_g = len(g1 & g0)
            out.append({
                "department": metas[by_dept[dept][y1][0]].department,
                "department_key": dept,
                "year_from": y0,
                "year_to": y1,
                "documents_from": [metas[i].doc_id for i in by_dept[dept][y0]],
                "documents_to": [metas[i].doc_id for i in by_dept[dept][y1]],
                "sentences": len(s1),
                "repeated_sentences": rep_s,
                "sentence_share": round(rep_s / len(s1), 4) if s1 else None,
                "ngrams": len(g1),
                "repeated_ngrams": rep_g,
                "ngram_share": round(rep_g / len(g1), 4) if g1 else None,
            })
    return out


def _reason_sets(reports: Sequence[dict[str, Any]], docs: Iterable[int]) -> tuple[set[str], set[str]]:
    sents: set[str] = set()
    grams: set[str] = set()
    for i in docs:
        for r in _distinct_reasons(reports[i]):
            t = r.get("text") or ""
            sents |= reason_sentences(t)
            grams.update(reason_ngrams(t))
    return sents, grams
