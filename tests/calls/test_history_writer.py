"""The call history written off the event loop: ordered, batched, never losing a row.

Real SQLite files in ``tmp_path``; the lock is a real second connection holding
``BEGIN EXCLUSIVE``; corruption is garbage written over the file, deletion an unlink.
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
import stat
import time
from dataclasses import replace
from pathlib import Path

import pytest

from mypbxdesk.base.text import Msg
from mypbxdesk.calls import (
    Call,
    CallChange,
    CallEvent,
    CallState,
    Direction,
    History,
    historywriter,
)
from mypbxdesk.calls.history import STOPPED
from mypbxdesk.calls.historypending import PendingRows

T0 = 1_700_000_000.0


def _ringing(n: int, at: float = T0) -> CallChange:
    call = Call(
        call_id=f"c{n}",
        direction=Direction.INCOMING,
        number=f"1380000{n:04d}",
        name=f"Caller {n}",
        extension="474",
        state=CallState.RINGING,
        my_channel=f"SIP/474-{n:08x}",
        peer_channel=None,
        trunk=None,
        started_at=at + n,
    )
    return CallChange(CallEvent.RINGING, call, at + n)


def _answered(change: CallChange) -> CallChange:
    call = replace(change.call, state=CallState.ANSWERED, answered_at=change.call.started_at + 2)
    return CallChange(CallEvent.ANSWERED, call, change.at + 2)


def _ended(change: CallChange, outcome: str = "answered") -> CallChange:
    c = change.call
    call = replace(
        c, state=CallState.ENDED, ended_at=c.started_at + 9, outcome=outcome, duration=7.0
    )
    return CallChange(CallEvent.ENDED, call, change.at + 9)


def _rows(db: Path) -> list[tuple[str, str, str | None]]:
    """(call_id, state, outcome) in insertion order, read by another connection."""
    raw = sqlite3.connect(db)
    try:
        return raw.execute("SELECT call_id, state, outcome FROM calls ORDER BY id").fetchall()
    finally:
        raw.close()


def _locker(db: Path) -> sqlite3.Connection:
    locker = sqlite3.connect(db, isolation_level=None)
    locker.execute("BEGIN EXCLUSIVE")
    return locker


def test_many_changes_land_in_order_in_few_transactions(tmp_path: Path) -> None:
    db = tmp_path / "history.sqlite3"
    history = History.open(db)
    rings = [_ringing(n) for n in range(300)]
    for change in rings:
        assert history.record(change)
    for change in rings:
        history.record(_ended(_answered(change)))
    assert history.flush(10)
    rows = _rows(db)
    assert [r[0] for r in rows] == [f"c{n}" for n in range(300)]
    assert {(r[1], r[2]) for r in rows} == {("ended", "answered")}
    assert history.close()


def test_a_locked_file_never_blocks_the_loop_and_loses_nothing(tmp_path: Path) -> None:
    db = tmp_path / "history.sqlite3"
    history = History.open(db)
    history.record(_ringing(0))
    assert history.flush()
    locker = _locker(db)
    lags: list[float] = []

    async def main() -> None:
        loop = asyncio.get_running_loop()
        for n in range(1, 41):
            due = loop.time() + 0.01
            history.record(_ringing(n))  # each would wait for the lock, on the loop
            history.record(_ended(_ringing(n), "missed"))
            await asyncio.sleep(0.01)
            lags.append(loop.time() - due)

    started = time.monotonic()
    asyncio.run(main())
    assert time.monotonic() - started < 3.0  # 40 × 10 ms, not 40 × a busy timeout
    assert max(lags) < 0.5, lags
    # Nothing is on disk yet, yet the app sees every call already.
    assert history.flush(0.2) is False
    assert len(history.recent(limit=100)) == 41
    assert history.known_name("13800000007") == "Caller 7"
    assert len(history.recent(limit=100, missed_only=True)) == 40
    locker.execute("ROLLBACK")
    locker.close()
    assert history.flush(10)
    rows = _rows(db)
    assert [r[0] for r in rows] == [f"c{n}" for n in range(41)]
    assert [r[2] for r in rows[1:]] == ["missed"] * 40
    assert history.warning is None
    history.close()


@pytest.mark.expect_log("cannot be written \\(database is locked\\)")
def test_a_long_lock_is_reported_once_and_then_clears(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(historywriter, "LOCK_WARN_AFTER", 0.2)
    db = tmp_path / "history.sqlite3"
    history = History.open(db)
    told: list[Msg] = []
    history.on_warning(told.append)
    history.record(_ringing(0))
    assert history.flush()
    locker = _locker(db)
    history.record(_ringing(1))
    deadline = time.monotonic() + 5
    while not told and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(told) == 1 and "cannot be written" in told[0]
    assert told[0].template.startswith("The call history {path} cannot be written")
    locker.execute("ROLLBACK")
    locker.close()
    assert history.flush(10)
    assert [r[0] for r in _rows(db)] == ["c0", "c1"]
    assert len(told) == 1 and history.warning is None
    history.close()


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.expect_log("was deleted while the app was running")
def test_a_deleted_file_is_recreated_with_the_rows_not_yet_written(tmp_path: Path) -> None:
    db = tmp_path / "history.sqlite3"
    history = History.open(db)
    told: list[Msg] = []
    history.on_warning(told.append)
    first = _ringing(1)
    history.record(first)
    assert history.flush()
    db.unlink()
    history.record(_ringing(2))
    history.record(_ended(first))  # a call that started before the loss, ending after
    assert history.flush(10)
    assert db.exists() and _mode(db) == 0o600
    assert [r[0] for r in _rows(db)] == ["c2", "c1"]
    assert len(told) == 1 and "deleted" in told[0] and history.warning == told[0]
    assert [e.call_id for e in history.recent()] == ["c2", "c1"]  # reads the new file
    history.close()


@pytest.mark.expect_log("was damaged while the app was running")
def test_a_file_overwritten_with_garbage_is_set_aside_and_recreated(tmp_path: Path) -> None:
    db = tmp_path / "history.sqlite3"
    history = History.open(db)
    told: list[Msg] = []
    history.on_warning(told.append)
    history.record(_ringing(1))
    assert history.flush()
    garbage = b"not a database any more " * 400
    db.write_bytes(garbage)
    history.record(_ringing(2))
    history.record(_ringing(3))
    assert history.flush(10)
    aside = [p for p in tmp_path.iterdir() if p.name.startswith("history.sqlite3.corrupt-")]
    main_copy = [p for p in aside if not p.name.endswith(("-wal", "-shm"))]
    assert len(main_copy) == 1 and main_copy[0].read_bytes()[: len(garbage)] == garbage
    assert [r[0] for r in _rows(db)] == ["c2", "c3"]
    assert _mode(db) == 0o600
    assert len(told) == 1 and str(main_copy[0]) in told[0]
    assert [e.call_id for e in history.recent()] == ["c3", "c2"]
    history.close()


def test_stopping_closes_the_calls_left_open(tmp_path: Path) -> None:
    db = tmp_path / "history.sqlite3"
    history = History.open(db)
    ringing, talking, done = _ringing(1), _answered(_ringing(2)), _ringing(3)
    for change in (ringing, _ringing(2), talking, done, _ended(done, "missed")):
        history.record(change)
    before = time.time()
    assert history.close()
    rows = {r[0]: r for r in _rows(db)}
    assert rows["c1"][1:] == ("ended", STOPPED)
    assert rows["c2"][1:] == ("ended", STOPPED)
    assert rows["c3"][1:] == ("ended", "missed")
    with History.open(db) as again:
        by_id = {e.call_id: e for e in again.recent()}
    assert by_id["c1"].ended_at is not None and by_id["c1"].ended_at >= before
    assert by_id["c1"].duration is None  # never answered
    talked = by_id["c2"]
    assert talked.answered_at is not None and talked.duration is not None
    assert talked.duration == pytest.approx(talked.ended_at - talked.answered_at)  # type: ignore[operator]


def test_a_crash_leaves_no_call_ringing_after_the_next_start(tmp_path: Path) -> None:
    db = tmp_path / "history.sqlite3"
    crashed = History.open(db)
    crashed.record(_ringing(1))
    crashed.record(_answered(_ringing(2)))
    assert crashed.flush()
    # The process died: no close(). The next run closes them as last seen.
    reader = History.open(db)  # a reader (``mypbxdesk history``) writes nothing
    assert {e.reached for e in reader.recent()} == {"ringing", "answered"}
    reader.close()
    nxt = History.open(db)
    nxt.close_left_open()
    assert nxt.flush()
    by_id = {e.call_id: e for e in nxt.recent()}
    assert {e.outcome for e in by_id.values()} == {STOPPED}
    assert by_id["c1"].ended_at == T0 + 1  # its last change
    assert by_id["c2"].ended_at == T0 + 4 and by_id["c2"].duration == 0.0
    nxt.close()
    crashed.close()


@pytest.mark.expect_log("could not be written before the app stopped")
def test_stop_waits_a_bounded_time_for_a_locked_file(tmp_path: Path) -> None:
    db = tmp_path / "history.sqlite3"
    history = History.open(db)
    history.record(_ringing(0))
    assert history.flush()
    locker = _locker(db)
    history.record(_ringing(1))
    started = time.monotonic()
    assert history.close(timeout=0.3) is False
    assert time.monotonic() - started < 1.5
    locker.execute("ROLLBACK")
    locker.close()


def test_retention_is_queued_and_hidden_at_once(tmp_path: Path) -> None:
    db = tmp_path / "history.sqlite3"
    history = History.open(db)
    for n in range(5):
        history.record(_ended(_ringing(n), "missed"))
    assert history.flush()
    locker = _locker(db)
    history.record(_ringing(9))
    assert history.prune(T0 + 3) == 3
    assert [e.call_id for e in history.recent()] == ["c9", "c4", "c3"]
    assert history.recent_numbers(2) == ["13800000009", "13800000004"]
    locker.execute("ROLLBACK")
    locker.close()
    assert history.flush(10)
    assert [r[0] for r in _rows(db)] == ["c3", "c4", "c9"]
    history.close()


# -- the pure part: rows held until committed ---------------------------------------------
COLUMNS = ("call_id", "number", "name", "channel", "started_at", "via_kind", "via_label")


def test_pending_rows_merge_like_the_upsert_and_leave_when_committed() -> None:
    pending = PendingRows(COLUMNS)
    first = pending.add(("a", "470", "Alice", "SIP/1", 10.0, "queue", "Sales"))
    second = pending.add(("a", "", "", None, 10.0, None, None))
    stored = [("b", "471", "Bob", None, 5.0, None, None)]
    assert pending.recent(stored, 10) == [
        ("a", "470", "Alice", "SIP/1", 10.0, "queue", "Sales"),
        stored[0],
    ]
    first()  # the older write committed: the newer one still holds the row
    assert len(pending) == 1
    assert pending.known_name("470") == "Alice" and pending.numbers() == ["470"]
    second()
    assert len(pending) == 0 and pending.recent(stored, 10) is stored


def test_pending_prune_hides_stored_rows_until_committed() -> None:
    pending = PendingRows(COLUMNS)
    pending.add(("old", "1", "", None, 1.0, None, None))
    gone, committed = pending.hide_before(5.0)
    assert gone == {"old"}
    stored = [("x", "2", "", None, 4.0, None, None), ("y", "3", "", None, 6.0, None, None)]
    assert [r[0] for r in pending.recent(stored, 10)] == ["y"]
    committed()
    assert pending.hidden_before() is None


def test_the_history_file_is_private(tmp_path: Path) -> None:
    db = tmp_path / "history.sqlite3"
    with History.open(db) as history:
        history.record(_ringing(1))
        assert history.flush()
    assert _mode(db) == 0o600
    assert os.path.exists(db)


def test_memory_history_creates_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``History.open(":memory:")`` (tests, benchmarks) used to leave a file named
    ``:memory:`` in the current folder."""
    monkeypatch.chdir(tmp_path)
    history = History.open(":memory:")
    history.close()
    assert list(tmp_path.iterdir()) == []
