"""``jxscan train``: the sub-command (wired into service/cli.py by ``add_train_parser``).

Training never writes over the models in use: it writes a new directory (``--out``, default
``models.new/``) and says how to adopt it, so a retrain is reviewed before it replaces
``models/``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .paths import DEFAULT_OUT, LABELS, MODELS


def _refusal(out: Path, force: bool) -> str | None:
    """Why ``out`` may not be written (None when it may): an existing non-empty directory is
    only replaced with ``--force``."""
    if out.exists() and not out.is_dir():
        return f"{out} exists and is not a directory"
    if out.is_dir() and any(out.iterdir()) and not force:
        return f"{out} exists and is not empty: choose another --out, or add --force to replace its models"
    return None


def cmd_train(args: argparse.Namespace) -> int:
    if args.score:
        return cmd_score(args)
    from .train import train

    out = Path(args.out)
    why = _refusal(out, args.force)
    if why:
        print(f"jxscan train: {why}", file=sys.stderr)
        return 2
    m = train(Path(args.labels), out, use_spacy=args.spacy or args.deploy_spacy,
              deploy_spacy=args.deploy_spacy, folds=args.folds)
    for t, r in m["results"].items():
        mf = r["macro_f1"]
        cells = "  ".join(f"{k} {v['mean']:.3f}±{v['sd']:.3f}" for k, v in mf.items())
        print(f"{t:10s} n={r['n']:4d}  {cells}  kept={r['kept']}")
    print(f"wrote {out}: " + ", ".join(sorted(m["files"])) + ", manifest.json, MODEL_CARD.md")
    if out.resolve() != MODELS.resolve():
        print(f"try it: JXSCAN_MODELS={out} jxscan check corpus/seeds\n"
              f"adopt it: rm -r {MODELS} && mv {out} {MODELS}   (then commit models/ with corpus/labels/)")
    return 0


def cmd_score(args: argparse.Namespace) -> int:
    import json

    from .score import format_scores, score_file

    path = Path(args.score)
    try:
        res = score_file(path, Path(args.models))
    except (OSError, ValueError, KeyError) as e:  # unreadable file, bad JSON, a record without a field
        print(f"jxscan train: --score {path}: {e}", file=sys.stderr)
        return 2
    print(json.dumps(res, ensure_ascii=False, indent=1) if args.format == "json" else format_scores(path, res))
    return 0


def add_train_parser(subparsers) -> argparse.ArgumentParser:
    p = subparsers.add_parser(
        "train", help="cross-validate and train the label models into a new directory (default models.new/)",
        description="Compare scikit-learn and the rule lexicons (and spaCy with --spacy) by stratified 5-fold "
                    "macro-F1 per task, fit the kept models on all the data and write them with MODEL_CARD.md to "
                    "--out (default models.new/, never models/ unless asked). Deterministic: single-threaded, "
                    "fixed seeds (docs/models.md, Retraining).")
    p.add_argument("--labels", default=str(LABELS), help="directory of reasons.jsonl and indicators.jsonl")
    p.add_argument("--out", default=str(DEFAULT_OUT),
                   help="output directory, new or empty (default: models.new/); --force to replace one")
    p.add_argument("--force", action="store_true", help="replace the models in a non-empty --out (e.g. models/)")
    p.add_argument("--spacy", action="store_true",
                   help="also cross-validate the spaCy pipeline (slow; a comparison column in the card)")
    p.add_argument("--deploy-spacy", action="store_true",
                   help="with --spacy: keep spaCy for a task where it beats scikit-learn by the margin rule "
                        "(docs/models.md)")
    p.add_argument("--folds", type=int, default=5, help="cross-validation folds (default 5; fewer for a quick run "
                   "on a small --labels set)")
    p.add_argument("--skip-spacy", action="store_true", help=argparse.SUPPRESS)  # the default now; kept for scripts
    p.add_argument("--score", metavar="FILE", help="train nothing: score the models in --models on labelled JSON "
                   "lines held out of training (format of corpus/labels), against the rule lexicons")
    p.add_argument("--models", default=str(MODELS), help="models scored by --score (default: models/)")
    p.add_argument("--format", choices=("text", "json"), default="text", help="output of --score")
    p.set_defaults(func=cmd_train)
    return p
