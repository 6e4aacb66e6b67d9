"""The one error a contacts import raises, and where in a file it happened.

Pure (no Qt, no asyncio); shared by :mod:`.book` (CSV and vCard) and
:mod:`.encoding` (which code page a file is in).
"""

from __future__ import annotations

from pathlib import Path

from ..base.text import Msg


class ContactImportError(ValueError):
    """A contacts file cannot be imported; the text (a :class:`Msg`) names the file and line."""


def at(path: Path, line: int) -> Msg:
    """Where in a file: ``contacts.csv, line 3``."""
    return Msg.of("{path}, line {line}", path=str(path), line=line)
