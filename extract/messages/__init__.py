"""The one message catalogue: every user-facing text, in Chinese (default) and English.

Why a catalogue module and not gettext/Babel: gettext keys messages by their English source
text and needs a compile step (.po -> .mo) and a tool chain; here a message is keyed by a
stable id, both languages sit side by side (a missing translation is a failing test, not a
silent fallback), the catalogue is plain data the web page receives as JSON
(``service/web/messages.js``, generated from it), and nothing is added to the install.

The language: an explicit ``lang`` argument, else the one set for this context
(:func:`use_lang`: ``--lang``, a request's Accept-Language), else the environment variable
``JXSCAN_LANG``, else Chinese. Texts are ``str.format`` templates with named fields.

:func:`relocalize` turns a message rendered in one language into the other: a read error
raised in a worker process (rendered in that process's language) is answered in the
language of the request that sent the file.

The catalogue is a package: one data module per area (``cli``, ``batch``, ``commands``,
``argparse_texts``, ``read``, ``export``, ``api``, ``explain``, ``page``, ``report``,
``labels``, ``evaluate``), merged by ``catalogue`` (an id in two parts is an error); the
functions are in ``lookup``. A new text goes into the part of the area it is shown in.
"""

from __future__ import annotations

from .catalogue import CATALOGUE
from .lookup import (
    DEFAULT_LANG,
    ENV_VAR,
    LANGS,
    RELOCALIZED,
    argparse_text,
    both,
    catalogue_json,
    current_lang,
    fields_of,
    from_accept_language,
    normalize_lang,
    relocalize,
    reset_lang,
    set_lang,
    t,
    use_lang,
)

__all__ = [
    "CATALOGUE",
    "DEFAULT_LANG",
    "ENV_VAR",
    "LANGS",
    "RELOCALIZED",
    "argparse_text",
    "both",
    "catalogue_json",
    "current_lang",
    "fields_of",
    "from_accept_language",
    "normalize_lang",
    "relocalize",
    "reset_lang",
    "set_lang",
    "t",
    "use_lang",
]
