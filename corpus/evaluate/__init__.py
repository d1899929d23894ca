"""``jxscan eval MANIFEST``: the checks against a generated corpus with planted anomalies.

The manifest (``corpus/generator``, docs/generator.md) lists every document of the corpus
(``kind: document``: file, truth file) and every planted anomaly (``kind: anomaly``: file,
code, start, end). Every document is screened with the per-document checks
(:func:`service.screen.screen_source`), then the corpus checks (DUP001/DUP002,
:func:`classify.corpus_pass.analyse_corpus`) run over all of them, as ``jxscan batch`` does.

Scoring, per code:

- a finding is a true positive when a planted anomaly of the same code in the same file
  has an overlapping span (``[start, end)`` intervals sharing a character); any other
  finding is a false positive -- the generator writes clean documents by construction, so
  a finding where nothing was planted is a false alarm;
- a planted anomaly is recalled when at least one finding of its code overlaps it;
- precision = true-positive findings / findings, recall = recalled anomalies / anomalies.

Extraction accuracy compares the extracted tables with the generator's truth: each truth
table is matched to an extracted table (same kind, then title, then order), each truth row
to an extracted row (same name with whitespace removed, else position), and every field
counts as correct when equal (numbers within 1e-6, units and operators as strings). A
field of a table or row that was not found counts as wrong.
"""

from .score import (
    Accuracy,
    Manifest,
    change_matches,
    compare_extraction,
    doc_family,
    evaluate,
    findings_by,
    narrative_breakdown,
    read_manifest,
    score_findings,
)
from .text import format_narrative, format_text

__all__ = [
    "Accuracy",
    "Manifest",
    "change_matches",
    "compare_extraction",
    "doc_family",
    "evaluate",
    "findings_by",
    "format_narrative",
    "format_text",
    "narrative_breakdown",
    "read_manifest",
    "score_findings",
]
