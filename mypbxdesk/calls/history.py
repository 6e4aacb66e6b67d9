"""The local call history: every call that concerned the user, in SQLite.

Layer 3 (``mypbxdesk.calls``, calls model): stdlib (``sqlite3``),
``mypbxdesk.base.text`` (its warnings are translatable :class:`~mypbxdesk.base.text.Msg`)
and ``mypbxdesk.base.private`` (a 0600 file in a 0700 folder) only; no
asyncio, sockets or Qt. The caller passes the file path (the platform data dir
is the application's business).

* Off the event loop: :meth:`History.record` only queues the row; one writer
  thread commits what waits, in order, one transaction per batch, WAL journal,
  ``synchronous=FULL`` (:mod:`mypbxdesk.calls.historywriter`: a locked file is
  retried, a file deleted or damaged while running is set aside and recreated
  with the rows not yet written). Reads see a queued row at once
  (:mod:`mypbxdesk.calls.historypending`); what :meth:`History.flush` returned
  True from is on disk.
* Never left ringing: :meth:`History.close` writes what waits (bounded) and
  closes the calls this run left open with the outcome :data:`STOPPED`; the
  first write of the next run does the same to what a crash left open.
* Versioned: ``PRAGMA user_version`` carries the schema version; opening an
  older file runs the forward-only migrations in :data:`_MIGRATIONS`.
* Never a crash, never deleted data: a damaged file is renamed
  ``<stem>.broken-<UTC timestamp><suffix>`` (with its ``-wal``/``-shm``) and a
  fresh database takes its place; a locked file, or one written by a newer
  version, is left alone and a fresh file beside it is used for this run.
  :attr:`History.warning` then says what happened, for the GUI to show. If no
  file can be written at all, an in-memory database keeps the app working.

Times are UTC epoch seconds (REAL): no datetime adapters (deprecated in 3.12).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..base.private import create_private_file, make_private_dir
from ..base.text import Msg, display_text
from .historypending import PendingRows
from .historywriter import HistoryWriter, Write, is_locked, utc_stamp
from .model import ROUTE_KINDS, UNKNOWN_NAME, CallChange, Route, Transferer, iso_utc

SCHEMA_VERSION = 2


class HistoryError(Exception):
    """The history file cannot be used as it is (damaged, locked, too new)."""


def _v1(db: sqlite3.Connection) -> None:
    db.execute(
        """CREATE TABLE calls (
            id INTEGER PRIMARY KEY,
            call_id TEXT NOT NULL UNIQUE,
            direction TEXT NOT NULL,
            number TEXT NOT NULL DEFAULT '',
            name TEXT NOT NULL DEFAULT '',
            extension TEXT NOT NULL DEFAULT '',
            state TEXT NOT NULL,
            outcome TEXT,
            transferred_to TEXT,
            channel TEXT,
            peer_channel TEXT,
            trunk TEXT,
            started_at REAL NOT NULL,
            answered_at REAL,
            ended_at REAL,
            duration REAL,
            updated_at REAL NOT NULL
        )"""
    )
    db.execute("CREATE INDEX calls_started ON calls(started_at DESC)")
    db.execute("CREATE INDEX calls_number ON calls(number, started_at DESC)")


def _v2(db: sqlite3.Connection) -> None:
    """How an incoming call came in (``Call.via``) and who transferred it
    (``Call.transferred_by``); NULL for the calls recorded before."""
    for column in ("via_kind", "via_label", "transferred_by", "transferred_by_name"):
        db.execute(f"ALTER TABLE calls ADD COLUMN {column} TEXT")


#: ``_MIGRATIONS[n]`` brings a version-``n`` database to version ``n + 1``.
_MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_v1, _v2]

_COLUMNS = (
    "call_id, direction, number, name, extension, state, outcome, transferred_to, "
    "channel, peer_channel, trunk, started_at, answered_at, ended_at, duration, "
    "via_kind, via_label, transferred_by, transferred_by_name"
)

_UPSERT = f"""
INSERT INTO calls ({_COLUMNS}, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT(call_id) DO UPDATE SET
    number = CASE WHEN excluded.number != '' THEN excluded.number ELSE calls.number END,
    name = CASE WHEN excluded.name != '' THEN excluded.name ELSE calls.name END,
    state = excluded.state,
    outcome = excluded.outcome,
    transferred_to = excluded.transferred_to,
    channel = COALESCE(excluded.channel, calls.channel),
    peer_channel = COALESCE(excluded.peer_channel, calls.peer_channel),
    trunk = COALESCE(excluded.trunk, calls.trunk),
    answered_at = COALESCE(excluded.answered_at, calls.answered_at),
    ended_at = excluded.ended_at,
    duration = excluded.duration,
    via_kind = COALESCE(excluded.via_kind, calls.via_kind),
    via_label = CASE WHEN excluded.via_kind IS NOT NULL THEN excluded.via_label
        ELSE calls.via_label END,
    transferred_by = COALESCE(excluded.transferred_by, calls.transferred_by),
    transferred_by_name = CASE WHEN excluded.transferred_by IS NOT NULL
        THEN excluded.transferred_by_name ELSE calls.transferred_by_name END,
    updated_at = excluded.updated_at
"""

_COLUMN_NAMES = tuple(name.strip() for name in _COLUMNS.split(","))

#: The outcome of a call the app stopped (or crashed) during: ended then, as far as we know.
STOPPED = "app_stopped"
#: How long :meth:`History.close` waits for the queued writes (seconds).
STOP_WAIT = 5.0

# A crash left calls open: they ended when last seen.
_CLOSE_LEFT_OPEN = """
UPDATE calls SET state = 'ended', outcome = ?,
    ended_at = COALESCE(ended_at, updated_at),
    duration = CASE WHEN answered_at IS NOT NULL
        THEN MAX(0, COALESCE(ended_at, updated_at) - answered_at) END
WHERE outcome IS NULL
"""
# The app stops during a call: it ends now, for the history.
_CLOSE_AT_STOP = """
UPDATE calls SET state = 'ended', outcome = ?, ended_at = ?,
    duration = CASE WHEN answered_at IS NOT NULL THEN MAX(0, ? - answered_at) END,
    updated_at = ?
WHERE call_id = ? AND outcome IS NULL
"""


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One call in the history.

    ``outcome`` is None for a call still live, or cut short by a crash: then
    ``state`` (ringing / answered) is the last state it reached. ``via`` and
    ``transferred_by`` are the call's (``Call.via``, ``Call.transferred_by``:
    the transferer's name as the PBX told it, "" if not); None when not known,
    and for calls recorded before schema 2.
    """

    call_id: str
    direction: str
    number: str
    name: str
    extension: str
    state: str
    outcome: str | None
    transferred_to: str | None
    channel: str | None
    trunk: str | None
    started_at: float
    answered_at: float | None
    ended_at: float | None
    duration: float | None
    via: Route | None = None
    transferred_by: Transferer | None = None

    TABLE_HEADER = ("time", "direction", "number", "name", "result", "duration")

    @property
    def reached(self) -> str:
        """What the call came to: its outcome, or the state it was last seen in."""
        return self.outcome or self.state

    def to_json(self) -> dict[str, Any]:
        return {
            "time": iso_utc(self.started_at),
            "direction": self.direction,
            "number": self.number,
            "name": self.name,
            "extension": self.extension,
            "state": self.reached,
            "transferred_to": self.transferred_to,
            "duration": None if self.duration is None else round(self.duration, 3),
            "channel": self.channel,
            "trunk": self.trunk,
            "via": None if self.via is None else self.via.to_json(),
            "transferred_by": _transferer_json(self.transferred_by),
            "call_id": self.call_id,
        }

    def as_row(self) -> tuple[str, ...]:
        """The :data:`TABLE_HEADER` columns as text (local time)."""
        when = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(self.started_at))
        result = self.reached
        if self.outcome == "transferred" and self.transferred_to:
            result = f"transferred to {self.transferred_to}"
        duration = ""
        if self.duration is not None:
            duration = f"{int(self.duration) // 60}:{int(self.duration) % 60:02d}"
        return (when, self.direction, self.number, self.name, result, duration)


