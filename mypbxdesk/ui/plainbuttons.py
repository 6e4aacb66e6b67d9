"""Dialog buttons as words only.

Layer 4 (``mypbxdesk.ui``). Some Qt styles (Fusion on Linux) put a style icon
on a dialog's standard buttons — a grey check on OK/Save, a red X on Cancel —
that no other button in the app carries, so Save/Cancel and Yes/No looked
different from every other button. :func:`plain_buttons` takes them off.
"""

from __future__ import annotations

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox


def plain_buttons(box: QDialogButtonBox | QMessageBox) -> None:
    """Remove the style icons from the standard buttons of ``box`` (call after
    the buttons are added)."""
    for button in box.buttons():
        button.setIcon(QIcon())


__all__ = ["plain_buttons"]
