"""A minimal Asterisk 1.8 (MyPBX) AMI server with N extensions, for the console benchmarks.

Run in its own process (so that its work does not share the client's CPU):

    python benchmarks/console_server.py --extensions 200 [--rate 10000 --seconds 30]

prints ``PORT <n>`` once it listens on 127.0.0.1. It answers what the console
asks after a login, in 1.8's shapes (captures c1, c2a, c4, c6): ``SIPpeers``
(N ``PeerEntry``), ``ExtensionState`` per extension, ``VoicemailUsersList``
(N names), ``ParkedCalls``, ``QueueStatus``, ``MailboxCount``, and the 12+-only
actions with 1.8's ``Invalid/unknown command``. With ``--rate`` it then streams
real 1.8 call events about other extensions at that rate and, every
``--blf-interval`` seconds, an ``ExtensionStatus`` for extension 1000+k that
flips its state, right after which it sends ``Event: X-Stamp`` with the
``time.time()`` taken just before the status event's last byte.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from stream_server import call_blocks, render_call  # noqa: E402

UNKNOWN = "Invalid/unknown command: {}. Use Action: ListCommands to show available commands."


def _message(*lines: str) -> bytes:
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def answer(action: str, fields: dict[str, str], exts: list[str]) -> bytes:
    aid = fields.get("ActionID", "")
    idl = [f"ActionID: {aid}"] if aid else []
    if action == "challenge":
        return _message("Response: Success", *idl, "Challenge: 12345")
    if action == "login":
        return _message("Response: Success", *idl, "Message: Authentication accepted")
    if action == "sippeers":
        out = _message(
            "Response: Success", *idl, "EventList: start", "Message: Peer status list will follow"
        )
        for ext in exts:
            out += _message(
                "Event: PeerEntry",
                *idl,
                "Channeltype: SIP",
                f"ObjectName: {ext}",
                "ChanObjectType: peer",
                "IPaddress: 192.168.5.20",
                "IPport: 5060",
                "Dynamic: yes",
                "Status: OK (12 ms)",
            )
        return out + _message(
            "Event: PeerlistComplete", "EventList: Complete", f"ListItems: {len(exts)}", *idl
        )
    if action == "voicemailuserslist":
        out = _message(
            "Response: Success",
            *idl,
            "EventList: start",
            "Message: Voicemail user list will follow",
        )
        for ext in exts:
            out += _message(
                *idl,
                "Event: VoicemailUserEntry",
                "VMContext: default",
                f"VoiceMailbox: {ext}",
                f"Fullname: Colleague {ext}",
            )
        return out + _message("Event: VoicemailUserEntryComplete", *idl)
    if action == "extensionstate":
        ext = fields.get("Exten", "")
        status = "1" if ext in exts and int(ext) % 7 == 0 else "0"
        return _message(
            "Response: Success",
            *idl,
            "Message: Extension Status",
            f"Exten: {ext}",
            f"Context: {fields.get('Context', '')}",
            f"Hint: SIP/{ext}",
            f"Status: {status}",
        )
    if action in ("parkedcalls", "queuestatus", "coreshowchannels"):
        complete = {
            "parkedcalls": "ParkedCallsComplete",
            "queuestatus": "QueueStatusComplete",
            "coreshowchannels": "CoreShowChannelsComplete",
        }[action]
        return _message("Response: Success", *idl, "EventList: start", "Message: follows") + (
            _message(f"Event: {complete}", "EventList: Complete", "ListItems: 0", *idl)
        )
    if action == "mailboxcount":
        return _message(
            "Response: Success",
            *idl,
            "Message: Mailbox Message Count",
            f"Mailbox: {fields.get('Mailbox', '')}",
            "UrgMessages: 0",
            "NewMessages: 2",
            "OldMessages: 5",
        )
    if action in ("extensionstatelist", "pjsipshowendpoints", "sipshowpeer"):
        return _message("Response: Error", *idl, "Message: " + UNKNOWN.format(action))
    if action == "logoff":
        return _message("Response: Goodbye", *idl, "Message: Bye")
    return _message("Response: Success", *idl, "Ping: Pong")


async def stream(writer: asyncio.StreamWriter, rate: float, seconds: float, every: float) -> None:
    """Other traffic at ``rate`` events/s, an ExtensionStatus flip every ``every`` s."""
    blocks = call_blocks()
    loop = asyncio.get_running_loop()
    start = loop.time()
    events = calls = flips = 0
    next_flip = start + every
    current: dict[int, str] = {}  # every flip changes the line's state
    while loop.time() - start < seconds:
        now = loop.time()
        due = int((now - start) * rate)
        chunk = bytearray()
        while events < due:
            chunk += b"".join(render_call(blocks, calls, False))
            calls += 1
            events += len(blocks)
        if chunk:
            writer.write(bytes(chunk))
        if loop.time() >= next_flip:
            next_flip += every
            flips += 1
            ext = 1000 + flips % 50
            was = current.get(ext, "1" if ext % 7 == 0 else "0")
            current[ext] = "8" if was != "8" else "0"
            status = _message(
                "Event: ExtensionStatus",
                "Privilege: call,all",
                f"Exten: {ext}",
                "Context: hints",
                f"Hint: SIP/{ext}",
                f"Status: {current[ext]}",
            )
            writer.write(status[:-1])
            await writer.drain()
            sent = time.time()
            writer.write(status[-1:])
            writer.write(_message("Event: X-Stamp", f"Exten: {ext}", f"Sent: {sent!r}"))
        await writer.drain()
        await asyncio.sleep(max(0.0, 0.01 - (loop.time() - now)))
    writer.write(_message("Event: X-StreamEnd", f"Events: {events}", f"Flips: {flips}"))
    await writer.drain()


async def serve(exts: list[str], pace: tuple[float, float, float] | None, rtt: float = 0.0) -> None:
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        loop = asyncio.get_running_loop()
        writer.write(b"Asterisk Call Manager/1.1\r\n")
        try:
            while True:
                block = await reader.readuntil(b"\r\n\r\n")
                fields = dict(
                    line.split(": ", 1) for line in block.decode().split("\r\n") if ": " in line
                )
                action = fields.get("Action", "").lower()
                reply = answer(action, fields, exts)
                if rtt and action not in ("challenge", "login", "logoff"):
                    # The network's round trip: the answer leaves later, but the
                    # next action is read at once (as on a real link).
                    loop.call_later(rtt, writer.write, reply)
                else:
                    writer.write(reply)
                await writer.drain()
                if action == "login" and pace is not None:
                    asyncio.get_running_loop().create_task(stream(writer, *pace))
                if action == "logoff":
                    break
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    print(f"PORT {server.sockets[0].getsockname()[1]}", flush=True)
    async with server:
        await asyncio.sleep(3600)


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--extensions", type=int, default=200)
    p.add_argument("--rate", type=float, default=None)
    p.add_argument("--seconds", type=float, default=30.0)
    p.add_argument("--blf-interval", type=float, default=0.25)
    p.add_argument("--rtt-ms", type=float, default=0.0, help="network round trip per action")
    args = p.parse_args()
    exts = [str(1000 + i) for i in range(args.extensions)]
    pace = None if args.rate is None else (args.rate, args.seconds, args.blf_interval)
    asyncio.run(serve(exts, pace, args.rtt_ms / 1000))


if __name__ == "__main__":
    main()
