"""Texts for the user that the UI can translate: :class:`Msg`.

Layer 0: stdlib only, imports nothing of mypbxdesk, so every layer may use it
(the AMI client, the call model, the pure modules). Those layers stay free of
Qt and speak English; a sentence they make for a person is built with
:meth:`Msg.of` instead of an f-string::

    Msg.of("port {port} is not between 1 and 65535", port=port)

A :class:`Msg` *is* the formatted English ``str`` (the CLI prints it, logs and
tests compare it as before) and also keeps its ``template`` and ``params``, so
the Qt UI can look the template up in its translation and format that instead
(``mypbxdesk.ui.i18n.tr_text``). ``str()`` of a :class:`Msg` (and so ``str(exc)``
of an exception raised with one) is the :class:`Msg` itself, not a copy that
would lose the template.

Templates use plain ``{name}`` placeholders only (no ``!r`` or ``:g``): format
the value first, so a translator sees every placeholder as it is. A param that
is itself a :class:`Msg` is translated too. Templates kept in a table are
marked with :func:`template` so ``tests/ui/test_messages.py`` finds them.

Text other people control (a caller sets the caller-ID name of a call through
the trunk) is made safe to show by :func:`display_text`, the one sanitiser:
the call and console models pass every header value through it where it enters
(``mypbxdesk.calls.channels.clean_text``, ``mypbxdesk.console.fields.text``),
the history passes what it reads back from its file through it. :func:`json_line`
writes one JSON object on one line whatever its strings hold.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

__all__ = ["Msg", "display_text", "json_line", "template"]

# C0 controls, DEL, C1 controls (U+009B is a terminal's CSI, U+0085 a line break
# for str.splitlines) and the Unicode line and paragraph separators: a run of
# them becomes one space, as a line break in a name would read.
_BREAKING_RE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
# Bidi embeddings, overrides, isolates and marks (U+202A–U+202E, U+2066–U+2069,
# LRM/RLM/ALM): they reorder what follows them on screen and in a terminal
# ("Trojan Source"); dropped, an Arabic or Hebrew name still shows right to left.
_BIDI_RE = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# What json.dumps(ensure_ascii=False) leaves raw that a reader may split on, a
# terminal may obey or stdout cannot encode: C1 controls, U+2028/U+2029, the
# bidi controls and lone surrogates.
_JSON_RAW_RE = re.compile(
    "[\x7f-\x9f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


class Msg(str):
    """A formatted English sentence that remembers its template and params.

    Attributes:
        template: the English text with ``{placeholders}``.
        params: the values for the placeholders (``str``, numbers or :class:`Msg`).
    """

    template: str
    params: Mapping[str, object]

    def __new__(cls, template: str, params: Mapping[str, object] | None = None) -> Msg:
        values = dict(params or {})
        self = super().__new__(cls, template.format(**values))
        self.template = template
        self.params = values
        return self

    @classmethod
    def of(cls, template: str, /, **params: object) -> Msg:
        """``template.format(**params)``, remembering both."""
        return cls(template, params)

    def __str__(self) -> str:
        return self  # not a plain copy: str(exc) keeps the template for the UI

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.template, self.params))


def template(text: str) -> str:
    """Mark a template kept in a table (it is used with :meth:`Msg.of` later)."""
    return text


def display_text(value: str) -> str:
    """``value`` safe to print on a terminal, in a log line or a window.

    Never raises. Control characters (C0, DEL, C1) and U+2028/U+2029 become
    spaces (a run of them one space); bidi embedding, override, isolate and
    mark characters are dropped; lone surrogates (bytes of an odd encoding kept
    by ``surrogateescape``) become U+FFFD. Everything else, letters of any
    script, emoji and their joiners, is kept as it is; nothing is stripped or
    cut (that is the caller's business).
    """
    if value.isprintable():  # no Cc, Cf, Zl, Zp or Cs character: nothing to do
        return value
    text = value
    if not text.isascii():
        try:
            text = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        except UnicodeError:  # a surrogate surrogateescape did not make
            text = text.encode("utf-8", "replace").decode("utf-8", "replace")
        text = _BIDI_RE.sub("", text)
    return _BREAKING_RE.sub(" ", text)


def json_line(obj: object) -> str:
    """``obj`` as one line of JSON, readable (not ASCII-escaped) but safe.

    ``json.dumps(ensure_ascii=False)`` escapes C0 controls but leaves C1
    controls, U+2028/U+2029 and bidi controls raw: a consumer that splits on
    Unicode line breaks (``str.splitlines``, JavaScript) would see two lines,
    a terminal would obey them. They are written as ``\\uXXXX`` escapes, which
    every JSON reader turns back into the same string.
    """
    text = json.dumps(obj, ensure_ascii=False)
    return _JSON_RAW_RE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
