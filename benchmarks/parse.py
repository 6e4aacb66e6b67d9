"""Events per second through the AMI client: mypbxdesk against panoramisk 1.4.

Both clients connect over loopback to the same server process
(``stream_server.py``), log in, and receive the same stream of real
Asterisk 1.8 events (a recorded 470 -> 474 call, replayed with other
extensions). The clock runs from the login to the moment the last event
reached the client's event callback. Best of ``--runs``.

Also measured, because it is the pathology that freezes GUIs (ami-protocol.md
§6.10): one 5.5 MB ``Command`` reply read in 4 KiB pieces, parsed by our
incremental parser and by the "append and rescan the whole buffer" loop most
small clients use.

    .venv/bin/pip install -e '.[bench]'
    .venv/bin/python benchmarks/parse.py [--events 200000] [--runs 3]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from mypbxdesk.ami import Message  # noqa: E402
from mypbxdesk.ami.framing import NEED_DATA, Parser  # noqa: E402
from mypbxdesk.driver.client import AmiOptions, connect  # noqa: E402


def start_server(events: int, mine: float) -> tuple[subprocess.Popen[str], int]:
    proc = subprocess.Popen(
        [
            sys.executable,
            str(HERE / "stream_server.py"),
            "--events",
            str(events),
            "--mine",
            str(mine),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    if not line.startswith("PORT "):
        proc.kill()
        raise RuntimeError(f"stream server did not start: {line!r}")
    return proc, int(line.split()[1])


async def run_mypbxdesk(port: int, expected: int) -> float:
    done = asyncio.get_running_loop().create_future()
    count = 0

    def on_event(msg: Message) -> None:
        nonlocal count
        count += 1
        if count == expected and not done.done():
            done.set_result(time.perf_counter())

    t0 = time.perf_counter()
    conn = await connect(AmiOptions("127.0.0.1", port, "bench", "x"), subscribers=[on_event])
    t1 = await asyncio.wait_for(done, 120)
    await conn.logoff()
    return expected / (t1 - t0)


async def stream_into_panoramisk(
    port: int,
    expected: int,
    on_event: Callable[[dict[str, str]], None] = lambda e: None,
    timeout: float = 300,
) -> float:
    """Log panoramisk 1.4 in, hand every event to ``on_event`` until ``expected``
    arrived; returns the seconds from connect to the last one. Shared by the
    benchmarks that compare against it."""
    from panoramisk import Manager  # type: ignore[import-not-found]

    logging.getLogger("panoramisk").setLevel(logging.ERROR)
    loop = asyncio.get_running_loop()
    done = loop.create_future()
    count = 0

    def callback(manager: object, event: dict[str, str]) -> None:
        nonlocal count
        on_event(event)
        count += 1
        if count == expected and not done.done():
            done.set_result(time.perf_counter())

    manager = Manager(
        loop=loop,
        host="127.0.0.1",
        port=port,
        username="bench",
        secret="x",
        ping_delay=600,
        reconnect_timeout=600,
    )
    manager.register_event("*", callback)
    t0 = time.perf_counter()
    await manager.connect()
    t1 = await asyncio.wait_for(done, timeout)
    manager.close()
    return t1 - t0


async def run_panoramisk(port: int, expected: int) -> float:
    return expected / await stream_into_panoramisk(port, expected, timeout=120)


def count_events(events: int, mine: float) -> int:
    sys.path.insert(0, str(HERE))
    from stream_server import event_mix

    return event_mix(events, mine).count(b"\r\n\r\n")


def big_command_reply(size: int = 5_500_000) -> bytes:
    line = b"SIP/470-00000013     474@DLPN_DialPlan470 Up      Dial(SIP/474,30)              \n"
    body = line * (size // len(line))
    return (
        b"Response: Follows\r\nPrivilege: Command\r\nActionID: c1\r\n"
        + body
        + b"--END COMMAND--\r\n\r\n"
    )


def parse_big_ours(data: bytes, chunk: int = 4096) -> float:
    t0 = time.perf_counter()
    parser = Parser(expect_banner=False, max_message=16 << 20)
    got = 0
    for i in range(0, len(data), chunk):
        parser.feed(data[i : i + chunk])
        while parser.next() is not NEED_DATA:
            got += 1
    assert got == 1
    return time.perf_counter() - t0


def parse_big_rescan(data: bytes, chunk: int = 4096) -> float:
    """The naive loop: append, then search the whole buffer again on every read."""
    t0 = time.perf_counter()
    buf = b""
    got = 0
    for i in range(0, len(data), chunk):
        buf += data[i : i + chunk]
        while b"--END COMMAND--\r\n\r\n" in buf:
            _, buf = buf.split(b"--END COMMAND--\r\n\r\n", 1)
            got += 1
    assert got == 1
    return time.perf_counter() - t0


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--events", type=int, default=200_000)
    p.add_argument("--runs", type=int, default=3)
    args = p.parse_args()
    expected = count_events(args.events, 0.01)
    ours, theirs = [], []
    for _ in range(args.runs):
        for runner, results in ((run_mypbxdesk, ours), (run_panoramisk, theirs)):
            proc, port = start_server(args.events, 0.01)
            try:
                results.append(asyncio.run(runner(port, expected)))
            finally:
                proc.kill()
                proc.wait()
    best_ours, best_theirs = max(ours), max(theirs)
    print(f"AMI event throughput over loopback, {expected} real 1.8 events, best of {args.runs}")
    print(f"  mypbxdesk   {best_ours:>10,.0f} events/s")
    print(f"  panoramisk  {best_theirs:>10,.0f} events/s   (1.4, the usual asyncio pick)")
    print(f"  ratio       {best_ours / best_theirs:>10.2f} x")
    data = big_command_reply()
    ours_s = min(parse_big_ours(data) for _ in range(3))
    rescan_s = min(parse_big_rescan(data) for _ in range(1))
    print(f"One {len(data) / 1e6:.1f} MB Command reply read in 4 KiB pieces")
    print(f"  mypbxdesk incremental parser  {ours_s * 1000:>8.1f} ms")
    print(f"  append-and-rescan loop        {rescan_s * 1000:>8.1f} ms")
    print(f"  ratio                         {rescan_s / ours_s:>8.1f} x")


if __name__ == "__main__":
    main()
