"""Load: 1,000,000 real 1.8 events at the fastest rate loopback allows, 1% for the user.

Issue 6: every call for extension 474 is reported exactly once (one RINGING, one
ENDED, one history row), resident memory after the run is within 10 MB of before,
and no asyncio task or object is left behind (counted).

mypbxdesk: the app's own stack, ``PhoneService`` (AmiClient with reconnect and
keepalive, AmiConnection, CallTracker, the SQLite history) — exactly what the
desktop app runs, minus Qt.

panoramisk 1.4 (the named alternative): the same stream into a
``register_event('*')`` callback that counts Dial Begins to ``SIP/474-`` and the
Hangups of ``SIP/474-`` channels — no call model, no history.

Each client runs in its own fresh process (so RSS figures are its own), against
``benchmarks/stream_server.py`` in a third process.

    .venv/bin/python benchmarks/load.py [--events 1000000] [--impl both|ours|panoramisk]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import ctypes
import gc
import json
import logging
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from parse import start_server, stream_into_panoramisk  # noqa: E402
from stream_server import call_blocks  # noqa: E402

MINE_EVERY = 100  # event_mix: every 100th call is for 474 (1%)
TIMEOUT = 600.0


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def expected_counts(total: int) -> tuple[int, int]:
    """(events, complete calls for 474) that ``event_mix(total, 0.01)`` streams."""
    per_call = len(call_blocks())
    calls = max(1, total // per_call)
    mine = 0
    for i in range(calls + 1):
        if i % MINE_EVERY == 0 and (i + 1) * per_call <= total:
            mine += 1
    return total, mine


def peak_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _snapshot() -> dict[str, float]:
    """RSS, tasks and objects after a full collection and after handing freed heap
    back to the OS (glibc ``malloc_trim``): what is *held*, not the allocator's
    high-water mark."""
    gc.collect()
    rss_gc = rss_mb()
    with contextlib.suppress(OSError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    return {
        "rss_mb": rss_mb(),
        "rss_gc_mb": rss_gc,
        "peak_mb": peak_mb(),
        "tasks": len(asyncio.all_tasks()),
        "objects": len(gc.get_objects()),
    }


async def run_ours(port: int, total: int) -> dict[str, object]:
    from mypbxdesk.calls import CallChange, CallEvent, History
    from mypbxdesk.service.phone import PhoneService
    from mypbxdesk.settings.config import Settings

    logging.getLogger("mypbxdesk").setLevel(logging.ERROR)
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(host="127.0.0.1", port=port, username="bench", extension="474")
        before = _snapshot()
        history = History.open(Path(tmp) / "history.sqlite3")
        service = PhoneService(settings, "x", history=history)
        rang: Counter[str] = Counter()
        ended: Counter[str] = Counter()

        def on_change(change: CallChange) -> None:
            if change.event is CallEvent.RINGING:
                rang[change.call.call_id] += 1
            elif change.event is CallEvent.ENDED:
                ended[change.call.call_id] += 1

        drops: list[str] = []
        service.on_status(
            lambda st: drops.append(st.detail) if st.state.value == "reconnect-wait" else None
        )
        service.on_change(on_change)
        t0 = time.perf_counter()
        service.start()
        # Done when every event was framed (+ banner, Challenge and Login answers)
        # and every wanted one handled: most never reach a subscriber.
        async with asyncio.timeout(TIMEOUT):
            while True:
                conn = service.client.connection
                if (
                    conn is not None
                    and conn.messages_received >= total + 3
                    and not conn.events_pending
                ):
                    break
                await asyncio.sleep(0.001)
        count = conn.messages_received - 3
        t1 = time.perf_counter()
        live = len(service.calls)
        # The history is written off the loop: what is on disk once its writer caught up.
        assert await asyncio.to_thread(history.flush, 10.0), "history writer stuck"
        rows = history._db.execute("SELECT COUNT(*) FROM calls").fetchone()[0]
        await service.aclose()
        del service, history
        after = _snapshot()
    return {
        "impl": "mypbxdesk",
        "events": count,
        "seconds": t1 - t0,
        "calls_rang": len(rang),
        "rang_twice": sum(1 for v in rang.values() if v != 1),
        "ended": len(ended),
        "ended_twice": sum(1 for v in ended.values() if v != 1),
        "still_live": live,
        "history_rows": rows,
        "before": before,
        "after": after,
        "drops": drops,
    }


async def run_panoramisk(port: int, total: int) -> dict[str, object]:
    before = _snapshot()
    rang = ended = 0

    def on_event(event: dict[str, str]) -> None:
        nonlocal rang, ended
        name = event.get("Event")
        if (
            name == "Dial"
            and event.get("SubEvent") == "Begin"
            and event.get("Destination", "").startswith("SIP/474-")
        ):
            rang += 1
        elif name == "Hangup" and event.get("Channel", "").startswith("SIP/474-"):
            ended += 1

    seconds = await stream_into_panoramisk(port, total, on_event, timeout=TIMEOUT)
    count = total
    await asyncio.sleep(0.1)
    after = _snapshot()
    return {
        "impl": "panoramisk",
        "events": count,
        "seconds": seconds,
        "calls_rang": rang,
        "rang_twice": 0,
        "ended": ended,
        "ended_twice": 0,
        "still_live": 0,
        "history_rows": 0,
        "before": before,
        "after": after,
        "drops": [],
    }


def child(impl: str, total: int) -> None:
    proc, port = start_server(total, 1 / MINE_EVERY)
    try:
        runner = run_ours if impl == "ours" else run_panoramisk
        result = asyncio.run(runner(port, total))
    finally:
        proc.kill()
        proc.wait()
    print("RESULT " + json.dumps(result), flush=True)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--events", type=int, default=1_000_000)
    p.add_argument("--impl", choices=["both", "ours", "panoramisk"], default="both")
    p.add_argument("--child", choices=["ours", "panoramisk"], help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.child:
        child(args.child, args.events)
        return
    total, mine = expected_counts(args.events)
    impls = ["ours", "panoramisk"] if args.impl == "both" else [args.impl]
    results = []
    for impl in impls:
        out = subprocess.run(
            [sys.executable, __file__, "--child", impl, "--events", str(args.events)],
            capture_output=True,
            text=True,
            timeout=TIMEOUT + 60,
            check=True,
        )
        line = next(x for x in out.stdout.splitlines() if x.startswith("RESULT "))
        results.append(json.loads(line[7:]))
    print(
        f"Load: {total:,} real 1.8 events from a separate process over loopback, "
        f"{mine} complete calls for extension 474 (1%)"
    )
    print(
        f"{'':28}{'events/s':>10}{'rang':>7}{'ended':>7}{'twice':>7}{'history':>9}"
        f"{'RSS before':>12}{'RSS after':>11}{'Δ RSS':>8}{'peak':>8}{'tasks':>9}"
        f"{'Δ objects':>11}"
    )
    failures = []
    for r in results:
        b, a = r["before"], r["after"]
        d_rss = a["rss_mb"] - b["rss_mb"]
        label = (
            "mypbxdesk (PhoneService)" if r["impl"] == "mypbxdesk" else "panoramisk (Dial filter)"
        )
        print(
            f"{label:28}{r['events'] / r['seconds']:>10,.0f}{r['calls_rang']:>7}"
            f"{r['ended']:>7}{r['rang_twice'] + r['ended_twice']:>7}{r['history_rows']:>9}"
            f"{b['rss_mb']:>9.1f} MB{a['rss_mb']:>8.1f} MB{d_rss:>+8.1f}{a['peak_mb']:>8.0f}"
            f"{b['tasks']:>4.0f}->{a['tasks']:<4.0f}{a['objects'] - b['objects']:>+11,.0f}"
        )
        for why in r["drops"]:
            print(f"  the session dropped: {why}")
        if r["impl"] == "mypbxdesk":
            checks = {
                "one session, never dropped": not r["drops"],
                "every call for 474 reported": r["calls_rang"] == mine == r["ended"],
                "none twice": r["rang_twice"] == r["ended_twice"] == 0,
                "history complete": r["history_rows"] == mine,
                "nothing left ringing": r["still_live"] == 0,
                "RSS within 10 MB": d_rss <= 10.0,
                "no task leak": a["tasks"] <= b["tasks"],
                "no object leak (< 1000 more objects)": a["objects"] - b["objects"] < 1000,
            }
            failures += [k for k, ok in checks.items() if not ok]
    print("checks: " + ("all passed" if not failures else "FAILED: " + ", ".join(failures)))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
