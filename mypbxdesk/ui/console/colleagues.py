"""The colleagues as a Qt model, and the search that filters them.

Layer 4 (``mypbxdesk.ui``). :class:`ColleagueModel` holds one row per colleague
(every extension with a hint but hers), kept from ``bridge.presence_changed``
and seeded from ``bridge.console.colleagues()``. Names are resolved once per
change, not per repaint: an imported contact first, then the PBX's name, then
the call history (``bridge.colleague_name``); the same for the party each one
talks to. :class:`ColleagueFilter` keeps the rows whose name or extension
matches what she typed, the best match first (an exact extension, then an
extension that starts with the digits, then a name that starts with the text).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from ...console import Colleague, LineState, PresenceChange
from ..bridge import PbxBridge
from ..callinfo import shown_number
from ..plaintext import plain_tip
from .look import describe, party_text, state_text

Index = QModelIndex | QPersistentModelIndex


class Role(IntEnum):
    """The model's own roles (beyond Display, ToolTip and the accessibility roles)."""

    ROW = Qt.ItemDataRole.UserRole + 1  # the ColleagueRow
    EXTENSION = Qt.ItemDataRole.UserRole + 2
    STATE = Qt.ItemDataRole.UserRole + 3


@dataclass(frozen=True, slots=True)
class ColleagueRow:
    """A colleague as shown: the snapshot plus the resolved names."""

    colleague: Colleague
    name: str
    party: str  # "470 Alice Martin": who the colleague talks to ("" none / unknown)

    @property
    def extension(self) -> str:
        return self.colleague.extension

    @property
    def state(self) -> LineState:
        return self.colleague.state

    def seconds(self, now: float) -> float | None:
        """Time in the current state (None when the time is not known)."""
        since = self.colleague.since
        return max(0.0, now - since) if since else None

    def describe(self, now: float) -> str:
        return describe(self.extension, self.name, self.state, self.party, self.seconds(now))


def _order(ext: str) -> tuple[int, int, str]:
    return (0, int(ext), ext) if ext.isascii() and ext.isdigit() and len(ext) < 19 else (1, 0, ext)


class ColleagueModel(QAbstractListModel):
    """Her colleagues, in extension order."""

    def __init__(self, bridge: PbxBridge, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._bridge = bridge
        self._rows: list[ColleagueRow] = []
        self._row_of: dict[
            str, int
        ] = {}  # extension → row: a presence change finds its row at once
        self.clock = time.time
        bridge.presence_changed.connect(self.apply)
        bridge.contacts_changed.connect(self.reload)
        bridge.settings_changed.connect(self._on_settings)
        self.reload()

    def _on_settings(self, *_: object) -> None:
        self.reload()  # another extension: another set of colleagues

    # -- Qt model interface ---------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{row.extension} {row.name}".strip()
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return row.describe(self.clock())
        if role == Qt.ItemDataRole.ToolTipRole:  # names from the PBX: never rich text
            return plain_tip(row.describe(self.clock()))
        if role == Qt.ItemDataRole.AccessibleDescriptionRole:
            return state_text(row.state)
        if role == Role.ROW:
            return row
        if role == Role.EXTENSION:
            return row.extension
        if role == Role.STATE:
            return row.state
        return None

    # -- rows -------------------------------------------------------------------------
    def row_of(self, extension: str) -> int:
        return self._row_of.get(extension, -1)

    def _index_rows(self) -> None:
        self._row_of = {r.extension: i for i, r in enumerate(self._rows)}

    def row_at(self, row: int) -> ColleagueRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    @property
    def rows(self) -> list[ColleagueRow]:
        return list(self._rows)

    def _make(self, colleague: Colleague) -> ColleagueRow:
        bridge = self._bridge
        name = bridge.colleague_name(colleague.extension, colleague.name)
        party = ""
        if colleague.talking_to or colleague.talking_to_name:
            other = (
                bridge.colleague_name(colleague.talking_to, colleague.talking_to_name)
                if colleague.talking_to
                else colleague.talking_to_name
            )
            # An outside number reads as everywhere else (+49 30 123456, 020 8765 4321).
            party = party_text(shown_number(bridge, colleague.talking_to), other)
        return ColleagueRow(colleague, name, party)

    def _mine(self, extension: str) -> bool:
        return extension == self._bridge.settings.extension

    def reload(self) -> None:
        """Start again from the console's colleagues (after a login, new contacts …)."""
        console = self._bridge.console
        colleagues = console.colleagues() if console is not None else []
        self.beginResetModel()
        self._rows = [self._make(c) for c in colleagues if not self._mine(c.extension)]
        self._rows.sort(key=lambda r: _order(r.extension))
        self._index_rows()
        self.endResetModel()

    def apply(self, change: PresenceChange) -> None:
        colleague = change.colleague
        if self._mine(colleague.extension):
            return
        new = self._make(colleague)
        row = self.row_of(colleague.extension)
        if row >= 0:
            self._rows[row] = new
            index = self.index(row)
            self.dataChanged.emit(index, index)
            return
        key = _order(colleague.extension)
        at = next(
            (i for i, r in enumerate(self._rows) if _order(r.extension) > key), len(self._rows)
        )
        self.beginInsertRows(QModelIndex(), at, at)
        self._rows.insert(at, new)
        self._index_rows()
        self.endInsertRows()


class ColleagueFilter(QSortFilterProxyModel):
    """The colleagues whose name or extension matches the search text, best first.

    Every word typed must match: digits the start of the extension, anything
    else a part of the name (any case). An empty search keeps everyone.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        self._words: list[str] = []
        self.setDynamicSortFilter(True)

    @property
    def text(self) -> str:
        return self._text

    def set_text(self, text: str) -> None:
        if text == self._text:
            return
        self._text = text
        self._words = [w.casefold() for w in text.split()]
        self.invalidate()
        self.sort(0)

    def _row(self, source_row: int) -> ColleagueRow | None:
        model = self.sourceModel()
        if not isinstance(model, ColleagueModel):
            return None
        return model.row_at(source_row)

    def rank(self, row: ColleagueRow) -> int:
        """0 for the best match (the exact extension) … 3 for any other match."""
        text = self._text.strip()
        if not text:
            return 3
        if row.extension == text:
            return 0
        if row.extension.startswith(text):
            return 1
        if row.name.casefold().startswith(text.casefold()):
            return 2
        return 3

    def matches(self, row: ColleagueRow) -> bool:
        name = row.name.casefold()
        for word in self._words:
            if word.isdigit():
                if not row.extension.startswith(word):
                    return False
            elif word not in name:
                return False
        return True

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802
        row = self._row(source_row)
        return row is not None and self.matches(row)

    def lessThan(self, left: Index, right: Index) -> bool:  # noqa: N802
        a, b = self._row(left.row()), self._row(right.row())
        if a is None or b is None:
            return left.row() < right.row()
        return (self.rank(a), left.row()) < (self.rank(b), right.row())
