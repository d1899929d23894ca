"""Build-time training of the label models (``jxscan train``): data loading, cross-validation of
scikit-learn, spaCy and the rule lexicons, export, the model card and ``--score``.

Nothing here runs when a report is screened: inference lives in :mod:`classify.learn`
(numpy + jieba only) and reads what this package writes.
"""
