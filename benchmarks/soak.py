"""Soak: a day at the front desk, compressed — memory flat, history complete.

Issue 6: the simulated PBX at 200 events/s with a call for the user every few
seconds, for 24 hours. Compressed in time: the same event mix (a real 1.8 call,
58 events, replayed with other extensions) at ``--rate`` events/s (default 20,000:
100x), every ``--mine-every``-th call (default 10: one every ~2.9 s at 200/s)
rings extension 474. The default run is 150 s = 3,000,000 events, 4.2 hours of a
200 events/s PBX; ``--hours 24`` runs the full day (17.28 M events, 14.4 min).

Runs the app's ``PhoneService`` (client, keepalive, call model, SQLite history)
against ``benchmarks/stream_server.py`` in paced mode in another process, and
prints resident memory, the call model's size and the history's row count every
``--every`` seconds, then checks: every call for 474 rang once and ended once,
one history row each, nothing left live, RSS flat (last sample within 10 MB of
the first after warm-up).

The checks keep only the live calls' ids (a RINGING for a live id, or any other
change for an id that is not live, is a fault; with as many RINGINGs and ENDEDs
as calls and one history row per call id, every call rang and ended once), so
the benchmark's own memory does not grow with the calls: a ``Counter`` of every
call id cost ~125 bytes a call, 3.7 MB of the RSS growth of a 24 h run.

Memory diagnostics (for telling a leak from bounded growth):

* ``--internals``: at every sample also the sizes of the app's per-call and
  per-event containers (tracker, correlator, event queue, parser buffer),
  SQLite's own heap (``sqlite3_memory_used``) and WAL file, glibc malloc's
  in-use / free bytes and pymalloc's arenas;
* ``--tracemalloc``: traces Python allocations from the start, snapshots them
  after warm-up and at the end, and prints the 15 allocation sites that grew
  most in between (slower: lower ``--rate`` if the client cannot keep up).

    .venv/bin/python benchmarks/soak.py [--rate 20000] [--seconds 150 | --hours 24]
        [--warmup S] [--internals] [--tracemalloc]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import ctypes
import ctypes.util
import gc
import io
import logging
import os
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections import Counter
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from mypbxdesk.ami.message import Message  # noqa: E402
from mypbxdesk.calls import CallChange, CallEvent, History  # noqa: E402
from mypbxdesk.service.phone import PhoneService  # noqa: E402
from mypbxdesk.settings.config import Settings  # noqa: E402

BASE_RATE = 200.0  # events/s of the PBX being simulated


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


class _MallInfo2(ctypes.Structure):
    _fields_ = [
        (name, ctypes.c_size_t)
        for name in (
            "arena",
            "ordblks",
            "smblks",
            "hblks",
            "hblkhd",
            "usmblks",
            "fsmblks",
            "uordblks",
            "fordblks",
            "keepcost",
        )
    ]


def _lib(name: str) -> Any:
    path = ctypes.util.find_library(name)
    with contextlib.suppress(OSError):
        return ctypes.CDLL(path) if path else None
    return None


_LIBC = _lib("c")
_SQLITE = _lib("sqlite3")  # the library _sqlite3 already loaded: the same handle
if _SQLITE is not None:
    _SQLITE.sqlite3_memory_used.restype = ctypes.c_int64


def malloc_mb() -> tuple[float, float]:
    """glibc malloc: (bytes in use, bytes free but kept), MB; NaN elsewhere."""
    if _LIBC is None or not hasattr(_LIBC, "mallinfo2"):
        return float("nan"), float("nan")
    _LIBC.mallinfo2.restype = _MallInfo2
    info = _LIBC.mallinfo2()
    return (info.uordblks + info.hblkhd) / 2**20, info.fordblks / 2**20


def pymalloc_arenas() -> int:
    """pymalloc's arenas in use now (1 MiB each in 3.11), from ``sys._debugmallocstats``."""
    saved = os.dup(2)
    with tempfile.TemporaryFile() as out:
        os.dup2(out.fileno(), 2)
        try:
            sys._debugmallocstats()
        finally:
            os.dup2(saved, 2)
            os.close(saved)
        out.seek(0)
        text = io.TextIOWrapper(out, errors="replace").read()
    for line in text.splitlines():
        if line.startswith("# arenas allocated current"):
            return int(line.split("=")[1].replace(",", ""))
    return -1


