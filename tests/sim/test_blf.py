"""BLF: ExtensionStatus on every line change, ExtensionState, the state and peer lists,
in both dialects."""

from __future__ import annotations

import math

import pytest

from mypbxdesk.ami.message import Message
from mypbxdesk.sim import SimulatedPbx

from .amiclient import AmiClient
from .conftest import MakeClient, MakePbx


def statuses(messages: list[Message], exten: str) -> list[str]:
    return [m["Status"] for m in messages if m.is_event("ExtensionStatus") and m["Exten"] == exten]


@pytest.mark.asyncio
async def test_mypbx_blf_follows_a_call_like_capture_c1(
    pbx: SimulatedPbx, admin: AmiClient
) -> None:
    call = await pbx.incoming_call(caller="470", caller_name="Alice", to="474", via_trunk=False)
    msgs = await admin.until_event("Hangup", Channel=call.channel)
    msgs += await admin.events_for(0.05)
    assert statuses(msgs, "470") == ["1", "0"]  # the caller turns busy first (c1)
    assert statuses(msgs, "474") == ["8", "1", "0"]
    status = next(m for m in msgs if m.is_event("ExtensionStatus"))
    assert status.headers == (
        ("Event", "ExtensionStatus"),
        ("Privilege", "call,all"),
        ("Exten", "470"),
        ("Context", "hintextens"),
        ("Hint", "SIP/470"),
        ("Status", "1"),
    )
    assert not any(m.is_event("DeviceStateChange") for m in msgs)  # no such event in 1.8
    members = [m for m in msgs if m.is_event("QueueMemberStatus") and m["Location"] == "SIP/474"]
    assert [m["Status"] for m in members] == ["6", "2", "1"]  # device states, not hint states


@pytest.mark.asyncio
async def test_asterisk_blf_has_status_text_and_device_states(
    make_pbx: MakePbx, make_client: MakeClient
) -> None:
    pbx = await make_pbx(dialect="asterisk")
    client = await make_client(pbx.port, login="admin", secret="password", events="call")
    call = await pbx.incoming_call(caller="470", to="474", via_trunk=False)
    msgs = await client.until_event("Hangup", Channel=call.channel)
    msgs += await client.events_for(0.05)
    texts = [
        (m["Status"], m["StatusText"])
        for m in msgs
        if m.is_event("ExtensionStatus") and m["Exten"] == "474"
    ]
    assert texts == [("8", "Ringing"), ("1", "InUse"), ("0", "Idle")]
    devices = [m["State"] for m in msgs if m.is_event("DeviceStateChange")]
    assert devices[:1] == ["INUSE"] and "RINGING" in devices and devices[-1] == "NOT_INUSE"
    assert {m["Context"] for m in msgs if m.is_event("ExtensionStatus")} == {"hintextens"}


@pytest.mark.asyncio
@pytest.mark.parametrize("dialect", ["mypbx", "asterisk"])
async def test_in_use_and_ringing_is_9(
    make_pbx: MakePbx, make_client: MakeClient, dialect: str
) -> None:
    pbx = await make_pbx(dialect=dialect, talk_time=math.inf)
    client = await make_client(pbx.port, login="admin", secret="password")
    await pbx.incoming_call(caller="470", to="474", via_trunk=False)
    await client.until_event("ExtensionStatus", Exten="474", Status="1")
    await pbx.incoming_call(caller="503", to="474", via_trunk=False, ring_time=5.0)
    await client.until_event("ExtensionStatus", Exten="474", Status="9")
    assert pbx.extension_state("474") == 9


@pytest.mark.asyncio
@pytest.mark.parametrize("dialect", ["mypbx", "asterisk"])
async def test_extension_state_answers(
    make_pbx: MakePbx, make_client: MakeClient, dialect: str
) -> None:
    pbx = await make_pbx(dialect=dialect)
    client = await make_client(pbx.port, login="admin", secret="password")
    tech = "SIP" if dialect == "mypbx" else "PJSIP"
    ok = await client.action("ExtensionState", ("Exten", "474"), ("Context", "DLPN_DialPlan474"))
    assert (ok["Hint"], ok["Status"], ok["Context"]) == (f"{tech}/474", "0", "DLPN_DialPlan474")
    for exten, context in (("999", "DLPN_DialPlan474"), ("474", "no-such-context")):
        unknown = await client.action("ExtensionState", ("Exten", exten), ("Context", context))
        assert unknown.name == "Success"  # never an error (c1)
        assert (unknown["Hint"], unknown["Status"]) == ("", "-1")
    slot = await client.action("ExtensionState", ("Exten", "701"), ("Context", "parkedcalls"))
    if dialect == "mypbx":  # parkinghints=yes in capture c1
        assert (slot["Hint"], slot["Status"]) == ("park:701@parkedcalls", "0")
        assert "StatusText" not in slot
    else:  # parkinghints=no in ../shared/asterisk
        assert (slot["Hint"], slot["StatusText"]) == ("", "Unknown")
    missing = await client.action("ExtensionState")
    assert missing.message_text == "Extension not specified"


