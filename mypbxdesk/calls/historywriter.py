"""Writes to the call history file in one background thread: the event loop only queues.

Layer 3 (``mypbxdesk.calls``, calls model): stdlib (``sqlite3``, ``threading``) and
``mypbxdesk.base.text`` only; no asyncio or Qt. The history's *what* (schema,
rows, reads) is :mod:`mypbxdesk.calls.history`; this is the *how* of its writes.

Why a thread: a commit with ``synchronous=FULL`` costs an fsync, and a file
another program holds locked makes SQLite wait (``busy_timeout``). On the
asyncio loop both delayed every screen-pop behind them. Here the loop calls
:meth:`HistoryWriter.submit`, which only appends to a list under a lock.

* One thread owns one connection. It takes everything waiting and commits it
  as one transaction (a burst of changes costs one fsync), in submission order.
* A locked file (another process holds a write lock): the batch is rolled back,
  kept in memory, and tried again with a growing pause (0.05 s … 1 s); what is
  submitted meanwhile joins it, in order. A file still locked after
  :data:`LOCK_WARN_AFTER` seconds is reported once.
* A file deleted, replaced, or overwritten while running (checked before every
  batch: the file's identity and its SQLite header; and any "malformed"/"not a
  database" error): the damaged file (with its ``-wal``/``-shm``) is renamed
  ``<name>.corrupt-<UTC timestamp>``, a fresh file is created by the opener the
  history gave, and the rows not yet written go into it. Reported with a WARNING
  log and to :meth:`HistoryWriter.on_warning` listeners (the tray shows it).
* :meth:`HistoryWriter.close` writes what is waiting, with a bounded wait.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..base.text import Msg

__all__ = ["LOCK_WARN_AFTER", "HistoryWriter", "Write", "is_locked", "utc_stamp"]

log = logging.getLogger("mypbxdesk.history")

SQLITE_HEADER = b"SQLite format 3\x00"
#: A file locked this long (seconds) is reported (a warning, once per episode).
LOCK_WARN_AFTER = 10.0
#: How long one attempt may wait for another process's lock inside SQLite.
_BUSY_MS = 100
_RETRY_FIRST = 0.05
_RETRY_MAX = 1.0

Opener = Callable[[Path], sqlite3.Connection]
WarningListener = Callable[[Msg], None]


@dataclass(frozen=True, slots=True)
class Write:
    """One statement for the history file.

    Attributes:
        done: called (in the writer thread) once the statement is committed.
    """

    sql: str
    params: tuple[Any, ...] = ()
    done: Callable[[], None] | None = None


class _DamagedError(Exception):
    """The file is not the database it was (deleted, replaced, overwritten)."""


def is_locked(exc: BaseException) -> bool:
    """Another connection holds the file's lock (SQLite's "locked"/"busy")."""
    text = str(exc).lower()
    return isinstance(exc, sqlite3.OperationalError) and ("locked" in text or "busy" in text)


def _is_damage(exc: BaseException) -> bool:
    """A write error that says the file is no longer a sound database."""
    if not isinstance(exc, sqlite3.DatabaseError):
        return False
    if not isinstance(exc, sqlite3.OperationalError):
        return True  # "file is not a database", "database disk image is malformed"
    text = str(exc).lower()
    return "no such table" in text or "malformed" in text or "not a database" in text


def utc_stamp() -> str:
    """Now in UTC as ``20261127T233021Z``, for the names of files set aside."""
    return time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())


def set_aside(path: Path, stamp: str) -> Path | None:
    """Rename ``path`` and its ``-wal``/``-shm`` to ``<name>.corrupt-<stamp>``;
    returns the new name of the database file (None when it was gone)."""
    aside = path.with_name(f"{path.name}.corrupt-{stamp}")
    for extra in ("-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            os.replace(f"{path}{extra}", f"{aside}{extra}")
    try:
        os.replace(path, aside)
    except FileNotFoundError:
        return None
    return aside


class HistoryWriter:
    """The background writer of one history file.

    Args:
        path: the database file.
        opener: opens (creating, with its schema) the database at a path; run in
            the writer thread, at start and to recreate a damaged file.

    Attributes:
        generation: goes up each time the file was recreated (readers reopen).
        warning: the last problem reported (a :class:`~mypbxdesk.base.text.Msg`), or None.
    """

    def __init__(self, path: Path, opener: Opener) -> None:
        self.path = path
        self._opener = opener
        self._cond = threading.Condition()
        self._queue: list[Write] = []
        self._held = 0  # taken by the thread, not committed yet
        self._stopping = False
        self._listeners: list[WarningListener] = []
        self._clear_listeners: list[WarningListener] = []
        self.generation = 0
        self.warning: Msg | None = None
        self._thread = threading.Thread(target=self._run, name="history-writer", daemon=True)
        self._thread.start()

    # -- the loop's side (never blocks on the file) ---------------------------------------
    def submit(self, write: Write) -> None:
        """Queue ``write``; it is committed after everything submitted before it."""
        with self._cond:
            if self._stopping:
                raise RuntimeError("the history writer is closed")
            self._queue.append(write)
            self._cond.notify_all()

    @property
    def waiting(self) -> int:
        """Writes submitted and not committed yet."""
        with self._cond:
            return len(self._queue) + self._held

    def on_warning(self, listener: WarningListener) -> None:
        """Call ``listener(message)`` when the file needs the user's attention.

        It is called in the writer thread: hop to your own (``call_soon_threadsafe``).
        """
        self._listeners.append(listener)

    def on_clear(self, listener: WarningListener) -> None:
        """Call ``listener(message)`` (in the writer thread) when a file that could
        not be written is written again: that warning is over."""
        self._clear_listeners.append(listener)

    def flush(self, timeout: float) -> bool:
        """Wait up to ``timeout`` s until everything submitted is committed."""
        with self._cond:
            return self._cond.wait_for(lambda: not self._queue and not self._held, timeout)

    def close(self, timeout: float) -> bool:
        """Stop taking writes, commit those waiting (up to ``timeout`` s) and end
        the thread. Returns False when some were not written in time (the thread
        keeps trying until the process ends)."""
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
        self._thread.join(timeout)
        if self._thread.is_alive():
            log.warning(
                "the call history %s could not be written before the app stopped: "
                "%d changes are lost",
                self.path,
                self.waiting,
            )
            return False
        return True

    # -- the writer thread ------------------------------------------------------------------
    def _warn(self, message: Msg) -> None:
        self.warning = message
        log.warning("%s", message)
        for listener in tuple(self._listeners):
            try:
                listener(message)
            except Exception:
                log.exception("error in a call history warning listener")

    def _run(self) -> None:
        db: sqlite3.Connection | None = None
        identity: tuple[int, int] | None = None
        batch: list[Write] = []
        pause = _RETRY_FIRST
        trouble_since: float | None = None  # the first failed attempt of this episode
        reported = False
        just_replaced = False  # a fresh file that fails at once is not replaced again
        while True:
            with self._cond:
                if not batch:
                    while not self._queue and not self._stopping:
                        self._cond.wait()
                    if not self._queue:
                        break  # stopping, and everything is written
                batch.extend(self._queue)
                self._queue.clear()
                self._held = len(batch)
            try:
                db, identity = self._ready(db, identity)
                self._commit(db, batch)
            except (sqlite3.Error, OSError, _DamagedError) as exc:
                if (isinstance(exc, _DamagedError) or _is_damage(exc)) and not just_replaced:
                    db, identity = self._replace(db, str(exc))
                    just_replaced = True
                    if db is not None:
                        continue  # at once, into the fresh file
                now = time.monotonic()
                if trouble_since is None:
                    trouble_since = now
                    log.info("call history not written yet (%s): %d changes wait", exc, len(batch))
                if not reported and (not is_locked(exc) or now - trouble_since >= LOCK_WARN_AFTER):
                    reported = True
                    self._warn(
                        Msg.of(
                            "The call history {path} cannot be written ({reason}); calls are "
                            "kept in memory and saved when it can be written again.",
                            path=str(self.path),
                            reason=str(exc),
                        )
                    )
                time.sleep(pause)
                pause = min(pause * 2, _RETRY_MAX)
                just_replaced = False
                continue
            for write in batch:
                if write.done is not None:
                    write.done()
            if trouble_since is not None:
                log.info("call history written again (%d changes)", len(batch))
                if reported and self.warning is not None:
                    over, self.warning = self.warning, None
                    for cleared in tuple(self._clear_listeners):
                        cleared(over)
            trouble_since, reported, pause, just_replaced = None, False, _RETRY_FIRST, False
            batch = []
            with self._cond:
                self._held = 0
                self._cond.notify_all()
        with self._cond:
            self._held = 0
            self._cond.notify_all()
        if db is not None:
            with contextlib.suppress(sqlite3.Error):
                db.close()

    def _open(self) -> tuple[sqlite3.Connection, tuple[int, int]]:
        db = self._opener(self.path)
        db.execute(f"PRAGMA busy_timeout={_BUSY_MS}")  # we retry ourselves
        st = os.stat(self.path)
        return db, (st.st_dev, st.st_ino)

    def _ready(
        self, db: sqlite3.Connection | None, identity: tuple[int, int] | None
    ) -> tuple[sqlite3.Connection, tuple[int, int]]:
        """The connection, after checking the file is still the one it writes to."""
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            raise _DamagedError("the file was deleted") from None
        if db is not None and identity != (st.st_dev, st.st_ino):
            raise _DamagedError("the file was replaced")
        with open(self.path, "rb") as fh:
            header = fh.read(len(SQLITE_HEADER))
        if header != SQLITE_HEADER and (db is not None or header):
            raise _DamagedError("the file is not a database any more")
        if db is None or identity is None:
            return self._open()
        return db, identity

    def _commit(self, db: sqlite3.Connection, batch: list[Write]) -> None:
        db.execute("BEGIN IMMEDIATE")
        try:
            for write in batch:
                db.execute(write.sql, write.params)
            db.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                db.execute("ROLLBACK")
            raise

    def _replace(
        self, db: sqlite3.Connection | None, reason: str
    ) -> tuple[sqlite3.Connection | None, tuple[int, int] | None]:
        """Set the damaged file aside and start a fresh one (None when that fails)."""
        if db is not None:
            with contextlib.suppress(sqlite3.Error):
                db.close()
        deleted = not self.path.exists()
        try:
            aside = set_aside(self.path, utc_stamp())
            fresh, identity = self._open()
        except (sqlite3.Error, OSError) as exc:
            log.info("could not start a new call history (%s)", exc)
            return None, None
        self.generation += 1
        if deleted:
            message = Msg.of(
                "The call history {path} was deleted while the app was running; a new "
                "history was started there with the calls not yet saved.",
                path=str(self.path),
            )
        else:
            message = Msg.of(
                "The call history {path} was damaged while the app was running ({reason}); "
                "it was kept as {copy} and a new history was started with the calls not "
                "yet saved.",
                path=str(self.path),
                reason=reason,
                copy=str(aside),
            )
        self._warn(message)
        return fresh, identity
