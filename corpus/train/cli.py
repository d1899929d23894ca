"""``jxscan train``: the sub-command (wired into service/cli.py by ``add_train_parser``).

Training never writes over the models in use: it writes a new directory (``--out``, default
``models.new/``) and says how to adopt it, so a retrain is reviewed before it replaces
``models/``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from extract.messages import t

from .paths import DEFAULT_OUT, LABELS, MODELS


def _refusal(out: Path, force: bool) -> str | None:
    """Why ``out`` may not be written (None when it may): an existing non-empty directory is
    only replaced with ``--force``."""
    if out.exists() and not out.is_dir():
        return t("train.not_a_dir", out=out)
    if out.is_dir() and any(out.iterdir()) and not force:
        return t("train.not_empty", out=out)
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
    m = train(
        Path(args.labels),
        out,
        use_spacy=args.spacy or args.deploy_spacy,
        deploy_spacy=args.deploy_spacy,
        folds=args.folds,
    )
    for task, r in m["results"].items():
        mf = r["macro_f1"]
        cells = "  ".join(f"{k} {v['mean']:.3f}±{v['sd']:.3f}" for k, v in mf.items())
        print(f"{task:10s} n={r['n']:4d}  {cells}  kept={r['kept']}")
    print(t("train.wrote", out=out, files=", ".join([*sorted(m["files"]), "manifest.json", "MODEL_CARD.md"])))
    if out.resolve() != MODELS.resolve():
        print(t("train.try_it", out=out, models=MODELS))
    return 0


def cmd_score(args: argparse.Namespace) -> int:
    import json

    from .score import format_scores, score_file

    path = Path(args.score)
    try:
        res = score_file(path, Path(args.models))
    except (OSError, ValueError, KeyError) as e:  # unreadable file, bad JSON, a record without a field
        print("jxscan train: " + t("train.score_failed", path=path, error=e), file=sys.stderr)
        return 2
    print(
        json.dumps(res, ensure_ascii=False, indent=1) if args.format == "json" else format_scores(path, res)
    )
    return 0


def add_train_parser(subparsers) -> argparse.ArgumentParser:
    p = subparsers.add_parser("train", help=t("train.help"), description=t("train.description"))
    p.add_argument("--labels", default=str(LABELS), help=t("train.arg.labels"))
    p.add_argument("--out", default=str(DEFAULT_OUT), help=t("train.arg.out"))
    p.add_argument("--force", action="store_true", help=t("train.arg.force"))
    p.add_argument("--spacy", action="store_true", help=t("train.arg.spacy"))
    p.add_argument("--deploy-spacy", action="store_true", help=t("train.arg.deploy_spacy"))
    p.add_argument("--folds", type=int, default=5, help=t("train.arg.folds"))
    p.add_argument(
        "--skip-spacy", action="store_true", help=argparse.SUPPRESS
    )  # the default now; kept for scripts
    p.add_argument("--score", metavar="FILE", help=t("train.arg.score"))
    p.add_argument("--models", default=str(MODELS), help=t("train.arg.models"))
    p.add_argument("--format", choices=("text", "json"), default="text", help=t("train.arg.format"))
    p.set_defaults(func=cmd_train)
    return p
