"""Injection: every user-supplied value that reaches the AMI wire, through the real
code paths, with CR, LF, NUL and a smuggled ``Action: Hangup``.

The proof is on the bytes the simulated PBX received (``sim.bytes_received``): no
extra action, no header line that is not ``Name: value``, no NUL, no Hangup.
Connection-level refusal of a raw Originate is in tests/client/test_connection.py
(``test_injection_is_refused_and_nothing_reaches_the_pbx``); the dialer's inline
refusal of a typed number is in tests/ui/test_dialer.py.
"""

from __future__ import annotations

import asyncio
import dataclasses
import math
import os
import sys
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

from mypbxdesk.ami.framing import Parser
from mypbxdesk.ami.message import Message
from mypbxdesk.base.numbers import InvalidNumber, clean_number
from mypbxdesk.service.phone import PhoneService
from mypbxdesk.settings.config import Settings
from mypbxdesk.sim import SimulatedPbx
from mypbxdesk.ui.callinfo import build_crm_url

from .conftest import eventually, make_service

PAYLOADS = [
    "474\r\nAction: Hangup\r\nChannel: SIP/474-00000001",
    "474\nAction: Hangup",
    "474\rAction: Hangup",
    "474\x00Action: Hangup",
    "474\r\n\r\nAction: Hangup\r\n\r\n",
    "\r\nAction: Hangup",
]
ALLOWED = {
    "challenge",
    "login",
    "coreshowchannels",
    "ping",
    "logoff",
    "originate",
    "redirect",
    "command",
}


def wire_actions(sim: SimulatedPbx) -> list[list[tuple[str, str]]]:
    """Re-read every byte the PBX received, as the PBX would, and check its shape."""
    data = bytes(sim.bytes_received)
    assert b"\x00" not in data
    assert b"hangup" not in data.lower()
    for line in data.split(b"\r\n"):
        assert b"\r" not in line and b"\n" not in line, line
        assert not line or b": " in line, line
    parser = Parser(expect_banner=False, command_output=False)
    parser.feed(data)
    out = [list(m.headers) for m in parser.drain() if isinstance(m, Message)]
    assert out, "nothing was read back"
    assert parser.buffered == 0
    for headers in out:
        names = [n.lower() for n, _ in headers]
        assert names.count("action") == 1, headers
        assert headers[0][1].lower() in ALLOWED, headers
    return out


async def _service(sim: SimulatedPbx, tmp_path: Path, **settings: object) -> PhoneService:
    service = make_service(sim.port, tmp_path)
    service.settings = dataclasses.replace(service.settings, **settings)  # type: ignore[arg-type]
    service.start()
    await service.client.wait_connected(5)
    return service


@pytest.mark.asyncio
@pytest.mark.parametrize("payload", PAYLOADS)
async def test_dialled_number(rsim: SimulatedPbx, tmp_path: Path, payload: str) -> None:
    service = await _service(rsim, tmp_path)
    try:
        with pytest.raises(InvalidNumber):
            await service.dial(clean_number(payload))
        with pytest.raises(InvalidNumber):
            await service.dial(clean_number("tel:" + payload.replace("474", "+1555")))
        assert service.status.state.value == "connected"
    finally:
        await service.aclose()
    assert not any(h[0][1].lower() == "originate" for h in wire_actions(rsim))


