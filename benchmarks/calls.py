"""Events per second through client + call model, 99% of events about other extensions.

mypbxdesk: AmiConnection + CallTracker (the full call model for extension 474:
ringing/answered/ended with transfers, resync, …) on every event it declares
(``CallTracker.wanted_events``); the protocol drops the others on their name,
before parsing them, exactly as the app does.

panoramisk 1.4: the same stream into a ``register_event('*')`` callback that
does the least a screen-pop needs — checks whether a Dial's destination is
``SIP/474-`` — i.e. far less work than a call model. The ratio therefore
understates what our model costs relative to a naive filter, and is still the
honest question: can a full call model keep up with the firehose?

Both read the same recorded 1.8 call (470 -> 474) replayed with other
extensions for 99% of the copies, from a separate server process.

    .venv/bin/python benchmarks/calls.py [--events 200000] [--runs 3]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from parse import count_events, start_server, stream_into_panoramisk  # noqa: E402

from mypbxdesk.ami import Message  # noqa: E402
from mypbxdesk.calls import CallEvent, CallTracker, MyPhone  # noqa: E402
from mypbxdesk.driver.client import AmiOptions, connect  # noqa: E402


async def run_mypbxdesk(port: int, expected: int) -> tuple[float, int]:
    tracker = CallTracker(MyPhone("474"))
    ringing = 0

    def on_event(msg: Message) -> None:
        nonlocal ringing
        for change in tracker.apply(msg):
            if change.event is CallEvent.RINGING:
                ringing += 1

    t0 = time.perf_counter()
    conn = await connect(
        AmiOptions("127.0.0.1", port, "bench", "x"),
        subscribers=[on_event],
        wanted_events=CallTracker.wanted_events,  # the rest is dropped before parsing
    )
    # Done when every event was framed (+ banner, Challenge and Login answers) and
    # every wanted one handled (most never reach on_event: counting calls cannot tell).
    async with asyncio.timeout(300):
        while conn.messages_received < expected + 3 or conn.events_pending:
            await asyncio.sleep(0.0005)
    t1 = time.perf_counter()
    await conn.logoff()
    return expected / (t1 - t0), ringing


async def run_panoramisk(port: int, expected: int) -> tuple[float, int]:
    ringing = 0

    def on_event(event: dict[str, str]) -> None:
        nonlocal ringing
        if (
            event.get("Event") == "Dial"
            and event.get("SubEvent") == "Begin"
            and event.get("Destination", "").startswith("SIP/474-")
        ):
            ringing += 1

    seconds = await stream_into_panoramisk(port, expected, on_event)
    return expected / seconds, ringing


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--events", type=int, default=200_000)
    p.add_argument("--runs", type=int, default=3)
    args = p.parse_args()
    mine = 0.01
    expected = count_events(args.events, mine)
    ours: list[tuple[float, int]] = []
    theirs: list[tuple[float, int]] = []
    for _ in range(args.runs):
        for runner, results in ((run_mypbxdesk, ours), (run_panoramisk, theirs)):
            proc, port = start_server(args.events, mine)
            try:
                results.append(asyncio.run(runner(port, expected)))
            finally:
                proc.kill()
                proc.wait()
    (best_ours, ring_ours), (best_theirs, ring_theirs) = max(ours), max(theirs)
    print(
        f"Client + call model, {expected} real 1.8 events, 1% for extension 474, "
        f"best of {args.runs}"
    )
    print(
        f"  mypbxdesk  (client + CallTracker)   {best_ours:>10,.0f} events/s  "
        f"{ring_ours} calls rang 474"
    )
    print(
        f"  panoramisk (client + Dial filter)   {best_theirs:>10,.0f} events/s  "
        f"{ring_theirs} Dial Begins to 474"
    )
    print(f"  ratio                               {best_ours / best_theirs:>10.2f} x")


if __name__ == "__main__":
    main()
