"""Kept for callers of the old path: the one-cell-per-line reader now lives in
:mod:`extract.layouts.cell_lines`."""

from extract.layouts.cell_lines import parse_lines_table

__all__ = ["parse_lines_table"]
