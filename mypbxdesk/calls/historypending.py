"""Call history rows queued for the file but not on it yet, so reads see them at once.

Layer 3 (``mypbxdesk.calls``, calls model): stdlib only. The history's writes go through a
background thread (:mod:`mypbxdesk.calls.historywriter`); until a row is
committed, :class:`PendingRows` holds it, and the history's reads merge it in
(the history window and the screen-pop's "name from the history" see a call the
moment it is recorded, whether the file is slow, locked or being recreated).
A row leaves when the write that carries it is committed. Thread-safe: rows are
added on the event loop and removed by the writer thread.

Rows are tuples in the history's column order (``history._COLUMNS``). A newer
row of the same call is merged over the older one the way the history's
``INSERT … ON CONFLICT`` does (:data:`KEEP_IF_EMPTY`, :data:`COALESCE`,
:data:`FOLLOWS`), so a read shows what the file will hold.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Any

__all__ = ["PendingRows"]

Row = tuple[Any, ...]

#: Columns an update leaves as they were when it brings an empty string.
KEEP_IF_EMPTY = ("number", "name")
#: Columns an update leaves as they were when it brings NULL.
COALESCE = ("channel", "peer_channel", "trunk", "answered_at", "via_kind", "transferred_by")
#: Columns that change only with another one (``label`` goes with ``kind``).
FOLLOWS = {"via_label": "via_kind", "transferred_by_name": "transferred_by"}


class PendingRows:
    """The rows not yet committed, by call id (see the module doc)."""

    def __init__(self, columns: Sequence[str]) -> None:
        self._at = {name: i for i, name in enumerate(columns)}
        self._lock = threading.Lock()
        self._seq = 0
        self._rows: dict[str, tuple[int, Row]] = {}  # call_id -> (seq, row)
        self._hidden: dict[int, float] = {}  # a prune not committed yet -> its "before"

    def __len__(self) -> int:
        with self._lock:
            return len(self._rows)

    def _get(self, row: Row, name: str) -> Any:
        return row[self._at[name]]

    def merge(self, old: Row, new: Row) -> Row:
        """``new`` over ``old`` as the history's upsert does."""
        out = list(new)
        for name in KEEP_IF_EMPTY:
            if name in self._at and new[self._at[name]] == "":
                out[self._at[name]] = old[self._at[name]]
        for name in COALESCE:
            if name in self._at and new[self._at[name]] is None:
                out[self._at[name]] = old[self._at[name]]
        for name, lead in FOLLOWS.items():
            if name in self._at and lead in self._at and new[self._at[lead]] is None:
                out[self._at[name]] = old[self._at[name]]
        return tuple(out)

    # -- the writing side ---------------------------------------------------------------
    def add(self, row: Row) -> Callable[[], None]:
        """Hold ``row`` until the returned callback says its write was committed."""
        call_id = self._get(row, "call_id")
        with self._lock:
            self._seq += 1
            seq = self._seq
            held = self._rows.get(call_id)
            self._rows[call_id] = (seq, row if held is None else self.merge(held[1], row))

        def committed() -> None:
            with self._lock:
                held = self._rows.get(call_id)
                if held is not None and held[0] == seq:  # no newer change came meanwhile
                    del self._rows[call_id]

        return committed

    def hide_before(self, before: float) -> tuple[set[str], Callable[[], None]]:
        """A prune was queued: rows of calls that started before ``before`` are gone
        for the reads (the queued ones now, the file's until the prune commits).
        Returns the call ids dropped here and the callback for the commit."""
        with self._lock:
            self._seq += 1
            seq = self._seq
            self._hidden[seq] = before
            gone = {
                cid for cid, (_s, r) in self._rows.items() if self._get(r, "started_at") < before
            }
            for cid in gone:
                del self._rows[cid]

        def committed() -> None:
            with self._lock:
                self._hidden.pop(seq, None)

        return gone, committed

    # -- the reading side ---------------------------------------------------------------
    def snapshot(self) -> tuple[list[Row], float | None]:
        """The rows held, newest change first, and the prune limit in force.

        A reader takes it *before* it reads the file: a batch the writer commits in
        between is then in both (and merged), never in neither."""
        with self._lock:
            rows = [row for _seq, row in sorted(self._rows.values(), key=lambda x: -x[0])]
            before = max(self._hidden.values(), default=None)
        return rows, before

    def recent(
        self,
        stored: list[Row],
        limit: int,
        keep: Callable[[Row], bool] | None = None,
        *,
        taken: tuple[list[Row], float | None] | None = None,
    ) -> list[Row]:
        """``stored`` (rows read from the file, newest first) with the held rows
        merged in, newest first, at most ``limit``; ``keep`` filters held rows.
        ``taken``: the :meth:`snapshot` taken before ``stored`` was read."""
        held, before = self.snapshot() if taken is None else taken
        if not held and before is None:
            return stored
        started = self._at["started_at"]
        mine = {self._get(r, "call_id"): r for r in held}
        rows: list[Row] = []
        for row in stored:
            if before is not None and row[started] < before:
                continue
            newer = mine.pop(self._get(row, "call_id"), None)
            if newer is None:
                rows.append(row)
                continue
            merged = self.merge(row, newer)
            if keep is None or keep(merged):
                rows.append(merged)
        added = [r for r in mine.values() if keep is None or keep(r)]
        rows = added + rows  # a new call is the newest among equal start times
        rows.sort(key=lambda r: r[started], reverse=True)  # stable
        return rows[: max(0, limit)]

    def known_name(self, number: str) -> str | None:
        """The name of the newest held call with ``number`` that has one."""
        held, _before = self.snapshot()
        for row in held:
            if self._get(row, "number") == number and self._get(row, "name"):
                return str(self._get(row, "name"))
        return None

    def numbers(self) -> list[str]:
        """The numbers of the held calls, newest first, each once."""
        held, _before = self.snapshot()
        held.sort(key=lambda r: self._get(r, "started_at"), reverse=True)
        return list(dict.fromkeys(str(n) for r in held if (n := self._get(r, "number"))))

    def hidden_before(self) -> float | None:
        """The start time before which the file's rows are being pruned, if any."""
        return self.snapshot()[1]
