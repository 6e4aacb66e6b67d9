"""A minimal AMI server that streams a recorded event mix as fast as loopback allows.

Used by the benchmarks, in a separate process so that the server's work does
not share the client's CPU. It speaks just enough AMI for both clients under
test: banner, Challenge, Login, Logoff; after a successful Login it writes the
event stream once (``--events N``) and then waits.

    python benchmarks/stream_server.py --events 200000 [--mine 0.01]
prints ``PORT <n>`` on stdout once it listens on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import sys
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


async def serve(events: int, mine: float) -> None:
    stream = event_mix(events, mine)

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
                        f"Response: Success\r\n{idline}Message: Authentication accepted\r\n\r\n"
                        .encode()
                    )
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
        await asyncio.sleep(600)  # bounded: a benchmark never runs this long


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--events", type=int, default=200_000)
    p.add_argument("--mine", type=float, default=0.01)
    args = p.parse_args()
    try:
        asyncio.run(serve(args.events, args.mine))
    except KeyboardInterrupt:
        sys.exit(0)


if __name__ == "__main__":
    main()