@pytest.mark.asyncio
async def test_sippeers_and_sipshowpeer_give_every_extension_and_its_name(
    pbx: SimulatedPbx, admin: AmiClient
) -> None:
    await admin.send("SIPpeers", action_id="peers")
    msgs = await admin.until_event("PeerlistComplete")
    assert msgs[0].headers == (
        ("Response", "Success"),
        ("ActionID", "peers"),
        ("EventList", "start"),
        ("Message", "Peer status list will follow"),
    )
    peers = [m["ObjectName"] for m in msgs if m.is_event("PeerEntry")]
    assert peers == ["303", "305", "306", "470", "474", "503", "trunk-sps-test1"]
    assert msgs[-1].headers[:3] == (
        ("Event", "PeerlistComplete"),
        ("EventList", "Complete"),
        ("ListItems", "7"),
    )
    detail = await admin.action("SIPshowpeer", ("Peer", "474"))
    assert (detail["Callerid"], detail["Context"], detail["VoiceMailbox"]) == (
        '"Reception" <474>',
        "DLPN_DialPlan474",
        "474@default",
    )
    missing = await admin.action("SIPshowpeer", ("Peer", "999"))
    assert missing.message_text == "Peer 999 not found."
    assert (await admin.action("SIPshowpeer")).message_text == "Peer: <name> missing."
    unknown = await admin.action("ExtensionStateList")
    assert unknown.message_text.startswith("Invalid/unknown command")  # 1.8 has none


@pytest.mark.asyncio
async def test_asterisk_lists_hints_devices_and_endpoints(
    make_pbx: MakePbx, make_client: MakeClient
) -> None:
    pbx = await make_pbx(dialect="asterisk", names={"474": "Front Desk"})
    client = await make_client(pbx.port, login="admin", secret="password")
    await client.send("ExtensionStateList", action_id="esl")
    msgs = await client.until_event("ExtensionStateListComplete")
    items = [m for m in msgs if m.is_event("ExtensionStatus")]
    assert len(items) == 7 and "Privilege" not in items[0]
    assert items[0].headers[1] == ("ActionID", "esl")
    assert msgs[-1]["ListItems"] == "7"
    await client.send("DeviceStateList", action_id="dsl")
    devices = await client.until_event("DeviceStateListComplete")
    assert ("PJSIP/474", "NOT_INUSE") in [
        (m["Device"], m["State"]) for m in devices if m.is_event("DeviceStateChange")
    ]
    await client.send("PJSIPShowEndpoints", action_id="eps")
    endpoints = await client.until_event("EndpointListComplete")
    names = [m["ObjectName"] for m in endpoints if m.is_event("EndpointList")]
    assert "474" in names and "trunk" in names
    await client.send("PJSIPShowEndpoint", ("Endpoint", "PJSIP/474"), action_id="ep")
    detail = await client.until_event("EndpointDetailComplete")
    assert detail[1]["Callerid"] == '"Front Desk" <474>'
    missing = await client.action("PJSIPShowEndpoint", ("Endpoint", "999"))
    assert missing.message_text == "Unable to retrieve endpoint 999"
    assert (await client.action("SIPpeers")).message_text.startswith("Invalid/unknown")


@pytest.mark.asyncio
async def test_offline_phone_is_unavailable(pbx: SimulatedPbx, admin: AmiClient) -> None:
    pbx.set_phone("306", "offline")
    assert pbx.extension_state("306") == 4
    await admin.until_event("ExtensionStatus", Exten="306", Status="4")
    await admin.send("SIPpeers", action_id="p")
    msgs = await admin.until_event("PeerlistComplete")
    entry = next(m for m in msgs if m.get("ObjectName") == "306")
    assert entry["Status"] == "UNREACHABLE"
    pbx.set_phone("306", "answer")
    await admin.until_event("ExtensionStatus", Exten="306", Status="0")
