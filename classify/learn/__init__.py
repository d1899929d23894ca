"""Learned labels: reason ``cause``/``quality`` and indicator ``category1``/``category2``.

Training is build-time (``jxscan train``, :mod:`corpus.train`): it reads ``corpus/labels/*.jsonl``,
compares scikit-learn (and optionally spaCy) with the rule lexicons by stratified 5-fold
macro-F1 and writes the models with ``MODEL_CARD.md`` to a new directory, adopted as
``models/``. This package only loads and applies them.

Inference (:mod:`classify.learn.models`) needs neither scikit-learn nor spaCy: the linear
models are exported as arrays plus vocabularies and scored with numpy, so loading them
costs a fraction of a second and labelling a reason well under a millisecond.
"""
