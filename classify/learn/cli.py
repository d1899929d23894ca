"""``jxscan train``: the sub-command (wired into service/cli.py by ``add_train_parser``)."""

from __future__ import annotations

import argparse
from pathlib import Path


def cmd_train(args: argparse.Namespace) -> int:
    if args.score:
        return cmd_score(args)
    from .train import train

    m = train(Path(args.labels), Path(args.out), use_spacy=not args.skip_spacy)
    for t, r in m["results"].items():
        mf = r["macro_f1"]
        cells = "  ".join(f"{k} {v['mean']:.3f}±{v['sd']:.3f}" for k, v in mf.items())
        print(f"{t:10s} n={r['n']:4d}  {cells}  kept={r['kept']}")
    print(f"wrote {args.out}: " + ", ".join(sorted(m["files"])) + ", manifest.json, MODEL_CARD.md")
    return 0


def cmd_score(args: argparse.Namespace) -> int:
    import json
    import sys

    from .score import format_scores, score_file

    path = Path(args.score)
    try:
        res = score_file(path, Path(args.out))
    except (OSError, ValueError, KeyError) as e:  # unreadable file, bad JSON, a record without a field
        print(f"jxscan train: --score {path}: {e}", file=sys.stderr)
        return 2
    print(json.dumps(res, ensure_ascii=False, indent=1) if args.format == "json" else format_scores(path, res))
    return 0


def add_train_parser(subparsers) -> argparse.ArgumentParser:
    from .train import LABELS, MODELS

    p = subparsers.add_parser(
        "train", help="cross-validate and rebuild the label models (models/) from corpus/labels",
        description="Compare scikit-learn, spaCy and the rule lexicons by stratified 5-fold macro-F1 per task, "
                    "fit the kept models on all the data and write models/ (deterministic) with MODEL_CARD.md.")
    p.add_argument("--labels", default=str(LABELS), help="directory of reasons.jsonl and indicators.jsonl")
    p.add_argument("--out", default=str(MODELS), help="output directory (default: models/)")
    p.add_argument("--skip-spacy", action="store_true", help="do not cross-validate the spaCy pipeline (faster)")
    p.add_argument("--score", metavar="FILE", help="train nothing: score the models in --out on labelled JSON lines "
                   "held out of training (format of corpus/labels), against the rule lexicons")
    p.add_argument("--format", choices=("text", "json"), default="text", help="output of --score")
    p.set_defaults(func=cmd_train)
    return p
