"""Every message the simulator writes has the header names, case and order of the real PBX.

The reference is the byte-exact recordings in ``tests/data``: a real Asterisk 1.8
(``captures18``, = MyPBX) and a real Asterisk 22 (``asterisk22``), plus the single
messages of ``ami-transcripts`` (header sets taken from the Asterisk sources), parsed
with the project's own Parser. A scenario drives every kind of call and list through the
simulator; each message whose kind appears in the recordings must match one of the
recorded header layouts exactly (values aside).
"""

from __future__ import annotations

import math
from collections import defaultdict
from pathlib import Path

import pytest

from mypbxdesk.ami.framing import Banner, Parser, Signal
from mypbxdesk.ami.message import Kind, Message
from mypbxdesk.sim import SimulatedPbx

from .amiclient import AmiClient
from .conftest import MakeClient, MakePbx

DATA = Path(__file__).parent.parent / "data"
Layouts = dict[tuple[str, ...], set[tuple[str, ...]]]


def kind_of(m: Message) -> tuple[str, ...]:
    """What makes two messages comparable: name, sub-event, and the shape variant."""
    if m.kind is Kind.RESPONSE:
        return (
            "Response",
            m.name,
            m.message_text
            or next((n for n, _ in m.headers if n not in ("Response", "ActionID")), ""),
        )
    return (
        m.name,
        m.get("SubEvent") or "",
        m.get("Variable") or "",
        "pbx" if "ChannelState" in m else "",
        "caller" if "Channel" in m else "",
        "bridged" if "BridgedChannel" in m else "",
    )


def layouts(*patterns: str) -> Layouts:
    found: Layouts = defaultdict(set)
    paths = [p for pattern in patterns for p in sorted(DATA.glob(pattern))]
    for path in paths:
        if path.name.endswith(".sent.txt") or "banner" in path.name:
            continue
        parser = Parser(expect_banner=path.suffix == ".raw")
        parser.feed(path.read_bytes())
        parser.feed(b"")
        while not isinstance(item := parser.next(), Signal):
            if not isinstance(item, Banner):
                found[kind_of(item)].add(tuple(n for n, _ in item.headers))
    return found


def compare(reference: Layouts, messages: list[Message]) -> set[tuple[str, ...]]:
    """The kinds that were compared; fails on the first layout that differs."""
    checked = set()
    for m in messages:
        key = kind_of(m)
        if key in reference:
            names = tuple(n for n, _ in m.headers)
            assert names in reference[key], f"{key}: {names} not in {reference[key]}"
            checked.add(key)
    return checked


async def _scenario(pbx: SimulatedPbx, client: AmiClient) -> list[Message]:
    tech = "SIP" if pbx.dialect == "mypbx" else "PJSIP"
    await client.action("Ping", action_id="ping-1")
    await client.action("Events", ("EventMask", "on"), action_id="ev-on")
    await client.action("Events", ("EventMask", "off"), action_id="ev-off")
    await client.action("Events", ("EventMask", "on"), action_id="ev-on2")
    await client.action("NoSuchAction", action_id="bogus")
    await client.action("Challenge", ("AuthType", "MD5"), action_id="chal")
    call = await pbx.incoming_call(
        caller="470", caller_name="Alice", to="474", via_trunk=False, talk_time=math.inf
    )
    await client.until(
        lambda m: (
            m.name in ("Bridge", "BridgeEnter")
            and call.channel in (m.get("Channel1"), m.get("Channel"))
        )
    )
    await client.action("Status", action_id="status-all")
    await client.action("CoreShowChannels", action_id="csc")
    await client.action("Command", ("Command", "core show channels"), action_id="cmd-1")
    await client.action("Hangup", ("Channel", call.channel), action_id="hangup-2")
    await call.wait()
    await pbx.incoming_call(caller="470", to="474", via_trunk=False, outcome="missed")
    await client.send(
        "Originate",
        ("Channel", f"{tech}/503"),
        ("Context", "DLPN_DialPlan503"),
        ("Exten", "13806012345"),
        ("Priority", "1"),
        ("Timeout", "30000"),
        ("CallerID", "503"),
        ("Async", "true"),
        action_id="1",
    )
    pbx.set_phone("474", "noanswer")
    await client.send(
        "Originate",
        ("Channel", f"{tech}/474"),
        ("Context", "DLPN_DialPlan474"),
        ("Exten", "503"),
        ("Priority", "1"),
        ("Timeout", "50"),
        ("CallerID", '"Desk" <474>'),
        ("Async", "true"),
        action_id="2c",
    )
    await pbx.wait_idle()
    await client.action("Status", action_id="status-empty")
    await client.action("CoreShowChannels", action_id="csc-empty")
    await client.send("Logoff", action_id="logoff")
    await client.expect_eof()
    return client.messages


@pytest.mark.asyncio
async def test_mypbx_matches_the_asterisk_18_captures(
    make_pbx: MakePbx, make_client: MakeClient
) -> None:
    reference = layouts("captures18/*.from-pbx.raw", "ami-transcripts/18-*.txt")
    pbx = await make_pbx(dialect="mypbx")
    client = await make_client(pbx.port, login="admin", secret="password")
    checked = compare(reference, await _scenario(pbx, client))
    names = {key[0] for key in checked}
    assert names >= {
        "Newchannel",
        "Newstate",
        "NewCallerid",
        "Newexten",
        "VarSet",
        "Dial",
        "Bridge",
        "Unlink",
        "Hangup",
        "Cdr",
        "OriginateResponse",
        "FullyBooted",
        "Status",
        "StatusComplete",
        "CoreShowChannel",
        "CoreShowChannelsComplete",
        "Response",
    }
    assert len(checked) >= 29


@pytest.mark.asyncio
async def test_asterisk_matches_the_asterisk_22_recording(
    make_pbx: MakePbx, make_client: MakeClient
) -> None:
    reference = layouts("asterisk22/*.from-asterisk.raw", "ami-transcripts/22-*.txt")
    pbx = await make_pbx(dialect="asterisk")
    client = await make_client(pbx.port, login="admin", secret="password")
    checked = compare(reference, await _scenario(pbx, client))
    names = {key[0] for key in checked}
    assert names >= {
        "Newchannel",
        "Newstate",
        "NewCallerid",
        "Newexten",
        "VarSet",
        "DialBegin",
        "DialState",
        "DialEnd",
        "BridgeCreate",
        "BridgeEnter",
        "BridgeLeave",
        "BridgeDestroy",
        "Hangup",
        "FullyBooted",
        "SuccessfulAuth",
        "CoreShowChannel",
        "CoreShowChannelsComplete",
        "Response",
        "Cdr",
        "OriginateResponse",
        "Status",
        "StatusComplete",
    }
