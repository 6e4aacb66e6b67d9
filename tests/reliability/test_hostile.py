"""The six ways a hostile or buggy PBX used to blind the client (engine v2 issue), each
replayed by a hostile peer on loopback against the real client, transport and protocol.

1. backpressure wedge: a half-received message larger than the resume threshold;
   exactly 1 MiB of an unfinished message;
2. a ``Response: Follows`` without ``--END COMMAND--``;
3. exceptions nobody caught: a host name IDNA refuses, a secret ending in CR;
4. a PBX that accepts the login and resets the connection at once; a PBX restart;
5. a refused ``Challenge`` (a downgrade to a plain-text secret);
6. a PBX that echoes the secret back.
"""

from __future__ import annotations

import asyncio
import os
import random
import sys
import time
from pathlib import Path

import pytest

from mypbxdesk.ami import Message, actions
from mypbxdesk.driver import AmiClient, AmiOptions, Backoff, ConnectionState, ConnectionStatus
from tests.conftest import UNIQUE_SECRET

from .conftest import eventually
from .hostile import HostilePbx, HostileSession

pytestmark = pytest.mark.asyncio


def client_for(port: int, secret: str = "password", **opts: object) -> AmiClient:
    options = AmiOptions("127.0.0.1", port, "admin", secret, **opts)  # type: ignore[arg-type]
    return AmiClient(
        options,
        backoff=Backoff(base=0.05, cap=0.4, rng=random.Random(4), unreachable=(0.1, 0.2)),
    )


def record(client: AmiClient) -> tuple[list[Message], list[ConnectionStatus]]:
    events: list[Message] = []
    statuses: list[ConnectionStatus] = []
    client.subscribe(events.append)
    client.on_status(statuses.append)
    return events, statuses


def flood(count: int, tag: str) -> bytes:
    return b"".join(
        f"Event: VarSet\r\nChannel: SIP/5{i % 100:02d}-1\r\n"
        f"Variable: {tag}\r\nValue: {i}\r\n\r\n".encode()
        for i in range(count)
    )


RING_474 = (
    b"Event: Dial\r\nPrivilege: call,all\r\nSubEvent: Begin\r\nChannel: SIP/470-1\r\n"
    b"Destination: SIP/474-2\r\nCallerIDNum: 470\r\nUniqueID: 1.1\r\nDestUniqueID: 1.2\r\n\r\n"
)


