"""The console's figures: resync after a reconnect, BLF latency under load, memory.

1. **Resync with 200 extensions** (Asterisk 1.8 / MyPBX: no ExtensionStateList,
   so one ``ExtensionState`` per extension): from the client's start to the
   console's state loaded (extensions, names, every line, parking, queues,
   mailbox). mypbxdesk sends the 200 look-ups at once; the alternative is
   panoramisk 1.4 doing the usual ``await manager.send_action(...)`` per
   extension, one after the other.
2. **BLF latency under 10,000 events/s of other traffic**: from the last byte
   of an ``ExtensionStatus`` leaving the server to the console model's change
   (PresenceChange), against panoramisk's ``ExtensionStatus`` callback (no
   model at all).
3. **Memory for 500 extensions**: what the console's presence state costs
   (tracemalloc), after a resync of 500 lines with names and 1,000 live
   channels, against keeping the last raw ``ExtensionStatus`` dict per
   extension (the panoramisk way).

    .venv/bin/pip install -e '.[bench]'
    .venv/bin/python benchmarks/console.py [--extensions 200] [--seconds 20]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import logging
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from mypbxdesk.ami import Message  # noqa: E402
from mypbxdesk.console import PresenceBook, PresenceChange  # noqa: E402
from mypbxdesk.driver.client import ConnectionState  # noqa: E402
from mypbxdesk.service.console import ConsoleService  # noqa: E402
from mypbxdesk.service.phone import PhoneService  # noqa: E402
from mypbxdesk.settings.config import Settings  # noqa: E402


def start_server(*args: str) -> tuple[subprocess.Popen[str], int]:
    proc = subprocess.Popen(
        [sys.executable, str(HERE / "console_server.py"), *args], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    if not line.startswith("PORT "):
        proc.kill()
        raise RuntimeError(f"console server did not start: {line!r}")
    return proc, int(line.split()[1])


# -- 1. resync ----------------------------------------------------------------------------
async def resync_ours(port: int) -> float:
    settings = Settings(host="127.0.0.1", port=port, username="bench", extension="1000")
    phone = PhoneService(settings, "x")
    console = ConsoleService(phone)
    t0 = time.perf_counter()
    phone.start()
    await phone.client.wait_ready(60)
    await console.wait_resynced(60)
    took = time.perf_counter() - t0
    assert len(console.presence.colleagues) >= 200, len(console.presence.colleagues)
    assert phone.status.state is ConnectionState.CONNECTED
    await phone.aclose()
    return took


async def resync_panoramisk(port: int, extensions: int) -> float:
    from panoramisk import Manager  # type: ignore[import-not-found]

    logging.getLogger("panoramisk").setLevel(logging.ERROR)
    manager = Manager(
        loop=asyncio.get_running_loop(),
        host="127.0.0.1",
        port=port,
        username="bench",
        secret="x",
        ping_delay=600,
        reconnect_timeout=600,
    )
    t0 = time.perf_counter()
    await manager.connect()
    await manager.send_action({"Action": "SIPpeers"})
    states = {}
    for i in range(extensions):  # one after the other, as the examples do
        ext = str(1000 + i)
        reply = await manager.send_action(
            {"Action": "ExtensionState", "Exten": ext, "Context": f"DLPN_DialPlan{ext}"}
        )
        states[ext] = reply.get("Status")
    took = time.perf_counter() - t0
    assert len(states) == extensions
    manager.close()
    return took


# -- 2. BLF latency ---------------------------------------------------------------------------
async def latency_ours(port: int) -> list[float]:
    settings = Settings(host="127.0.0.1", port=port, username="bench", extension="1000")
    phone = PhoneService(settings, "x")
    console = ConsoleService(phone)
    seen: list[float] = []
    stamps: list[float] = []
    end = asyncio.get_running_loop().create_future()

    def on_presence(change: PresenceChange) -> None:
        if change.previous is not change.state:  # every flip changes a line's state
            seen.append(time.time())

    def on_marker(msg: Message) -> None:
        if msg.is_event("X-Stamp"):
            stamps.append(float(msg.get("Sent") or "nan"))
        elif msg.is_event("X-StreamEnd") and not end.done():
            end.set_result(None)

    console.on_presence(on_presence)
    phone.client.subscribe(on_marker, {"X-Stamp", "X-StreamEnd"})
    phone.start()
    await console.wait_resynced(60)
    seen.clear()
    await asyncio.wait_for(end, 600)
    await phone.aclose()
    n = min(len(seen), len(stamps))
    return [(s - t) * 1000 for s, t in zip(seen[:n], stamps[:n], strict=True)]


async def latency_panoramisk(port: int) -> list[float]:
    from panoramisk import Manager

    logging.getLogger("panoramisk").setLevel(logging.ERROR)
    loop = asyncio.get_running_loop()
    seen: list[float] = []
    stamps: list[float] = []
    end = loop.create_future()

    def on_status(_manager: object, _event: object) -> None:
        seen.append(time.time())

    def on_stamp(_manager: object, event: dict[str, str]) -> None:
        stamps.append(float(event.get("Sent") or "nan"))

    def on_end(_manager: object, _event: object) -> None:
        if not end.done():
            end.set_result(None)

    manager = Manager(
        loop=loop,
        host="127.0.0.1",
        port=port,
        username="bench",
        secret="x",
        ping_delay=600,
        reconnect_timeout=600,
    )
    manager.register_event("ExtensionStatus", on_status)
    manager.register_event("X-Stamp", on_stamp)
    manager.register_event("X-StreamEnd", on_end)
    await manager.connect()
    await asyncio.wait_for(end, 600)
    manager.close()
    n = min(len(seen), len(stamps))
    return [(s - t) * 1000 for s, t in zip(seen[:n], stamps[:n], strict=True)]


# -- 3. memory ----------------------------------------------------------------------------------
def memory(extensions: int) -> tuple[float, float]:
    """KiB for the presence state of ``extensions`` lines (ours, and raw dicts)."""
    items = [
        Message(
            [
                ("Response", "Success"),
                ("Message", "Extension Status"),
                ("Exten", str(1000 + i)),
                ("Context", "hints"),
                ("Hint", f"SIP/{1000 + i}"),
                ("Status", "1" if i % 3 else "0"),
            ]
        )
        for i in range(extensions)
    ]
    names = {str(1000 + i): f"Colleague {1000 + i}" for i in range(extensions)}
    calls = [
        Message(
            [
                ("Event", "Newchannel"),
                ("Channel", f"SIP/{1000 + i % extensions}-{i:08x}"),
                ("ChannelState", "6"),
                ("ChannelStateDesc", "Up"),
                ("CallerIDNum", str(1000 + i)),
                ("CallerIDName", f"Caller {i}"),
                ("Uniqueid", f"1796.{i}"),
            ]
        )
        for i in range(2 * extensions)
    ]
    gc.collect()
    tracemalloc.start()
    base = tracemalloc.take_snapshot()
    book = PresenceBook(time.time)
    book.resync(items)
    book.set_names(names)
    for msg in calls:
        book.apply(msg)
    gc.collect()
    ours = sum(s.size_diff for s in tracemalloc.take_snapshot().compare_to(base, "filename"))
    tracemalloc.stop()
    gc.collect()
    tracemalloc.start()
    base = tracemalloc.take_snapshot()
    raw = {m["Exten"]: dict(m.headers) for m in items}  # the last message per extension
    for msg in calls:
        raw.setdefault(msg["Channel"], dict(msg.headers))
    gc.collect()
    theirs = sum(s.size_diff for s in tracemalloc.take_snapshot().compare_to(base, "filename"))
    tracemalloc.stop()
    assert len(book.colleagues) == extensions and raw
    return ours / 1024, theirs / 1024


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--extensions", type=int, default=200)
    p.add_argument("--seconds", type=float, default=20.0)
    p.add_argument("--rate", type=float, default=10_000.0)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--rtt", type=float, default=2.0, help="ms round trip to the PBX (LAN: 1-2)")
    args = p.parse_args()
    logging.getLogger("mypbxdesk").setLevel(logging.ERROR)

    ours: list[float] = []
    theirs: list[float] = []
    for _ in range(args.runs):
        for runner, results in (
            (lambda port: resync_ours(port), ours),
            (lambda port: resync_panoramisk(port, args.extensions), theirs),
        ):
            proc, port = start_server(
                "--extensions", str(args.extensions), "--rtt-ms", str(args.rtt)
            )
            try:
                results.append(asyncio.run(runner(port)))
            finally:
                proc.kill()
                proc.wait()
    print(
        f"Resync after login, {args.extensions} extensions, Asterisk 1.8 shapes, "
        f"{args.rtt:g} ms round trip (best of {args.runs})"
    )
    print(f"  mypbxdesk (console state loaded, look-ups all at once)  {min(ours) * 1000:8.1f} ms")
    print(f"  panoramisk 1.4 (one ExtensionState after the other)     {min(theirs) * 1000:8.1f} ms")

    lat: dict[str, list[float]] = {}
    for label, runner in (("mypbxdesk", latency_ours), ("panoramisk", latency_panoramisk)):
        proc, port = start_server(
            "--extensions", "50", "--rate", str(args.rate), "--seconds", str(args.seconds)
        )
        try:
            lat[label] = asyncio.run(runner(port))
        finally:
            proc.kill()
            proc.wait()
    print(
        f"ExtensionStatus to the console's model, {args.rate:,.0f} events/s of other traffic, "
        f"{args.seconds:.0f} s"
    )
    print(f"  {'':44}{'n':>5}{'p50 ms':>9}{'p90 ms':>9}{'p99 ms':>9}{'max ms':>9}")
    for label, name in (
        ("mypbxdesk (PresenceBook change)", "mypbxdesk"),
        ("panoramisk 1.4 (bare ExtensionStatus callback)", "panoramisk"),
    ):
        values = lat[name]
        print(
            f"  {label:44}{len(values):>5}{statistics.median(values):>9.1f}"
            f"{pct(values, 90):>9.1f}{pct(values, 99):>9.1f}{max(values):>9.1f}"
        )

    ours_kib, raw_kib = memory(500)
    print("Presence state for 500 extensions (+ names, 1,000 live channels), tracemalloc")
    print(f"  mypbxdesk PresenceBook           {ours_kib:8.0f} KiB")
    print(f"  raw dict per extension/channel   {raw_kib:8.0f} KiB")


if __name__ == "__main__":
    main()