def format_table(entries: Iterable[HistoryEntry]) -> str:
    """A plain-text table of entries, for ``mypbxdesk history``."""
    rows = [HistoryEntry.TABLE_HEADER, *(e.as_row() for e in entries)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    )


def _shown(value: str | None) -> str | None:
    return None if value is None else display_text(value)


def _transferer_json(by: Transferer | None) -> dict[str, str] | None:
    return None if by is None else {"number": by.number, "name": by.name}


def _route_of(kind: str | None, label: str | None) -> Route | None:
    """The stored route (None for none, or a kind this version does not know)."""
    for known in ROUTE_KINDS:
        if kind == known:
            return Route(known, display_text(label or ""))
    return None


def _transferer_of(number: str | None, name: str | None) -> Transferer | None:
    return None if not number else Transferer(display_text(number), display_text(name or ""))


def _missed(row: tuple[Any, ...]) -> bool:
    return bool(row[1] == "incoming" and row[6] == "missed")


def _connect(path: Path | str) -> sqlite3.Connection:
    if isinstance(path, Path) and path.name == ":memory:":
        path = ":memory:"  # History.open(":memory:"): no file, none to create
    if isinstance(path, Path):
        # Whom the receptionist called is hers alone: a 0700 folder, a 0600 file
        # (SQLite gives its -wal, -shm and -journal files the database file's mode).
        make_private_dir(path.parent)
        create_private_file(path)
    db = sqlite3.connect(str(path), timeout=3.0, isolation_level=None)
    try:
        db.execute("PRAGMA busy_timeout=3000")
        check = db.execute("PRAGMA quick_check").fetchone()
        if check is None or check[0] != "ok":
            raise sqlite3.DatabaseError(f"integrity check failed: {check!r}")
        version = int(db.execute("PRAGMA user_version").fetchone()[0])
        if version > SCHEMA_VERSION:
            raise HistoryError(
                f"written by a newer mypbxdesk (schema {version}, this one knows {SCHEMA_VERSION})"
            )
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")
        for step in range(version, SCHEMA_VERSION):
            db.execute("BEGIN IMMEDIATE")
            try:
                _MIGRATIONS[step](db)
                db.execute(f"PRAGMA user_version={step + 1}")
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
    except BaseException:
        db.close()
        raise
    return db


