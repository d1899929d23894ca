"""Held-out test texts and their scorer (see README.md)."""