@pytest.mark.asyncio
@pytest.mark.parametrize("field", ["extension", "channel", "context", "caller_id"])
async def test_dial_settings(rsim: SimulatedPbx, tmp_path: Path, field: str) -> None:
    """Extension, channel, context template and caller ID as the settings (file or
    dialog) give them: refused by ``Settings.validate`` and, should a caller skip
    that, by the writer — never sent."""
    for payload in PAYLOADS:
        value = "DLPN_DialPlan{extension}" + payload if field == "context" else payload
        change: dict[str, Any] = {field: value}
        settings = dataclasses.replace(Settings(host="h", extension="474"), **change)
        assert any(name == field for name, _ in settings.validate()), (field, payload)
    service = await _service(rsim, tmp_path)
    try:
        for payload in PAYLOADS:
            value = "DLPN_DialPlan{extension}" + payload if field == "context" else payload
            change = {field: value}
            service.settings = dataclasses.replace(service.settings, **change)
            result = await service.dial(clean_number("306"))
            assert not result.ok
            assert result.message.startswith("not sent"), result.message
        assert service.status.state.value == "connected"  # the session survived
    finally:
        await service.aclose()
    assert not any(h[0][1].lower() == "originate" for h in wire_actions(rsim))


@pytest.mark.asyncio
async def test_transfer_target_and_context(rsim: SimulatedPbx, tmp_path: Path) -> None:
    service = await _service(rsim, tmp_path)
    try:
        await rsim.incoming_call(to="474", ring_time=math.inf)
        await eventually(lambda: len(service.calls) == 1 and bool(service.calls[0].peer_channel))
        call_id = service.calls[0].call_id
        for payload in PAYLOADS:
            outcome = await service.transfer(call_id, payload.replace("474", "306"))
            assert not outcome.ok and "extension" in outcome.message, outcome
        service.settings = dataclasses.replace(
            service.settings, context="DLPN_DialPlan{extension}\r\nAction: Hangup"
        )
        outcome = await service.transfer(call_id, "306")
        assert not outcome.ok and outcome.message.startswith("not sent"), outcome
        assert [c.call_id for c in service.calls] == [call_id]  # nothing happened to it
    finally:
        await service.aclose()
    assert not any(h[0][1].lower() == "redirect" for h in wire_actions(rsim))


@pytest.mark.asyncio
async def test_cli_dial_options(rsim: SimulatedPbx, tmp_path: Path) -> None:
    """``mypbxdesk dial --extension/--context/--channel``: usage error, nothing sent."""
    env = dict(
        os.environ,
        MYPBXDESK_SECRET="password",
        MYPBXDESK_DATA_DIR=str(tmp_path / "d"),
        MYPBXDESK_CONFIG_DIR=str(tmp_path / "c"),
    )
    base = [
        "-m",
        "mypbxdesk",
        "dial",
        "--no-forward",
        "--host",
        "127.0.0.1",
        "--port",
        str(rsim.port),
    ]
    cases = [
        ["--extension", PAYLOADS[0], "306"],
        ["--extension", "474", "--channel", "SIP/474\r\nAction: Hangup", "306"],
        ["--extension", "474", "--context", "ctx\nAction: Hangup", "306"],
        ["--extension", "474", "306\r\nAction: Hangup"],
    ]

    async def run(args: list[str]) -> tuple[int, str]:
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            *base,
            *args,
            env=env,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        _, err = await asyncio.wait_for(proc.communicate(), 30)
        assert proc.returncode is not None
        return proc.returncode, err.decode()

    results = await asyncio.gather(*(run(c) for c in cases))
    for args, (rc, err) in zip(cases, results, strict=True):
        assert rc == 2, (args, rc, err)
        assert "Traceback" not in err
    assert rsim.bytes_received == bytearray()  # refused before connecting at all


@pytest.mark.parametrize("payload", [*PAYLOADS, "x&y=1#frag", "../../etc/passwd", "a b?c"])
def test_crm_template_values_are_url_quoted(payload: str) -> None:
    """The CRM link is opened locally, not sent to AMI, but the caller's number and
    name (chosen by whoever calls) must not change the URL's structure."""
    url = build_crm_url("https://crm.example/search?q={number}&n={name}", payload, payload)
    assert url is not None
    assert not any(ord(c) < 33 for c in url)
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "crm.example", "/search")
    assert parts.fragment == ""
    query = dict(p.split("=", 1) for p in parts.query.split("&"))
    assert set(query) == {"q", "n"}
    assert unquote(query["q"]) == payload
