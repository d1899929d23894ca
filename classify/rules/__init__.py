"""The rule families; importing this package registers every rule."""

from . import gol, ind, rsn, sum, xrf  # noqa: F401
