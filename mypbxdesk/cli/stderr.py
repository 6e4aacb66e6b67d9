"""What the command line tells a person on standard error: ``mypbxdesk: error: …``.

One place for every ``mypbxdesk`` command (``main``, ``console``, ``desktop``):
a message may carry the PBX's words or a file's, so it goes through
:func:`~mypbxdesk.base.text.display_text` (nothing a terminal would obey).
"""

from __future__ import annotations

import sys

from ..base.text import display_text

__all__ = ["error", "info"]


def error(message: str) -> None:
    """``mypbxdesk: error: <message>``: the command did not do what was asked."""
    print(f"mypbxdesk: error: {display_text(message)}", file=sys.stderr, flush=True)


def info(message: str) -> None:
    """``mypbxdesk: <message>``: progress or a note beside the command's output."""
    print(f"mypbxdesk: {display_text(message)}", file=sys.stderr, flush=True)
