"""Call history writes: a burst of calls, and the event loop while the file is locked.

Issue 12 item 3. The history used to commit every call change on the asyncio
loop (``synchronous=FULL``: an fsync each), and a file locked by another process
held the loop for the whole ``busy_timeout`` (3 s) per change. Now
``History.record`` queues the row and one writer thread commits what waits in
batches (``mypbxdesk/calls/historywriter.py``).

1. Burst: the recorded 1.8 call (470 -> 474, answered) copied ``--calls`` times
   with fresh ids, through ``CallTracker`` and the history:
   * "synchronous (old)": each change committed on the calling thread, as before
     (reproduced inline below: ``OldHistory``);
   * "writer thread (new)": ``History.record``; timed until the loop is free and
     until everything is on disk (``flush``).
2. Locked: another connection holds ``BEGIN EXCLUSIVE``; an asyncio timer asks to
   wake every 10 ms while a call change is recorded on each tick; printed: how late
   the timer fired (p50/p99/max). The old way is measured on a few changes only
   (each costs the whole busy timeout).

    .venv/bin/python benchmarks/history.py [--calls 2000] [--locked-seconds 3]
"""

from __future__ import annotations

import argparse
import asyncio
import re
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from mypbxdesk.ami import CLOSED, NEED_DATA, Banner, Message, Parser  # noqa: E402
from mypbxdesk.calls import UNKNOWN_NAME, CallChange, CallTracker, History, MyPhone  # noqa: E402
from mypbxdesk.calls.history import _UPSERT  # noqa: E402

CAPTURE = HERE.parent / "tests/data/captures18/3-call-470-to-474-answered.from-pbx.raw"


def burst(calls: int) -> list[Message]:
    """The capture's messages, ``calls`` times, each copy with its own ids and channels."""
    raw = CAPTURE.read_bytes()
    banner, _sep, body = raw.partition(b"\r\n")
    out: list[Message] = []
    parser = Parser(expect_banner=True)
    parser.feed(banner + b"\r\n")
    for k in range(calls):

        def uniqueid(m: re.Match[bytes], k: int = k) -> bytes:
            return b"%d.%s" % (int(m[1]) + k, m[2])

        def channel(m: re.Match[bytes], k: int = k) -> bytes:
            return b"-%08x" % (int(m[1], 16) + 16 * k)

        copy = re.sub(rb"(\d{10})\.(\d+)", uniqueid, body)
        copy = re.sub(rb"-([0-9a-f]{8})\b", channel, copy)
        parser.feed(copy)
        while (item := parser.next()) is not NEED_DATA and item is not CLOSED:
            if isinstance(item, Message):
                out.append(item)
            else:
                assert isinstance(item, Banner)
    return out


class OldHistory:
    """The way it was: every change committed where ``record`` is called."""

    def __init__(self, path: Path) -> None:
        History.open(path).close()  # the schema
        self.db = sqlite3.connect(str(path), timeout=3.0, isolation_level=None)
        self.db.execute("PRAGMA busy_timeout=3000")
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=FULL")

    def record(self, change: CallChange) -> bool:
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
        try:
            self.db.execute(_UPSERT, values)
        except sqlite3.Error:
            return False
        return True

    def close(self) -> None:
        self.db.close()


class NoHistory:
    """The floor: the tracker alone."""

    def record(self, change: CallChange) -> bool:
        return True


def run_burst(
    messages: list[Message], history: History | OldHistory | NoHistory
) -> tuple[float, int]:
    tracker = CallTracker(MyPhone("474"))
    started = time.perf_counter()
    changes = 0
    for msg in messages:
        for change in tracker.apply(msg):
            history.record(change)
            changes += 1
    return time.perf_counter() - started, changes


def count(path: Path) -> int:
    raw = sqlite3.connect(path)
    try:
        return int(raw.execute("SELECT COUNT(*) FROM calls").fetchone()[0])
    finally:
        raw.close()


def lag_while_locked(history: History | OldHistory, seconds: float, path: Path) -> list[float]:
    locker = sqlite3.connect(path, isolation_level=None)
    locker.execute("BEGIN EXCLUSIVE")
    tracker = CallTracker(MyPhone("474"))
    changes = [c for m in burst(200) for c in tracker.apply(m)]
    lags: list[float] = []

    async def main() -> None:
        loop = asyncio.get_running_loop()
        end = loop.time() + seconds
        i = 0
        while loop.time() < end and i < len(changes):
            due = loop.time() + 0.01
            history.record(changes[i])
            i += 1
            await asyncio.sleep(0.01)
            lags.append(loop.time() - due)

    try:
        asyncio.run(main())
    finally:
        locker.execute("ROLLBACK")
        locker.close()
    return lags


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--locked-seconds", type=float, default=3.0)
    args = parser.parse_args()
    messages = burst(args.calls)
    with tempfile.TemporaryDirectory(prefix="mypbxdesk-bench-") as tmp:
        base = Path(tmp)
        tracker_only, changes = run_burst(messages, NoHistory())
        old = OldHistory(base / "old.sqlite3")
        old_s, _ = run_burst(messages, old)
        old.close()
        new = History.open(base / "new.sqlite3")
        new_loop_s, _ = run_burst(messages, new)
        t = time.perf_counter()
        assert new.flush(60)
        new_disk_s = new_loop_s + time.perf_counter() - t
        new.close()
        assert count(base / "old.sqlite3") == count(base / "new.sqlite3") == args.calls
        print(f"burst: {args.calls} calls, {changes} call changes, tracker + history")
        print(f"  tracker alone (floor)                {tracker_only:7.3f} s")
        print(f"  synchronous (old)                    {old_s:7.3f} s on the loop")
        print(
            f"  writer thread (new)                  {new_loop_s:7.3f} s on the loop, "
            f"{new_disk_s:.3f} s until all on disk"
        )

        print(f"loop lag while another process holds the file locked ({args.locked_seconds:g} s)")
        path = base / "locked.sqlite3"
        new = History.open(path)
        new.close_left_open()
        assert new.flush()
        lags = lag_while_locked(new, args.locked_seconds, path)
        assert new.flush(30)
        written = count(path)
        new.close()
        print(
            f"  writer thread (new)  {len(lags)} changes: timer late p50 "
            f"{statistics.median(lags) * 1000:.1f} ms, p99 {pct(lags, 0.99) * 1000:.1f} ms, "
            f"max {max(lags) * 1000:.1f} ms; {written} calls on disk after the unlock"
        )
        old = OldHistory(base / "locked-old.sqlite3")
        lags = lag_while_locked(old, 3 * 0.01, base / "locked-old.sqlite3")
        old.close()
        print(
            f"  synchronous (old)    {len(lags)} changes: timer late p50 "
            f"{statistics.median(lags) * 1000:.0f} ms, max {max(lags) * 1000:.0f} ms "
            "(and the changes are lost)"
        )


if __name__ == "__main__":
    main()
