"""Screen-pop latency under load: last byte of the ringing event → pop on screen.

Issue 6: with 10,000 events/s of other traffic (a real 1.8 call replayed with other
extensions, from a separate process), extension 474 rings every ``--interval``
seconds. The server takes ``time.time()`` just before it writes the last byte of the
Dial Begin that makes 474 ring and sends it right after (``Event: X-Stamp``); the app
— PhoneService, PbxBridge (with its AMI wire log), PopManager, on a qasync loop with
the offscreen Qt platform — notes ``time.time()`` when ``pop_opened`` fires and the
pop ``isVisible()``. Printed: p50/p90/p99/max over all pops.

Compared with the same app with dispatch batching disabled (``dispatch_batch`` huge:
every queued event is handled before Qt gets the loop back, as panoramisk does by
dispatching inline from ``data_received``), labelled "inline dispatch (panoramisk-style)".

    .venv/bin/python benchmarks/pop_latency.py [--seconds 45] [--rate 10000] [--interval 0.5]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

MODES = {"batched": 200, "inline": 10**9}
LABELS = {
    "batched": "mypbxdesk (dispatch batches of 200)",
    "inline": "inline dispatch (panoramisk-style)",
}


async def measure(port: int, batch: int, seconds: float) -> dict[str, object]:
    from mypbxdesk.ami.message import Message
    from mypbxdesk.calls import History
    from mypbxdesk.driver.client import AmiClient
    from mypbxdesk.service.phone import PhoneService, ami_options
    from mypbxdesk.settings.config import Settings
    from mypbxdesk.ui.bridge import PbxBridge
    from mypbxdesk.ui.screenpop import PopManager

    logging.getLogger("mypbxdesk").setLevel(logging.ERROR)
    tmp = tempfile.TemporaryDirectory()
    settings = Settings(host="127.0.0.1", port=port, username="bench", extension="474")
    client = AmiClient(replace(ami_options(settings, "x"), dispatch_batch=batch))
    service = PhoneService(
        settings, "x", history=History.open(Path(tmp.name) / "h.sqlite3"), client=client
    )
    bridge = PbxBridge(service, config_path=Path(tmp.name) / "config.toml")
    manager = PopManager(bridge, close_delay=0.2)
    stamps: list[float] = []
    pops: list[float] = []
    invisible = 0
    done = asyncio.get_running_loop().create_future()

    def on_pop(call_id: str) -> None:
        nonlocal invisible
        now = time.time()
        pop = manager.pop_for(call_id)
        if pop is None or not pop.isVisible():
            invisible += 1
        pops.append(now)

    def on_event(msg: Message) -> None:
        if msg.is_event("X-Stamp"):
            stamps.append(float(msg.get("Sent") or "nan"))
        elif msg.is_event("X-StreamEnd") and not done.done():
            done.set_result(None)

    manager.pop_opened.connect(on_pop)
    # Only the markers: the app's own event filter stays on (CallTracker.wanted_events).
    client.subscribe(on_event, {"X-Stamp", "X-StreamEnd"})
    service.start()
    t0 = time.monotonic()
    await asyncio.wait_for(done, seconds + 120)
    elapsed = time.monotonic() - t0
    conn = client.connection
    events = conn.messages_received if conn is not None else 0
    await asyncio.sleep(0.3)
    manager.close_all()
    await bridge.aclose()
    tmp.cleanup()
    n = min(len(stamps), len(pops))
    latencies = [(p - s) * 1000 for s, p in zip(stamps[:n], pops[:n], strict=True)]
    return {
        "latencies_ms": latencies,
        "stamps": len(stamps),
        "pops": len(pops),
        "invisible": invisible,
        "events": events,
        "seconds": elapsed,
    }


def child(mode: str, port: int, seconds: float) -> None:
    import qasync
    from PySide6.QtWidgets import QApplication

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication([])
    app.setQuitOnLastWindowClosed(False)
    with asyncio.Runner(loop_factory=lambda: qasync.QEventLoop(app)) as runner:
        result = runner.run(measure(port, MODES[mode], seconds))
    print("RESULT " + json.dumps(result), flush=True)


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--seconds", type=float, default=45.0)
    p.add_argument("--rate", type=float, default=10_000.0)
    p.add_argument("--interval", type=float, default=0.5)
    p.add_argument("--mode", choices=["both", *MODES], default="both")
    p.add_argument("--child", choices=list(MODES), help=argparse.SUPPRESS)
    p.add_argument("--port", type=int, help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.child:
        child(args.child, args.port, args.seconds)
        return
    print(
        f"Screen-pop latency: {args.rate:,.0f} events/s of other traffic, 474 rings every "
        f"{args.interval:g} s, {args.seconds:g} s per run (offscreen Qt, qasync)"
    )
    print(f"{'':38}{'pops':>6}{'p50 ms':>9}{'p90 ms':>9}{'p99 ms':>9}{'max ms':>9}{'events/s':>10}")
    failed = False
    for mode in MODES if args.mode == "both" else [args.mode]:
        server = subprocess.Popen(
            [
                sys.executable,
                str(HERE / "stream_server.py"),
                "--rate",
                str(args.rate),
                "--seconds",
                str(args.seconds),
                "--mine-interval",
                str(args.interval),
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert server.stdout is not None
        try:
            port = int(server.stdout.readline().split()[1])
            out = subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--child",
                    mode,
                    "--port",
                    str(port),
                    "--seconds",
                    str(args.seconds),
                ],
                capture_output=True,
                text=True,
                timeout=args.seconds + 180,
                check=True,
            )
        finally:
            server.kill()
            server.wait()
        line = next(x for x in out.stdout.splitlines() if x.startswith("RESULT "))
        r = json.loads(line[7:])
        lat: list[float] = r["latencies_ms"]
        ok = r["stamps"] == r["pops"] and not r["invisible"] and bool(lat)
        failed |= not ok
        print(
            f"{LABELS[mode]:38}{len(lat):>6}{statistics.median(lat):>9.1f}"
            f"{pct(lat, 0.90):>9.1f}{pct(lat, 0.99):>9.1f}{max(lat):>9.1f}"
            f"{r['events'] / r['seconds']:>10,.0f}"
            + (
                ""
                if ok
                else f"  MISMATCH stamps={r['stamps']} pops={r['pops']} invisible={r['invisible']}"
            )
        )
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
