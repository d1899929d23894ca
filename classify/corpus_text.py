"""The text features of the corpus checks (classify/corpus.py): a text masked to its words,
its character shingles and MinHash signature (DUP001), a reason's jieba n-grams (DUP002)
and masked sentences (stickiness). Pure functions of one text; the corpus index and the
scan that compare them across documents are classify/corpus.py's.
"""

from __future__ import annotations

import operator
import re
import threading
from collections import OrderedDict

import numpy as np
from datasketch import MinHash

from .corpus_seg import cut

# --- parameters (documented in docs/reports.md with the others, in classify/corpus.py) ------

SHINGLE = 5
NUM_PERM = 128
NGRAM_N = 4

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
    text = _TAG.sub("", text)
    if len(text) < _LONG:
        return _NOT_WORD.sub("", text)
    # A whole document: the characters _NOT_WORD keeps (CJK U+4E00-U+9FFF, A-Z, a-z) picked
    # on the code-point array, 4 times faster than the substitution over 10,000 characters.
    c = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    low = c | 0x20  # A-Z -> a-z; no other code point lands in a-z
    keep = ((c >= 0x4E00) & (c <= 0x9FFF)) | ((low >= 0x61) & (low <= 0x7A))
    return c[keep].tobytes().decode("utf-32-le")


_LONG = 2000


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
        h = h * np.uint64(1099511628211) + codes[k : k + n]
    h32 = (h ^ (h >> np.uint64(32))).astype(np.uint32)
    return np.unique(h32) if distinct else h32


def _shingle_set(masked: str) -> frozenset[str]:
    """The exact shingle set, used to verify candidates (no hashing involved)."""
    return frozenset(masked[i : i + SHINGLE] for i in range(max(1, len(masked) - SHINGLE + 1)))


_PERMUTATIONS = MinHash(num_perm=NUM_PERM, seed=1).permutations


def _minhash(masked: str) -> MinHash:
    """datasketch MinHash of the shingles (hashed already, so the hash function is int();
    the permutations are drawn once: datasketch would redraw them for every MinHash)."""
    m = MinHash(
        num_perm=NUM_PERM, seed=1, hashfunc=operator.index, permutations=_PERMUTATIONS, scheme="affine32"
    )
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
    out = np.full(NUM_PERM, np.uint32((1 << 32) - 1), dtype=np.uint32)
    if len(hashes) == 0:
        return out
    hv = _fmix(hashes.astype(np.uint32).reshape(-1, 1), 32)
    # (hv * a + b).min(axis=0), by blocks of rows in one reused buffer: a document's
    # 8,000 x 128 products in one piece cost 1.6 times as much (temporaries, cache misses).
    buf = getattr(_BUFFERS, "rows", None)
    if buf is None:
        buf = _BUFFERS.rows = np.empty((_ROWS, NUM_PERM), dtype=np.uint32)
    for lo in range(0, len(hv), _ROWS):
        part = hv[lo : lo + _ROWS]
        block = buf[: len(part)]
        np.multiply(part, a, out=block)  # uint32 arithmetic wraps: datasketch's affine32
        np.add(block, b, out=block)
        np.minimum(out, block.min(axis=0), out=out)
    return out


_ROWS = 1024
_BUFFERS = threading.local()  # one buffer per thread (the HTTP service may run passes in threads)


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

_token_cache: OrderedDict[str, tuple[str, ...]] = OrderedDict()
_TOKEN_CACHE_SIZE = 200_000
# Each distinct token once, as kept ("<数>" for a number, None for punctuation): the cached
# tuples share one string per word (a third of the cache's memory was repeated words), and
# a token is classified once. Cleared past this many entries (a bound, rarely reached).
_vocabulary: dict[str, str | None] = {}
_VOCABULARY_SIZE = 1_000_000
_UNSEEN = object()


def _tokens(masked: str) -> tuple[str, ...]:
    """jieba tokens of a reason whose numbers are already "#" (cached: templates recur)."""
    hit = _token_cache.get(masked)
    if hit is not None:
        _token_cache.move_to_end(masked)
        return hit
    vocab = _vocabulary
    if len(vocab) > _VOCABULARY_SIZE:
        vocab.clear()
    toks = []
    for t in cut(masked):  # jieba.lcut(masked, HMM=False), faster (classify/corpus_seg.py)
        w = vocab.get(t, _UNSEEN)
        if w is _UNSEEN:
            w = vocab[t] = "<数>" if "#" in t else None if _PUNCT_TOKEN.match(t) else t
        if w is not None:
            toks.append(w)
    out = tuple(toks)
    _token_cache[masked] = out
    if len(_token_cache) > _TOKEN_CACHE_SIZE:
        _token_cache.popitem(last=False)
    return out


def reason_lead(text: str) -> str:
    """A reason without tags, spacing and its 主要原因是 lead-in (what both its n-grams and its
    sentences are read from)."""
    return _LEADIN.sub("", _SPACE.sub("", _TAG.sub("", text)))


def reason_body(text: str) -> str:
    """A reason without tags, spacing and its 主要原因是 lead-in, numbers masked as "#"."""
    return _NUMBER.sub("#", reason_lead(text))


def reason_ngrams(text: str) -> list[str]:
    """The 4-grams of a reason's tokens (the whole token run when shorter than 4)."""
    return lead_ngrams(reason_lead(text))


def lead_ngrams(lead: str) -> list[str]:
    """:func:`reason_ngrams` of a reason already through :func:`reason_lead`."""
    toks = _tokens(_NUMBER.sub("#", lead))
    if not toks:
        return []
    if len(toks) < NGRAM_N:
        return ["\u3000".join(toks)]
    return ["\u3000".join(toks[i : i + NGRAM_N]) for i in range(len(toks) - NGRAM_N + 1)]


def reason_sentences(text: str) -> set[str]:
    """The masked sentences of a reason (for stickiness): a sentence is a repeat when
    only its figures, spacing or punctuation changed."""
    return lead_sentences(reason_lead(text))


def lead_sentences(lead: str) -> set[str]:
    """:func:`reason_sentences` of a reason already through :func:`reason_lead`."""
    out = set()
    for m in _SENTENCE.finditer(lead):
        s = mask_chars(m.group())
        if len(s) >= 4:
            out.add(s)
    return out
