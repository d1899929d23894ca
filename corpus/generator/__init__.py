"""Synthetic 部门决算公开说明 corpus with planted anomalies (``jxscan generate``)."""