def big_event_head(size: int) -> bytes:
    """The start of one event of about ``size`` bytes (1 KiB lines), without its end."""
    line = b"X-Data: " + b"y" * 1014 + b"\r\n"
    return b"Event: UserEvent\r\nUserEvent: Big\r\n" + line * (size // len(line))


# -- 1. backpressure wedge ------------------------------------------------------------------
async def test_a_message_in_progress_completes_while_the_reader_is_held_back() -> None:
    """3,000 events (the reader pauses at 2,000) then 600 KiB of one unfinished
    message: it used to resume only at <= 512 KiB unparsed, so the message could
    never finish and the tray stayed green with no pops, for ever."""

    async def scenario(s: HostileSession) -> None:
        s.send(flood(3000, "a") + big_event_head(600 << 10))
        await asyncio.sleep(0.3)
        s.send(b"X-Last: end\r\n\r\n" + RING_474)
        await s.serve_pings()

    async with HostilePbx(scenario) as pbx:
        client = client_for(pbx.port)
        events, _ = record(client)

        def slow(msg: Message) -> None:  # a subscriber slower than loopback
            sum(range(300))

        client.subscribe(slow)
        client.start()
        try:
            await eventually(lambda: any(m.is_event("Dial") for m in events), timeout=10)
            big = next(m for m in events if m.get("UserEvent") == "Big")
            assert big.get("X-Last") == "end" and len(big.get_all("X-Data")) > 500
            conn = client.connection
            assert conn is not None and conn.pauses >= 1  # the reader was held back
            assert client.status.state is ConnectionState.CONNECTED
        finally:
            await client.aclose()


@pytest.mark.expect_log("AMI protocol error")
async def test_exactly_one_mib_of_an_unfinished_message_does_not_blind_a_green_tray() -> None:
    async def scenario(s: HostileSession) -> None:
        head = big_event_head(1 << 20)
        s.send(head + b"Z" * ((1 << 20) - len(head)))  # exactly 1,048,576 bytes, no end
        await asyncio.sleep(30)

    async with HostilePbx(scenario) as pbx:
        client = client_for(pbx.port, ping_interval=0.2, ping_timeout=0.3)
        client.start()
        try:
            await eventually(lambda: client.status.state is ConnectionState.CONNECTED)
            t0 = time.monotonic()
            await eventually(lambda: client.status.state is not ConnectionState.CONNECTED)
            assert time.monotonic() - t0 < 0.2 + 0.3 + 0.5
            assert "keepalive" in client.status.detail or "1048576 bytes" in client.status.detail
        finally:
            await client.aclose()


# -- 2. command output without its end marker -----------------------------------------------
async def test_command_output_without_end_marker_does_not_swallow_the_events_after_it() -> None:
    async def scenario(s: HostileSession) -> None:
        while True:
            action = await s.next_action()
            if action.name.lower() == "command":
                s.send(
                    b"Response: Follows\r\nPrivilege: Command\r\nActionID: "
                    + (action.get("ActionID") or "").encode()
                    + b"\r\nChannel  Location  State\n0 active channels\n\r\n\r\n"
                )
                for i in range(50):  # 50 events a second, as a busy PBX sends
                    s.send(flood(1, f"after-{i}"))
                    await asyncio.sleep(0.02)
                s.send(RING_474)
            elif action.name.lower() == "ping":
                s.reply(action, ("Response", "Success"), ("Ping", "Pong"))

    async with HostilePbx(scenario) as pbx:
        client = client_for(pbx.port)
        events, _ = record(client)
        client.start()
        try:
            await client.wait_connected(5)
            result = await client.send(actions.command("core show channels"), check=False)
            assert result.response.output[:2] == ["Channel  Location  State", "0 active channels"]
            await eventually(lambda: any(m.is_event("Dial") for m in events), timeout=5)
            after = [m for m in events if (m.get("Variable") or "").startswith("after-")]
            assert len(after) == 50  # none swallowed into the command's output
            assert client.status.state is ConnectionState.CONNECTED
        finally:
            await client.aclose()


# -- 3. exceptions nobody caught ----------------------------------------------------------------
async def test_a_host_name_idna_refuses_is_a_settings_error_not_connecting_for_ever() -> None:
    client = client_for(5038)
    client.options = AmiOptions("pbx..local", 5038, "admin", "password")
    client.start()
    try:
        await eventually(lambda: client.status.state is ConnectionState.SETTINGS_ERROR)
        assert "not a valid host name" in client.status.detail
    finally:
        await client.aclose()


async def test_a_secret_ending_in_cr_is_a_settings_error_and_never_sent() -> None:
    async with HostilePbx(offers_md5=False) as pbx:
        client = client_for(pbx.port, secret="password\r", plain_login=True)
        client.start()
        try:
            await eventually(lambda: client.status.state is ConnectionState.SETTINGS_ERROR)
            assert "line break" in client.status.detail
            assert b"password" not in pbx.received
            logins_then = pbx.sessions
            await asyncio.sleep(0.3)
            assert pbx.sessions == logins_then  # not retried: the settings must change
        finally:
            await client.aclose()


async def _cli(*args: str, env: dict[str, str]) -> tuple[int, str]:
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "mypbxdesk",
        *args,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(proc.communicate(), 30)
    assert proc.returncode is not None
    return proc.returncode, (out + err).decode()


def _env(secret: str) -> dict[str, str]:
    return dict(os.environ, MYPBXDESK_SECRET=secret, PYTHONPATH=str(Path(__file__).parents[2]))


async def test_cli_dial_says_what_is_wrong_without_a_traceback() -> None:
    async with HostilePbx(offers_md5=False) as pbx:
        common = ["--no-forward", "--extension", "474", "--port", str(pbx.port)]
        code, text = await _cli("dial", *common, "--host", "pbx..local", "306", env=_env("pw"))
        assert code == 2 and "Traceback" not in text and "not a host name" in text
        code, text = await _cli(
            "dial", *common, "--host", "127.0.0.1", "306", env=_env("pass\rword")
        )
        assert code == 2 and "Traceback" not in text, text
        assert "line break" in text or "does not offer MD5" in text


# -- 4. login accepted, then reset; a PBX restart -----------------------------------------------
async def test_a_pbx_that_resets_after_every_login_gets_few_logins() -> None:
    async def scenario(s: HostileSession) -> None:
        s.writer.transport.abort()  # accepted, then reset at once

    async with HostilePbx(scenario) as pbx:
        client = client_for(pbx.port)  # delays 0.05 s → 0.4 s (the app: 1 s → 30 s)
        client.start()
        try:
            await asyncio.sleep(2.0)
        finally:
            await client.aclose()
        # Resetting the backoff on each login gave one login per base delay (~40).
        assert 4 <= pbx.logins <= 12


async def test_a_restarted_pbx_is_noticed_within_a_retry_interval() -> None:
    pbx = HostilePbx()
    await pbx.start()
    client = client_for(pbx.port)
    client.start()
    try:
        await client.wait_connected(5)
        await pbx.stop()  # the restart: AMI refuses connections
        await eventually(lambda: client.status.state is ConnectionState.RECONNECT_WAIT)
        await asyncio.sleep(0.5)
        await pbx.start()
        t0 = time.monotonic()
        await client.wait_connected(5)
        assert time.monotonic() - t0 <= 0.2 + 0.1  # the unreachable retry interval, not a backoff
    finally:
        await client.aclose()
        await pbx.stop()


# -- 5. a refused challenge --------------------------------------------------------------------
async def test_a_refused_challenge_never_downgrades_to_a_plain_secret() -> None:
    async with HostilePbx(offers_md5=False) as pbx:
        client = client_for(pbx.port)
        client.start()
        try:
            await eventually(lambda: client.status.state is ConnectionState.SETTINGS_ERROR)
            assert "does not offer MD5 login" in client.status.detail
            assert b"Secret" not in pbx.received and b"password" not in pbx.received
        finally:
            await client.aclose()


async def test_after_md5_once_a_refused_challenge_is_refused_even_with_plain_allowed() -> None:
    async with HostilePbx() as pbx:
        client = client_for(pbx.port, plain_login=True)
        client.start()
        try:
            await client.wait_connected(5)
            assert client.status.detail.endswith("md5 login)")
            pbx.offers_md5 = False  # a man in the middle now answers the challenge
            conn = client.connection
            assert conn is not None
            conn.abort()
            await eventually(lambda: client.status.state is ConnectionState.SETTINGS_ERROR)
            assert "offered before" in client.status.detail
            assert b"Secret" not in pbx.received
        finally:
            await client.aclose()


# -- 6. a PBX that echoes the secret -------------------------------------------------------------
async def test_cli_dial_and_monitor_never_print_an_echoed_secret() -> None:
    echo = f"Originate failed (secret={UNIQUE_SECRET})"

    async def scenario(s: HostileSession) -> None:
        while True:
            action = await s.next_action()
            if action.name.lower() in ("originate", "coreshowchannels"):
                s.reply(action, ("Response", "Error"), ("Message", echo))
            elif action.name.lower() == "logoff":
                s.reply(action, ("Response", "Goodbye"))
                return
            else:
                s.reply(action, ("Response", "Success"))

    async with HostilePbx(scenario, secret=UNIQUE_SECRET) as pbx:
        common = ["--extension", "474", "--host", "127.0.0.1", "--port", str(pbx.port)]
        code, text = await _cli("dial", "--no-forward", *common, "306", env=_env(UNIQUE_SECRET))
        assert code == 1, text
        assert "Originate failed" in text and UNIQUE_SECRET not in text
        assert "********" in text
    login_echo = (("Response", "Error"), ("Message", f"Login Already In Use: {UNIQUE_SECRET}"))
    async with HostilePbx(secret=UNIQUE_SECRET, login_reply=login_echo) as pbx:
        common = ["--extension", "474", "--host", "127.0.0.1", "--port", str(pbx.port)]
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "mypbxdesk",
            "monitor",
            "--no-history",
            *common,
            env=_env(UNIQUE_SECRET),
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        await eventually(lambda: pbx.sessions >= 2, timeout=15)
        proc.terminate()
        out, err = await asyncio.wait_for(proc.communicate(), 15)
        text = (out + err).decode()
        assert "Login Already In Use" in text and UNIQUE_SECRET not in text