def internals(service: PhoneService, history: History) -> dict[str, int | float]:
    """Sizes of the containers that could grow per call or per event, and memory by owner."""
    sizes: dict[str, int | float] = {}
    tracker = service.tracker
    for label, piece in vars(tracker).items():  # the call model's state pieces
        for slot in getattr(type(piece), "__slots__", ()):
            value = getattr(piece, slot, None)
            if isinstance(value, dict | list | set):
                sizes[f"{label.strip('_')}.{slot}"] = len(value)
    sizes["tasks"] = len(service._tasks)
    sizes["asyncio"] = len(asyncio.all_tasks())
    conn = service.client.connection
    if conn is not None:
        sizes.update(
            {
                "pending": len(conn.pending_actions()),
                "queue": conn.events_pending,
                "unparsed": conn.protocol.buffered,
            }
        )
    if _SQLITE is not None:
        sizes["sqlite MB"] = _SQLITE.sqlite3_memory_used() / 2**20
    wal = Path(f"{history.path}-wal")
    sizes["wal MB"] = wal.stat().st_size / 2**20 if wal.exists() else 0.0
    sizes["malloc MB"], sizes["free MB"] = malloc_mb()
    arenas = pymalloc_arenas()  # -1 while tracemalloc hooks the allocator
    if arenas >= 0:
        sizes["arenas"] = arenas
    if tracemalloc.is_tracing():
        sizes["traced MB"] = tracemalloc.get_traced_memory()[0] / 2**20
    return sizes


def print_growth(first: tracemalloc.Snapshot, last: tracemalloc.Snapshot) -> None:
    ignore = [
        tracemalloc.Filter(False, tracemalloc.__file__),
        tracemalloc.Filter(False, "<frozen importlib._bootstrap*>"),
    ]
    first, last = first.filter_traces(ignore), last.filter_traces(ignore)
    total = sum(s.size for s in last.statistics("filename")) - sum(
        s.size for s in first.statistics("filename")
    )
    print(
        f"tracemalloc: traced Python memory {total / 2**20:+.2f} MB between the snapshots; "
        "top 15 sites:"
    )
    for stat in last.compare_to(first, "lineno")[:15]:
        frame = stat.traceback[0]
        print(
            f"  {stat.size_diff / 1024:>+9.1f} KiB {stat.count_diff:>+8,} blocks  "
            f"{frame.filename.replace(str(HERE.parent) + os.sep, '')}:{frame.lineno}"
        )


