"""Does a burst of unrelated AMI events freeze the screen-pop? (offscreen GUI)

The real app stack (AmiClient, PhoneService, PbxBridge, PopManager) runs on a
qasync loop inside a QApplication. A separate server process plays a real
1.8 call to extension 474 that is answered — its pop shows "Answered" with a
running timer — then writes a burst of ``--burst`` (20,000) events about
other extensions in one go, then rings 474 again.

Measured, best of ``--runs``:

* the longest stall of the Qt event loop from the burst until the next pop
  (a 10 ms QTimer heartbeat: the open pop's 1-second timer, and any repaint,
  can be late by at most this much);
* how long after its last byte left the server the call behind the burst popped
  (it has to wait for the 20,000 events ahead of it to be handled).

Named alternative, same run: the same stack with parsing and dispatch not
split into slices (every read parsed and handled in one go, like libraries
that run callbacks inside ``data_received``).

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/ui_freeze.py
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import sys
import tempfile
import textwrap
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_API", "pyside6")  # qasync must pick PySide6
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))


import qasync  # noqa: E402
from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

SERVER = textwrap.dedent(r"""
    import asyncio, re, sys, time
    sys.path.insert(0, sys.argv[1])
    from stream_server import CAPTURE, event_mix
    BURST = int(sys.argv[2])

    def my_call(n):
        raw = CAPTURE.read_bytes()
        blocks = [b for b in raw[raw.index(b"\r\n") + 2:].split(b"\r\n\r\n")
                  if b.startswith(b"Event:") and not b.startswith(b"Event: FullyBooted")]
        out = [b.replace(b"1795822221.", b"9%08d." % n).replace(b"-0000000", b"-9%06d" % n)
               for b in blocks]
        ring = [b for b in out if not b.startswith((b"Event: Hangup", b"Event: Unlink",
                                                     b"Event: Cdr"))]
        return b"\r\n\r\n".join(ring) + b"\r\n\r\n"

    async def handle(reader, writer):
        writer.write(b"Asterisk Call Manager/1.1\r\n")
        while True:
            block = await reader.readuntil(b"\r\n\r\n")
            aid = re.search(rb"ActionID: (\S+)", block)
            idl = b"ActionID: " + aid.group(1) + b"\r\n" if aid else b""
            if b"Challenge" in block:
                writer.write(b"Response: Success\r\n" + idl + b"Challenge: 1\r\n\r\n")
            elif b"Action: Login" in block:
                writer.write(b"Response: Success\r\n" + idl + b"Message: ok\r\n\r\n")
                break
            else:
                writer.write(b"Response: Success\r\n" + idl + b"\r\n")
        await writer.drain()
        async def answer_rest():
            try:
                while True:
                    block = await reader.readuntil(b"\r\n\r\n")
                    aid = re.search(rb"ActionID: (\S+)", block)
                    idl = b"ActionID: " + aid.group(1) + b"\r\n" if aid else b""
                    writer.write(b"Response: Success\r\n" + idl + b"EventList: start\r\n\r\n"
                                 b"Event: CoreShowChannelsComplete\r\nEventList: Complete\r\n"
                                 + idl + b"ListItems: 0\r\n\r\n")
            except Exception:
                pass
        asyncio.ensure_future(answer_rest())
        await asyncio.sleep(0.5)
        writer.write(my_call(1)); await writer.drain()
        await asyncio.sleep(1.5)
        print("BURST", time.time(), flush=True)
        writer.write(event_mix(BURST, 0.0) + my_call(2)); await writer.drain()
        print("SENT", time.time(), flush=True)
        await asyncio.sleep(3)
        writer.close()

    async def main():
        server = await asyncio.start_server(handle, "127.0.0.1", 0)
        print("PORT", server.sockets[0].getsockname()[1], flush=True)
        await asyncio.sleep(60)
    asyncio.run(main())
""")


async def one_run(app: QApplication, burst: int, batch: int) -> tuple[float, float, float]:
    from mypbxdesk.calls import History
    from mypbxdesk.driver.client import AmiClient, AmiOptions
    from mypbxdesk.service.phone import PhoneService
    from mypbxdesk.settings.config import Settings
    from mypbxdesk.ui.bridge import PbxBridge
    from mypbxdesk.ui.screenpop import PopManager

    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as fh:
        fh.write(SERVER)
    proc = await asyncio.create_subprocess_exec(
        sys.executable, fh.name, str(HERE), str(burst), stdout=asyncio.subprocess.PIPE
    )
    assert proc.stdout is not None
    port = int((await proc.stdout.readline()).split()[1])
    settings = Settings(host="127.0.0.1", port=port, extension="474")
    options = AmiOptions("127.0.0.1", port, "admin", "x", dispatch_batch=batch)
    tmp = Path(tempfile.mkdtemp())
    service = PhoneService(
        settings, "x", history=History.open(tmp / "h.sqlite3"), client=AmiClient(options)
    )
    bridge = PbxBridge(service)
    pops = PopManager(bridge)
    opened: dict[str, float] = {}
    pops.pop_opened.connect(lambda call_id: opened.setdefault(call_id, time.time()))
    beats: list[float] = []
    heart = QTimer()
    heart.setInterval(10)
    heart.timeout.connect(lambda: beats.append(time.monotonic()))
    service.start()
    heart.start()
    sent_at = mark = 0.0
    while True:
        line = (await proc.stdout.readline()).decode()
        if line.startswith("BURST"):
            assert len(pops.pops) == 1, "the answered call's pop should be open"
            mark = time.monotonic()
            beats.append(mark)
        elif line.startswith("SENT"):
            sent_at = float(line.split()[1])
            break
    second_pop = asyncio.Event()
    pops.pop_opened.connect(lambda _id: second_pop.set() if len(opened) >= 2 else None)
    if len(opened) < 2:
        await asyncio.wait_for(second_pop.wait(), 30)
    await asyncio.sleep(0.3)
    heart.stop()
    window = [b for b in beats if b >= mark]
    stall = max((b - a for a, b in itertools.pairwise(window)), default=0.0)
    pop_latency = max(opened.values()) - sent_at
    await bridge.aclose()
    proc.kill()
    await proc.wait()
    os.unlink(fh.name)
    return stall, pop_latency, len(window)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--burst", type=int, default=20_000)
    p.add_argument("--runs", type=int, default=3)
    args = p.parse_args()
    app = QApplication(sys.argv[:1])
    app.setQuitOnLastWindowClosed(False)

    async def run_all() -> dict[str, list[tuple[float, float, float]]]:
        results: dict[str, list[tuple[float, float, float]]] = {"batched": [], "inline": []}
        for _ in range(args.runs):
            results["batched"].append(await one_run(app, args.burst, 200))
            # the alternative: every read's events handled at once
            results["inline"].append(await one_run(app, args.burst, 10**9))
        return results

    with asyncio.Runner(loop_factory=lambda: qasync.QEventLoop(app)) as runner:
        results = runner.run(run_all())
    print(
        f"Burst of {args.burst:,} unrelated events while a pop is open "
        f"(offscreen, best of {args.runs})"
    )
    print(f"  {'':48} {'longest UI stall':>17} {'next pop after':>15}")
    for label, key in (
        ("mypbxdesk (dispatch 200 at a time)", "batched"),
        ("inline (whole reads parsed and handled at once)", "inline"),
    ):
        stall = min(r[0] for r in results[key])
        latency = min(r[1] for r in results[key])
        print(f"  {label:48} {stall * 1000:>14.0f} ms {latency * 1000:>12.0f} ms")


if __name__ == "__main__":
    main()
