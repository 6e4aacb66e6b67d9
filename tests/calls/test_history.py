"""The SQLite call history: round trip, crash safety, recovery, schema version, filters."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from mypbxdesk.calls import CallChange, History, MyPhone
from mypbxdesk.calls.history import SCHEMA_VERSION, format_table

from .replay import load, replay

CAPTURE = "captures18/3-call-470-to-474-answered.from-pbx.raw"
MISSED = "captures18/4a-call-470-to-474-missed-noanswer.from-pbx.raw"


def _changes(path: str, ext: str = "474") -> list[CallChange]:
    return replay(load(path), MyPhone(ext)).changes


def test_round_trip(tmp_path: Path) -> None:
    db = tmp_path / "history.sqlite3"
    with History.open(db) as history:
        assert history.warning is None
        for change in _changes(CAPTURE) + _changes(MISSED):
            assert history.record(change)
        entries = history.recent()
    assert [(e.number, e.name, e.direction, e.reached) for e in entries] == [
        ("470", "Alice", "incoming", "missed"),
        ("470", "Alice", "incoming", "answered"),
    ]
    answered = entries[1]
    assert answered.channel == "SIP/474-00000003"
    assert answered.duration is not None and answered.duration > 0
    assert answered.call_id == "1795822221.3"
    line = answered.to_json()
    assert line["state"] == "answered" and line["time"].endswith("Z")
    json.dumps(line)


def test_missed_filter_and_lookups(tmp_path: Path) -> None:
    with History.open(tmp_path / "h.sqlite3") as history:
        for change in _changes(CAPTURE) + _changes(MISSED) + _changes(CAPTURE, "470"):
            history.record(change)
        missed = history.recent(missed_only=True)
        assert [(e.direction, e.outcome) for e in missed] == [("incoming", "missed")]
        assert len(history.recent(limit=2)) == 2
        assert history.known_name("470") == "Alice"
        assert history.known_name("474") == "Ext 474"
        assert history.known_name("999") is None
        assert sorted(history.recent_numbers(5)) == ["470", "474"]
        assert history.recent_numbers(1) in (["470"], ["474"])


def test_crash_safety_ringing_call_survives(tmp_path: Path) -> None:
    db = tmp_path / "history.sqlite3"
    first = _changes(CAPTURE)[0]
    history = History.open(db)
    history.record(first)
    assert history.flush()  # the writer thread committed it
    # No close(): the process dies here. Another connection sees the row.
    reopened = History.open(db)
    (entry,) = reopened.recent()
    assert entry.reached == "ringing" and entry.outcome is None
    assert entry.number == "470"
    reopened.close()
    history.close()


def test_updates_keep_known_fields(tmp_path: Path) -> None:
    with History.open(tmp_path / "h.sqlite3") as history:
        ringing, answered, ended = _changes(CAPTURE)
        for change in (ringing, answered, ended):
            history.record(change)
        (entry,) = history.recent()
        assert entry.reached == "answered" and entry.answered_at == answered.call.answered_at


def test_corrupt_file_is_kept_and_a_fresh_one_used(tmp_path: Path) -> None:
    db = tmp_path / "history.sqlite3"
    garbage = b"this is not a database\x00\xff" * 100
    db.write_bytes(garbage)
    history = History.open(db)
    assert history.warning is not None and "damaged" in history.warning
    broken = [p for p in tmp_path.iterdir() if ".broken-" in p.name]
    assert len(broken) == 1 and broken[0].read_bytes() == garbage
    history.record(_changes(CAPTURE)[0])
    assert len(history.recent()) == 1
    assert history.path == db
    history.close()


def test_schema_version_and_newer_schema(tmp_path: Path) -> None:
    db = tmp_path / "history.sqlite3"
    with History.open(db) as history:
        assert history.schema_version == SCHEMA_VERSION
    raw = sqlite3.connect(db)
    assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    raw.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    raw.commit()
    raw.close()
    with History.open(db) as newer:
        assert newer.warning is not None and "newer" in newer.warning
        assert newer.path != db
    assert db.exists()


def test_locked_file_uses_a_file_beside(tmp_path: Path) -> None:
    db = tmp_path / "history.sqlite3"
    History.open(db).close()
    locker = sqlite3.connect(db, isolation_level=None)
    locker.execute("PRAGMA locking_mode=EXCLUSIVE")
    locker.execute("BEGIN EXCLUSIVE")
    try:
        history = History.open(db)
        assert history.warning is not None and "left as it is" in history.warning
        assert history.path is not None and history.path != db
        assert history.record(_changes(CAPTURE)[0])
        history.close()
    finally:
        locker.execute("ROLLBACK")
        locker.close()


def test_unwritable_place_falls_back_to_memory(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    history = History.open(blocker / "sub" / "history.sqlite3")
    assert history.path is None and history.warning is not None
    assert history.record(_changes(CAPTURE)[0])
    history.close()


def test_table_format(tmp_path: Path) -> None:
    with History.open(tmp_path / "h.sqlite3") as history:
        for change in _changes(CAPTURE):
            history.record(change)
        text = format_table(history.recent())
    header, row = text.splitlines()
    assert header.split()[:3] == ["time", "direction", "number"]
    assert "Alice" in row and "answered" in row


def test_retention_forgets_only_old_calls(tmp_path: Path) -> None:
    with History.open(tmp_path / "h.sqlite3") as history:
        for change in _changes(CAPTURE) + _changes(MISSED):
            history.record(change)
        (newest, oldest) = history.recent()
        now = newest.started_at + 10
        assert history.keep_days(0, now=now) == 0  # 0: keep everything
        assert history.keep_days(1, now=now) == 0  # both are from the last day
        assert history.keep_days(1, now=now + 86_400 * 30) == 2
        assert history.recent() == []
        for change in _changes(CAPTURE):
            history.record(change)
        assert history.keep_days(365, now=oldest.started_at + 86_400 * 364) == 0
        assert len(history.recent()) == 1


class _CommitFirst:
    """The read connection, but the writer commits everything queued just before
    each query: the moment a reader used to lose rows in (read the file, then the
    queue the writer had just emptied)."""

    def __init__(self, history: History, db: sqlite3.Connection) -> None:
        self._history = history
        self._db = db

    def execute(self, *args: Any) -> sqlite3.Cursor:
        assert self._history.flush(5)
        return self._db.execute(*args)


def test_a_batch_committed_while_reading_is_not_lost(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with History.open(tmp_path / "h.sqlite3") as history:
        reads = history._db
        monkeypatch.setattr(History, "_db", property(lambda h: _CommitFirst(h, reads)))
        for change in _changes(CAPTURE) + _changes(MISSED):
            history.record(change)
        assert len(history.recent()) == 2
        for change in _changes(CAPTURE, ext="470"):
            history.record(change)
        numbers = history.recent_numbers()
        monkeypatch.undo()
        assert numbers and sorted(numbers) == sorted(history.recent_numbers())