async def soak(
    port: int,
    seconds: float,
    every: float,
    *,
    show_internals: bool = False,
    trace: bool = False,
    warmup: float | None = None,
) -> int:
    logging.getLogger("mypbxdesk").setLevel(logging.ERROR)
    tmp = tempfile.TemporaryDirectory()
    history = History.open(Path(tmp.name) / "history.sqlite3")
    service = PhoneService(
        Settings(host="127.0.0.1", port=port, username="bench", extension="474"),
        "x",
        history=history,
    )
    events = 0
    end: Message | None = None
    live_ids: set[str] = set()
    counts: Counter[str] = Counter()  # "rang", "ended" and faults, by kind

    def on_event(msg: Message) -> None:
        nonlocal end
        if msg.is_event("X-StreamEnd"):
            end = msg

    def on_change(change: CallChange) -> None:
        call_id = change.call.call_id
        if change.event is CallEvent.RINGING:
            counts["rang"] += 1
            if call_id in live_ids:
                counts["rang twice"] += 1
            live_ids.add(call_id)
        elif call_id not in live_ids:
            counts[f"{change.event.value} while not live"] += 1
        elif change.event is CallEvent.ENDED:
            counts["ended"] += 1
            live_ids.discard(call_id)

    def rows() -> int:
        return int(history._db.execute("SELECT COUNT(*) FROM calls").fetchone()[0])

    # Only the end marker: the app's own event filter stays on.
    service.client.subscribe(on_event, {"X-StreamEnd"})
    service.on_change(on_change)
    warm_at = min(30.0, seconds / 3) if warmup is None else warmup
    snapshots: list[tracemalloc.Snapshot] = []
    if trace:
        tracemalloc.start()
    service.start()
    t0 = time.monotonic()
    samples: list[tuple[float, float]] = []
    print(
        f"{'t (s)':>7}{'equiv. h':>10}{'events':>12}{'events/s':>10}{'RSS MB':>8}"
        f"{'live':>6}{'legs':>6}{'history':>9}",
        flush=True,
    )
    last_events, last_t = 0, t0
    try:
        while end is None and time.monotonic() - t0 < seconds + 120:
            await asyncio.sleep(every)
            now = time.monotonic()
            conn = service.client.connection
            if conn is not None:
                events = conn.messages_received - 3  # banner, Challenge and Login answers
            gc.collect()
            rss = rss_mb()
            samples.append((now - t0, rss))
            print(
                f"{now - t0:>7.0f}{events / BASE_RATE / 3600:>10.2f}{events:>12,}"
                f"{(events - last_events) / (now - last_t):>10,.0f}{rss:>8.1f}"
                f"{len(service.calls):>6}{service.tracker.followed:>6}{rows():>9,}",
                flush=True,
            )
            if show_internals:
                print(
                    "        "
                    + "  ".join(
                        f"{k} {v:.2f}" if isinstance(v, float) else f"{k} {v:,}"
                        for k, v in internals(service, history).items()
                    ),
                    flush=True,
                )
            if trace and not snapshots and now - t0 >= warm_at:
                snapshots.append(tracemalloc.take_snapshot())
            last_events, last_t = events, now
        assert end is not None, "the stream did not end in time"
        await asyncio.sleep(0.5)  # the last call's changes
        mine = int(end.get("MineCalls") or 0)
        streamed = int(end.get("Events") or 0)
        total_rows = rows()
        live = len(service.calls)
        if trace:
            gc.collect()
            snapshots.append(tracemalloc.take_snapshot())
            tracemalloc.stop()
        if show_internals:
            db = history._db
            pages = {
                k: int(db.execute(f"PRAGMA {k}").fetchone()[0])
                for k in ("cache_size", "page_size", "page_count")
            }
            size_mb = pages["page_count"] * pages["page_size"] / 2**20
            print(
                f"SQLite: cache_size {pages['cache_size']} (negative: KiB), page_size "
                f"{pages['page_size']}, database {size_mb:.1f} MB"
            )
    finally:
        await service.aclose()
        tmp.cleanup()
    if len(snapshots) == 2:
        print_growth(*snapshots)
    warm = [rss for t, rss in samples if t >= warm_at] or [samples[-1][1]]
    growth = warm[-1] - warm[0]
    print(
        f"streamed {streamed:,} events = {streamed / BASE_RATE / 3600:.1f} h at "
        f"{BASE_RATE:.0f} events/s, {mine:,} calls for 474 "
        f"(one every {streamed / max(mine, 1) / BASE_RATE:.1f} s at that rate)"
    )
    faults = {k: v for k, v in counts.items() if k not in ("rang", "ended")}
    print(
        f"calls rang {counts['rang']:,}, ended {counts['ended']:,}, "
        f"faults {faults or 'none'}, "
        f"history rows {total_rows:,}, still live {live}"
    )
    print(
        f"RSS after warm-up {warm[0]:.1f} MB -> end {warm[-1]:.1f} MB ({growth:+.1f} MB); "
        f"min {min(warm):.1f}, max {max(warm):.1f}"
    )
    checks = {
        "every call rang once": counts["rang"] == mine and not faults and total_rows == mine,
        "every call ended once": counts["ended"] == mine and not faults and not live_ids,
        "history complete": total_rows == mine,
        "nothing left live": live == 0,
        "all events arrived": events == streamed + 1,
        "memory flat (within 10 MB)": abs(growth) <= 10.0,
    }
    failed = [k for k, ok in checks.items() if not ok]
    print("checks: " + ("all passed" if not failed else "FAILED: " + ", ".join(failed)))
    return 1 if failed else 0


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--rate", type=float, default=20_000.0)
    p.add_argument("--seconds", type=float, default=150.0)
    p.add_argument(
        "--hours",
        type=float,
        default=None,
        help="equivalent hours at 200 events/s (overrides --seconds)",
    )
    p.add_argument("--mine-every", type=int, default=10)
    p.add_argument("--every", type=float, default=10.0, help="seconds between samples")
    p.add_argument(
        "--warmup",
        type=float,
        default=None,
        help="seconds before the first sample that counts (default: 30, or a "
        "third of a shorter run)",
    )
    p.add_argument(
        "--internals",
        action="store_true",
        help="also print container sizes and memory by owner at every sample",
    )
    p.add_argument(
        "--tracemalloc",
        action="store_true",
        help="print the allocation sites that grew between warm-up and the end",
    )
    args = p.parse_args()
    seconds = args.hours * 3600 * BASE_RATE / args.rate if args.hours else args.seconds
    proc = subprocess.Popen(
        [
            sys.executable,
            str(HERE / "stream_server.py"),
            "--rate",
            str(args.rate),
            "--seconds",
            str(seconds),
            "--mine-every",
            str(args.mine_every),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    try:
        port = int(proc.stdout.readline().split()[1])
        code = asyncio.run(
            soak(
                port,
                seconds,
                args.every,
                show_internals=args.internals,
                trace=args.tracemalloc,
                warmup=args.warmup,
            )
        )
    finally:
        proc.kill()
        proc.wait()
    sys.exit(code)


if __name__ == "__main__":
    main()
