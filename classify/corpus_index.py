"""DUP001's near-copy index (classify/corpus.py runs it): MinHash LSH bands per kind of text,
candidate pairs screened by a b-bit estimate, then verified with the exact Jaccard of the
shingle sets, and the verified links grouped into near-copy groups whose members are
flagged with one partner each.
"""

from __future__ import annotations

import hashlib
from array import array
from collections import Counter, OrderedDict, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from .corpus_text import _shingle_set, jaccard, minhash_values
from .corpus_units import DocMeta, _distinct_reasons

# --- parameters (documented in docs/reports.md) -------------------------------------------

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
# Verification caches at most this many shingles (about 100 bytes each).
SHINGLE_CACHE = 1_000_000
# In an LSH bucket of more groups than this, each is paired with this many neighbours only.
WINDOW = 20


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
    return {
        "bands": b,
        "rows": r,
        "p_candidate_at_threshold": round(1 - (1 - t**r) ** b, 4),
        "p_candidate_at_0.3": round(1 - (1 - 0.3**r) ** b, 4),
    }


def band_hashes(hashvalues: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """One 32-bit key per LSH band: the band's ``rows`` MinHash values mixed together.

    Two texts become candidates when any band key is equal -- the banding of
    datasketch.MinHashLSH (same bands, same rows); a 32-bit key can only add the rare
    collision, which the exact verification removes.
    """
    x = hashvalues[: bands * rows].reshape(bands, rows).astype(np.uint64)
    h = (x * _BAND_MULT[:rows]).sum(axis=1)
    return (h ^ (h >> np.uint64(29))).astype(np.uint32)


_BAND_MULT = np.array(
    [
        0x9E3779B97F4A7C15,
        0xC2B2AE3D27D4EB4F,
        0x165667B19E3779F9,
        0xD6E8FEB86659FD93,
        0xFF51AFD7ED558CCD,
        0xC4CEB9FE1A85EC53,
        0x94D049BB133111EB,
        0xBF58476D1CE4E5B9,
    ],
    dtype=np.uint64,
)


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
            self._pending.append(
                (band_hashes(hv, self.b, self.r), (hv[:PREFIX_PERM] & 0xFF).astype(np.uint8))
            )
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
                keys.append(_bucket_pairs(np.sort(order[st : st + size]), g))
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
        units = self.units.get_or_load((self.ki.rep_doc[gid], self.ki.kind))
        got = _shingle_set(units[self.ki.rep_ord[gid]])
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
            chunk = pairs[lo : lo + 500_000]
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
        units = self.order[self.offsets[gid] : self.offsets[gid + 1]].tolist()
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


def _choose_partners(
    index: _DupIndex, links: dict[str, dict[tuple[int, int], float]], metas: list[DocMeta]
) -> tuple[dict[int, list[_Flag]], dict[int, set[int]], dict[str, Any]]:
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
                    best = next(
                        (
                            (m, j)
                            for g, j in neighbours
                            for m in members[g]
                            if m[0] not in covered and metas[m[0]].identity(m[0]) != ident
                        ),
                        best,
                    )
                flagged[doc].append(_Flag(kind, ordinal, best[0], best[1], copies, pdocs))
    order = list(THRESHOLDS)
    for fl in flagged.values():
        fl.sort(key=lambda f: (order.index(f.kind), f.ordinal))
    stats = {
        "flagged_units": dict(Counter(f.kind for fl in flagged.values() for f in fl)),
        "suppressed_inside_document_copies": dict(suppressed),
    }
    return flagged, doc_partners, stats


def _unit_table(rep: dict[str, Any], kind: str, ordinal: int) -> str | None:
    if kind == "goal":
        goals = rep.get("goals") or []
        return goals[ordinal].get("table") if ordinal < len(goals) else None
    if kind == "reasons":
        rs = _distinct_reasons(rep)
        return (rs[0].get("table") or rs[0].get("item")) if rs else None
    return None
