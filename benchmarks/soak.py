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

    .venv/bin/python benchmarks/soak.py [--rate 20000] [--seconds 150 | --hours 24]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import logging
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from mypbxdesk.ami.message import Message  # noqa: E402
from mypbxdesk.calls import CallChange, CallEvent, History  # noqa: E402
from mypbxdesk.config import Settings  # noqa: E402
from mypbxdesk.service import PhoneService  # noqa: E402

BASE_RATE = 200.0  # events/s of the PBX being simulated


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def soak(port: int, seconds: float, every: float) -> int:
    logging.getLogger("mypbxdesk").setLevel(logging.ERROR)
    tmp = tempfile.TemporaryDirectory()
    history = History.open(Path(tmp.name) / "history.sqlite3")
    service = PhoneService(Settings(host="127.0.0.1", port=port, username="bench",
                                    extension="474"), "x", history=history)
    events = 0
    end: Message | None = None
    rang: Counter[str] = Counter()
    ended: Counter[str] = Counter()

    def on_event(msg: Message) -> None:
        nonlocal events, end
        events += 1
        if msg.is_event("X-StreamEnd"):
            end = msg

    def on_change(change: CallChange) -> None:
        (rang if change.event is CallEvent.RINGING else ended if change.event
         is CallEvent.ENDED else Counter())[change.call.call_id] += 1

    def rows() -> int:
        return int(history._db.execute("SELECT COUNT(*) FROM calls").fetchone()[0])

    service.client.subscribe(on_event)
    service.on_change(on_change)
    service.start()
    t0 = time.monotonic()
    samples: list[tuple[float, float]] = []
    print(f"{'t (s)':>7}{'equiv. h':>10}{'events':>12}{'events/s':>10}{'RSS MB':>8}"
          f"{'live':>6}{'legs':>6}{'history':>9}", flush=True)
    last_events, last_t = 0, t0
    try:
        while end is None and time.monotonic() - t0 < seconds + 120:
            await asyncio.sleep(every)
            now = time.monotonic()
            gc.collect()
            rss = rss_mb()
            samples.append((now - t0, rss))
            print(f"{now - t0:>7.0f}{events / BASE_RATE / 3600:>10.2f}{events:>12,}"
                  f"{(events - last_events) / (now - last_t):>10,.0f}{rss:>8.1f}"
                  f"{len(service.calls):>6}{service.tracker.followed:>6}{rows():>9,}",
                  flush=True)
            last_events, last_t = events, now
        assert end is not None, "the stream did not end in time"
        await asyncio.sleep(0.5)  # the last call's changes
        mine = int(end.get("MineCalls") or 0)
        streamed = int(end.get("Events") or 0)
        total_rows = rows()
        live = len(service.calls)
    finally:
        await service.aclose()
        tmp.cleanup()
    warm = [rss for t, rss in samples if t >= min(30.0, seconds / 3)] or [samples[-1][1]]
    growth = warm[-1] - warm[0]
    print(f"streamed {streamed:,} events = {streamed / BASE_RATE / 3600:.1f} h at "
          f"{BASE_RATE:.0f} events/s, {mine:,} calls for 474 "
          f"(one every {streamed / max(mine, 1) / BASE_RATE:.1f} s at that rate)")
    print(f"calls rang {len(rang):,} (twice: {sum(v != 1 for v in rang.values())}), "
          f"ended {len(ended):,} (twice: {sum(v != 1 for v in ended.values())}), "
          f"history rows {total_rows:,}, still live {live}")
    print(f"RSS after warm-up {warm[0]:.1f} MB -> end {warm[-1]:.1f} MB ({growth:+.1f} MB); "
          f"min {min(warm):.1f}, max {max(warm):.1f}")
    checks = {
        "every call rang once": len(rang) == mine and all(v == 1 for v in rang.values()),
        "every call ended once": len(ended) == mine and all(v == 1 for v in ended.values()),
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
    p.add_argument("--hours", type=float, default=None,
                   help="equivalent hours at 200 events/s (overrides --seconds)")
    p.add_argument("--mine-every", type=int, default=10)
    p.add_argument("--every", type=float, default=10.0, help="seconds between samples")
    args = p.parse_args()
    seconds = args.hours * 3600 * BASE_RATE / args.rate if args.hours else args.seconds
    proc = subprocess.Popen(
        [sys.executable, str(HERE / "stream_server.py"), "--rate", str(args.rate),
         "--seconds", str(seconds), "--mine-every", str(args.mine_every)],
        stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    try:
        port = int(proc.stdout.readline().split()[1])
        code = asyncio.run(soak(port, seconds, args.every))
    finally:
        proc.kill()
        proc.wait()
    sys.exit(code)


if __name__ == "__main__":
    main()
