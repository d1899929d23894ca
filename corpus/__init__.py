"""Corpus tools: the seed reports, their gold, and the synthetic report generator."""
