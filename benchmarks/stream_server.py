"""A minimal AMI server that streams a recorded event mix as fast as loopback allows.

Used by the benchmarks, in a separate process so that the server's work does
not share the client's CPU. It speaks just enough AMI for both clients under
test: banner, Challenge, Login, Logoff; after a successful Login it writes the
event stream once (``--events N``) and then waits.

    python benchmarks/stream_server.py --events 200000 [--mine 0.01]
prints ``PORT <n>`` on stdout once it listens on 127.0.0.1.

Paced mode (soak and pop-latency benchmarks): ``--rate R --seconds S`` streams
whole calls at about R events/s for S seconds (``--rate 0``: as fast as the
client reads), every call with its own uniqueids. ``--mine-every N`` makes every
Nth call ring extension 474; ``--mine-interval T`` instead rings 474 every T
seconds and, right after the last byte of the Dial Begin that makes it ring,
sends ``Event: X-Stamp`` with ``Sent: <time.time() just before that byte>``.
At the end: ``Event: X-StreamEnd`` with ``Calls``, ``MineCalls``, ``Events``.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CAPTURE = HERE.parent / "tests" / "data" / "captures18" / "3-call-470-to-474-answered.from-pbx.raw"


def event_mix(total: int, mine_ratio: float, my_ext: str = "474") -> bytes:
    """``total`` events from a real 1.8 call, renamed so that ``mine_ratio`` concern ``my_ext``.

    The recorded call (470 -> 474) is replayed with other extensions (5xx) for
    most copies, and as-is for the share that concerns the user.
    """
    raw = CAPTURE.read_bytes()
    body = raw[raw.index(b"\r\n") + 2 :]
    blocks = [b for b in body.split(b"\r\n\r\n") if b.startswith(b"Event:")]
    # drop the login's FullyBooted
    blocks = [b for b in blocks if not b.startswith(b"Event: FullyBooted")]
    per_call = len(blocks)
    calls = max(1, total // per_call)
    mine_every = int(1 / mine_ratio) if mine_ratio > 0 else 0
    out = bytearray()
    n = 0
    for i in range(calls + 1):
        other = f"{500 + i % 400}".encode()
        is_mine = bool(mine_every) and i % mine_every == 0
        for block in blocks:
            if n >= total:
                break
            b = block if is_mine else re.sub(rb"\b474\b", other, block)
            b = b.replace(b"1795822221.", f"17{i:08d}.".encode())
            out += b + b"\r\n\r\n"
            n += 1
    return bytes(out)


def call_blocks() -> list[bytes]:
    """The events of the recorded call, each without its blank line."""
    raw = CAPTURE.read_bytes()
    body = raw[raw.index(b"\r\n") + 2 :]
    return [
        b
        for b in body.split(b"\r\n\r\n")
        if b.startswith(b"Event:") and not b.startswith(b"Event: FullyBooted")
    ]


RING_AT = 14  # index of the Dial Begin that makes 474 ring in the recorded call


def render_call(blocks: list[bytes], i: int, mine: bool) -> list[bytes]:
    """Call number ``i`` as a list of complete events (uniqueids unique per ``i``)."""
    other = f"{500 + i % 400}".encode()
    stamp = f"18{i:08d}.".encode()
    out = []
    for block in blocks:
        b = block if mine else re.sub(rb"\b474\b", other, block)
        out.append(b.replace(b"1795822221.", stamp) + b"\r\n\r\n")
    return out


async def paced(
    writer: asyncio.StreamWriter, rate: float, seconds: float, mine_every: int, mine_interval: float
) -> None:
    blocks = call_blocks()
    per_call = len(blocks)
    loop = asyncio.get_running_loop()
    start = loop.time()
    calls = mine_calls = events = 0
    next_mine = start + mine_interval if mine_interval else float("inf")
    tick = 0.01
    while loop.time() - start < seconds:
        now = loop.time()
        due = int((now - start) * rate) if rate else events + 20 * per_call
        chunk = bytearray()
        while events < due:
            mine = bool(mine_every) and calls % mine_every == 0
            chunk += b"".join(render_call(blocks, calls, mine))
            calls += 1
            mine_calls += mine
            events += per_call
        if chunk:
            writer.write(bytes(chunk))
            await writer.drain()
        if mine_interval and loop.time() >= next_mine:
            next_mine += mine_interval
            parts = render_call(blocks, calls, True)
            calls += 1
            mine_calls += 1
            events += per_call
            writer.write(b"".join(parts[:RING_AT]) + parts[RING_AT][:-1])
            await writer.drain()
            sent = time.time()
            writer.write(parts[RING_AT][-1:])
            writer.write(f"Event: X-Stamp\r\nSeq: {mine_calls}\r\nSent: {sent!r}\r\n\r\n".encode())
            writer.write(b"".join(parts[RING_AT + 1 :]))
            await writer.drain()
        if rate:
            await asyncio.sleep(max(0.0, tick - (loop.time() - now)))
    writer.write(
        f"Event: X-StreamEnd\r\nCalls: {calls}\r\nMineCalls: {mine_calls}\r\n"
        f"Events: {events}\r\n\r\n".encode()
    )
    await writer.drain()


async def serve(events: int, mine: float, pace: dict[str, float] | None = None) -> None:
    stream = b"" if pace else event_mix(events, mine)

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(b"Asterisk Call Manager/1.1\r\n")
        try:
            while True:
                block = await reader.readuntil(b"\r\n\r\n")
                fields = dict(
                    line.split(": ", 1) for line in block.decode().split("\r\n") if ": " in line
                )
                action = fields.get("Action", "").lower()
                aid = fields.get("ActionID")
                idline = f"ActionID: {aid}\r\n" if aid else ""
                if action == "challenge":
                    writer.write(f"Response: Success\r\n{idline}Challenge: 12345\r\n\r\n".encode())
                elif action == "login":
                    writer.write(
                        f"Response: Success\r\n{idline}"
                        "Message: Authentication accepted\r\n\r\n".encode()
                    )
                    if pace:
                        asyncio.get_running_loop().create_task(
                            paced(
                                writer,
                                pace["rate"],
                                pace["seconds"],
                                int(pace["mine_every"]),
                                pace["mine_interval"],
                            )
                        )
                    else:
                        writer.write(stream)
                elif action == "logoff":
                    writer.write(f"Response: Goodbye\r\n{idline}Message: Bye\r\n\r\n".encode())
                    await writer.drain()
                    break
                else:
                    writer.write(f"Response: Success\r\n{idline}Ping: Pong\r\n\r\n".encode())
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    print(f"PORT {port}", flush=True)
    async with server:
        await asyncio.sleep(3 * 3600)  # bounded: the longest soak is 24 h / 100


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--events", type=int, default=200_000)
    p.add_argument("--mine", type=float, default=0.01)
    p.add_argument("--rate", type=float, default=None, help="paced mode: events/s (0: max)")
    p.add_argument("--seconds", type=float, default=60.0)
    p.add_argument("--mine-every", type=int, default=0)
    p.add_argument("--mine-interval", type=float, default=0.0)
    args = p.parse_args()
    pace = (
        None
        if args.rate is None
        else {
            "rate": args.rate,
            "seconds": args.seconds,
            "mine_every": args.mine_every,
            "mine_interval": args.mine_interval,
        }
    )
    try:
        asyncio.run(serve(args.events, args.mine, pace))
    except KeyboardInterrupt:
        sys.exit(0)


if __name__ == "__main__":
    main()
