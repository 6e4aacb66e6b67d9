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
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["Msg", "template"]


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