def _move_aside(path: Path, stamp: str) -> Path:
    broken = path.with_name(f"{path.stem}.broken-{stamp}{path.suffix}")
    for extra in ("-wal", "-shm"):
        side = Path(f"{path}{extra}")
        if side.exists():
            os.replace(side, f"{broken}{extra}")
    os.replace(path, broken)
    return broken


class History:
    """The call history database. Open it with :meth:`open`.

    Attributes:
        path: the file in use (a fresh one beside the requested path after a recovery).
        warning: None, or what went wrong with the requested file and what was done
            (a :class:`~mypbxdesk.base.text.Msg`).
    """

    def __init__(self, db: sqlite3.Connection, path: Path | None, warning: str | None) -> None:
        self._conn = db  # for reads, in the opening thread; see _db
        self.path = path
        self.warning = warning
        self._pending = PendingRows(_COLUMN_NAMES)
        self._writer: HistoryWriter | None = None  # started by the first write
        self._read_generation = 0
        self._listeners: list[Callable[[Msg], None]] = []
        self._live: set[str] = set()  # calls this run recorded and that have not ended
        self._closed = False

    @classmethod
    def open(cls, path: str | os.PathLike[str]) -> History:
        """Open (or create) the history at ``path``; never raises for a bad file."""
        target = Path(path)
        stamp = utc_stamp()
        try:
            return cls(_connect(target), target, None)
        except (sqlite3.Error, HistoryError, OSError) as exc:
            problem = exc
        note: Msg
        if is_locked(problem) or isinstance(problem, HistoryError | OSError):
            beside = target.with_name(f"{target.stem}.unavailable-{stamp}{target.suffix}")
            note = Msg.of(
                "The call history {path} cannot be used ({reason}); it was left as it is",
                path=str(target),
                reason=str(problem),
            )
        else:
            try:
                broken = _move_aside(target, stamp)
            except OSError as exc:
                beside = target.with_name(f"{target.stem}.recovered-{stamp}{target.suffix}")
                note = Msg.of(
                    "The call history {path} is damaged ({reason}) and could not be "
                    "moved aside ({error}); it was left as it is",
                    path=str(target),
                    reason=str(problem),
                    error=str(exc),
                )
            else:
                beside = target
                note = Msg.of(
                    "The call history {path} was damaged ({reason}); it was kept as {copy}",
                    path=str(target),
                    reason=str(problem),
                    copy=str(broken),
                )
        try:
            fresh = _connect(beside)
            return cls(
                fresh,
                beside,
                Msg.of(
                    "{note}, and a new history was started in {path}.", note=note, path=str(beside)
                ),
            )
        except (sqlite3.Error, HistoryError, OSError) as exc:
            return cls(
                _connect(":memory:"),
                None,
                Msg.of(
                    "{note}; no new history file could be created ({reason}): "
                    "calls are kept in memory until the app quits.",
                    note=note,
                    reason=str(exc),
                ),
            )

    def on_warning(self, listener: Callable[[Msg], None]) -> None:
        """Call ``listener(message)`` when the file needs the user's attention while
        running (recreated, or not writable); :attr:`warning` says it too. Called in
        the writer thread: hop to your own."""
        self._listeners.append(listener)

    def _warned(self, message: Msg) -> None:
        self.warning = message
        for listener in tuple(self._listeners):
            listener(message)

    def _cleared(self, message: Msg) -> None:
        if self.warning is message:  # nothing newer to say
            self.warning = None

    @property
    def _db(self) -> sqlite3.Connection:
        """The reading connection; reopened after the writer recreated the file."""
        writer = self._writer
        if writer is not None and writer.generation != self._read_generation and self.path:
            self._read_generation = writer.generation
            with contextlib.suppress(sqlite3.Error):
                self._conn.close()
            self._conn = sqlite3.connect(str(self.path), timeout=3.0, isolation_level=None)
        return self._conn

    def close_left_open(self) -> None:
        """Start writing: first, calls a crash left open (ringing, answered) are
        closed as :data:`STOPPED`, ended when last seen. Done by the first write
        anyway; the app calls it at start so the history window shows them so."""
        self._start_writing()

    @property
    def _on_disk(self) -> bool:
        return self.path is not None and self.path.name != ":memory:"

    def _start_writing(self) -> HistoryWriter | None:
        if self._writer is None and self.path and self._on_disk and not self._closed:
            self._writer = HistoryWriter(self.path, _connect)
            self._writer.on_warning(self._warned)
            self._writer.on_clear(self._cleared)
            self._writer.submit(Write(_CLOSE_LEFT_OPEN, (STOPPED,)))
        return self._writer

    def _write(self, sql: str, params: tuple[Any, ...], done: Callable[[], None] | None) -> bool:
        if self._closed:
            return False
        writer = self._start_writing()
        if writer is not None:
            writer.submit(Write(sql, params, done))
            return True
        try:  # the in-memory fallback: nothing to wait for
            self._db.execute(sql, params)
        except sqlite3.Error as exc:
            self.warning = Msg.of(
                "The call history could not be written: {reason}", reason=str(exc)
            )
            return False
        if done is not None:
            done()
        return True

    def flush(self, timeout: float = STOP_WAIT) -> bool:
        """Wait (up to ``timeout`` s, in this thread) until what was recorded is on disk."""
        return True if self._writer is None else self._writer.flush(timeout)

    def end_live_calls(self) -> None:
        """Close the calls this run left open: ended now, outcome :data:`STOPPED`
        (queued like any change; :meth:`flush` waits for them)."""
        now = time.time()
        for call_id in sorted(self._live):
            self._write(_CLOSE_AT_STOP, (STOPPED, now, now, now, call_id), None)
        self._live.clear()

    def close(self, timeout: float = STOP_WAIT) -> bool:
        """Close the calls this run left open (ended now, outcome :data:`STOPPED`),
        write what waits (waiting up to ``timeout`` s) and close the file.
        Returns False when some changes could not be written in time.

        The app's event loop calls :meth:`end_live_calls` and waits for :meth:`flush`
        in a worker thread first, so that a locked file does not stall it here."""
        if self._closed:
            return True
        self.end_live_calls()
        self._closed = True
        written = True if self._writer is None else self._writer.close(timeout)
        with contextlib.suppress(sqlite3.Error):
            self._conn.close()
        return written

    def __enter__(self) -> History:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing -------------------------------------------------------------------------
    def record(self, change: CallChange) -> bool:
        """Queue a call change (insert or update its row) for the writer thread;
        reads see it at once, :meth:`flush` waits until it is committed.

        Returns False when the history is closed, or (the in-memory fallback)
        the write failed, setting :attr:`warning`. A file that cannot be written
        keeps the row queued and says so through :meth:`on_warning`: the app
        goes on without history rather than crash.
        """
        c = change.call
        values = (
            c.call_id,
            c.direction.value,
            c.number,
            "" if c.name == UNKNOWN_NAME else c.name,
            c.extension,
            c.state.value,
            c.outcome,
            c.transferred_to,
            c.my_channel,
            c.peer_channel,
            c.trunk,
            c.started_at,
            c.answered_at,
            c.ended_at,
            c.duration,
            None if c.via is None else c.via.kind,
            None if c.via is None else c.via.label,
            None if c.transferred_by is None else c.transferred_by.number,
            None if c.transferred_by is None else c.transferred_by.name,
            change.at or time.time(),
        )
        if c.outcome is None:
            self._live.add(c.call_id)
        else:
            self._live.discard(c.call_id)
        done = self._pending.add(values[: len(_COLUMN_NAMES)])
        return self._write(_UPSERT, values, done)

    def prune(self, before: float) -> int:
        """Delete calls that started before ``before`` (retention); returns how many.

        Queued like the rows (the reads stop showing them at once)."""
        stored = self._db.execute("SELECT call_id FROM calls WHERE started_at < ?", (before,))
        gone, done = self._pending.hide_before(before)
        gone.update(str(r[0]) for r in stored.fetchall())
        self._write("DELETE FROM calls WHERE started_at < ?", (before,), done)
        return len(gone)

    def keep_days(self, days: int, now: float | None = None) -> int:
        """Forget calls older than ``days`` days (0: keep everything); returns how many.

        A front desk takes a few hundred calls a day; unbounded, the file and
        the name/number look-ups would keep growing for as long as the app is
        used. The freed pages are reused by later calls.
        """
        if days <= 0:
            return 0
        now = time.time() if now is None else now
        return self.prune(now - days * 86_400)

    # -- reading -------------------------------------------------------------------------
    def recent(self, limit: int = 100, missed_only: bool = False) -> list[HistoryEntry]:
        """The latest calls, newest first; ``missed_only``: incoming calls nobody took."""
        where = "WHERE direction = 'incoming' AND outcome = 'missed'" if missed_only else ""
        held = self._pending.snapshot()  # first: see PendingRows.snapshot
        rows = self._db.execute(
            f"SELECT {_COLUMNS} FROM calls {where} ORDER BY started_at DESC, id DESC LIMIT ?",
            (max(0, int(limit)),),
        ).fetchall()
        rows = self._pending.recent(
            rows, max(0, int(limit)), _missed if missed_only else None, taken=held
        )
        # Through the one sanitiser again: an older version stored names raw.
        return [
            HistoryEntry(
                call_id=r[0],
                direction=r[1],
                number=display_text(r[2]),
                name=display_text(r[3]),
                extension=r[4],
                state=r[5],
                outcome=r[6],
                transferred_to=_shown(r[7]),
                channel=_shown(r[8]),
                trunk=_shown(r[10]),
                started_at=r[11],
                answered_at=r[12],
                ended_at=r[13],
                duration=r[14],
                via=_route_of(r[15], r[16]),
                transferred_by=_transferer_of(r[17], r[18]),
            )
            for r in rows
        ]

    def known_name(self, number: str) -> str | None:
        """The last non-empty name seen for ``number`` (for the screen-pop), else None."""
        if not number:
            return None
        queued = self._pending.known_name(number)
        if queued:
            return display_text(queued)
        row = self._db.execute(
            "SELECT name FROM calls WHERE number = ? AND name != '' "
            "ORDER BY started_at DESC, id DESC LIMIT 1",
            (number,),
        ).fetchone()
        return None if row is None else display_text(str(row[0]))

    def recent_numbers(self, limit: int = 20) -> list[str]:
        """Distinct numbers of the latest calls, most recent first (dialer completion)."""
        queued = self._pending.numbers()  # first: see PendingRows.snapshot
        rows = self._db.execute(
            "SELECT number FROM calls WHERE number != '' GROUP BY number "
            "ORDER BY MAX(started_at) DESC LIMIT ?",
            (max(0, int(limit)),),
        ).fetchall()
        numbers = dict.fromkeys([*queued, *(str(r[0]) for r in rows)])
        return list(numbers)[: max(0, int(limit))]

    @property
    def schema_version(self) -> int:
        return int(self._db.execute("PRAGMA user_version").fetchone()[0])
