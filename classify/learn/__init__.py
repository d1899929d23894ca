"""Learned labels: reason ``cause``/``quality`` and indicator ``category1``/``category2``.

Training (``jxscan train``, build-time, :mod:`corpus.train.train`) reads ``corpus/labels/*.jsonl``,
compares a scikit-learn pipeline, a spaCy pipeline and the rule lexicons by stratified
5-fold macro-F1, and writes the kept models to ``models/`` with ``MODEL_CARD.md``.

Inference (:mod:`classify.learn.models`) needs neither scikit-learn nor spaCy: the linear
models are exported as arrays plus vocabularies and scored with numpy, so loading them
costs a fraction of a second and labelling a reason well under a millisecond.
"""
