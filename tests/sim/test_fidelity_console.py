"""The operator-console messages have the header names, case, order and Privilege of the
real PBX: every flow of the console captures (1.8: c1-c6, 22: console-*) is driven
through the simulator, and each message whose kind was recorded must match one of the
recorded layouts exactly (``test_fidelity.compare``; list items without Privilege,
``ActionID`` where Asterisk puts it, 1.8's spellings).
"""

from __future__ import annotations

import asyncio
import math
from collections.abc import Callable

import pytest

from mypbxdesk.ami.message import Message
from mypbxdesk.sim import SimulatedPbx

from .amiclient import AmiClient
from .conftest import MakeClient, MakePbx, bridged_call
from .test_fidelity import compare, layouts


async def _settle(client: AmiClient, pbx: SimulatedPbx) -> None:
    """Hang up whatever is left, then wait until the PBX is idle."""
    while pbx.channels:
        await client.action("Hangup", ("Channel", pbx.channels[0]))
        await client.events_for(0.02)
    await asyncio.wait_for(pbx.wait_idle(), 5)
    await client.events_for(0.05)


def _local_two(name: str) -> Callable[[Message], bool]:
    return lambda m: m.is_event(name) and (m.get("Channel") or "").endswith(";2")


async def _blf(pbx: SimulatedPbx, client: AmiClient, legacy: bool) -> None:
    for exten, context in (("474", "DLPN_DialPlan474"), ("999", "DLPN_DialPlan474")):
        await client.action("ExtensionState", ("Exten", exten), ("Context", context))
    await client.action("ExtensionState", ("Exten", "474"), ("Context", "no-such-context"))
    await client.action("ExtensionState", ("Exten", "701"), ("Context", "parkedcalls"))
    if legacy:
        await client.send("SIPpeers", action_id="peers")
        await client.until_event("PeerlistComplete")
        await client.action("SIPshowpeer", ("Peer", "474"))
    else:
        await client.send("ExtensionStateList", action_id="esl")
        await client.until_event("ExtensionStateListComplete")
        await client.send("DeviceStateList", action_id="dsl")
        await client.until_event("DeviceStateListComplete")
        await client.send("PJSIPShowEndpoints", action_id="eps")
        await client.until_event("EndpointListComplete")


async def _park(pbx: SimulatedPbx, client: AmiClient, legacy: bool, tech: str) -> None:
    key = "Channel2" if legacy else "TimeoutChannel"
    caller, callee = await bridged_call(pbx, client)
    await client.action("Park", ("Channel", caller), (key, callee))
    await client.until_event("ParkedCall")
    await client.send("ParkedCalls", action_id="parked")
    await client.until_event("ParkedCallsComplete")
    context = "parkedcalls" if legacy else "DLPN_DialPlan305"
    await client.send(
        "Originate",
        ("Channel", f"{tech}/305"),
        ("Context", context),
        ("Exten", "701"),
        ("Priority", "1"),
        ("CallerID", '"Ext 305" <305>'),
        ("Async", "true"),
    )
    await client.until_event("UnParkedCall")
    await _settle(client, pbx)
    # a park that times out, then one whose caller gives up
    caller, callee = await bridged_call(pbx, client)
    await client.action("Park", ("Channel", caller), (key, callee), ("Timeout", "200"))
    await client.until_event("ParkedCallTimeOut", timeout=5)
    await _settle(client, pbx)
    caller, callee = await bridged_call(pbx, client)
    await client.action("Park", ("Channel", caller), (key, callee))
    await client.until_event("ParkedCall")
    await client.action("Hangup", ("Channel", caller))
    await client.until_event("ParkedCallGiveUp")
    await _settle(client, pbx)


async def _pickup(pbx: SimulatedPbx, client: AmiClient, tech: str) -> None:
    pbx.set_ring_time("474", 5.0)
    call = await pbx.incoming_call(caller="470", caller_name="Alice", to="474", via_trunk=False)
    await client.send(
        "Originate",
        ("Channel", f"{tech}/305"),
        ("Application", "PickupChan"),
        ("Data", f"{tech}/474"),
        ("CallerID", '"Reception" <305>'),
        ("Async", "true"),
    )
    await client.until_event("Pickup")
    pbx.set_ring_time("474", None)
    await client.action("Hangup", ("Channel", call.channel))
    await _settle(client, pbx)


async def _queue(pbx: SimulatedPbx, client: AmiClient, legacy: bool, tech: str) -> None:
    await client.send("QueueStatus", action_id="qs1")
    await client.until_event("QueueStatusComplete")
    await client.send("QueueSummary", ("Queue", "reception"), action_id="qsum")
    await client.until_event("QueueSummaryComplete")
    pbx.set_ring_time("474", 0.2)
    pbx.set_ring_time("305", 0.2)
    await client.send(
        "Originate",
        ("Channel", f"{tech}/470"),
        ("Context", "DLPN_DialPlan470"),
        ("Exten", "610"),
        ("Priority", "1"),
        ("CallerID", '"Alice" <470>'),
        ("Async", "true"),
    )
    await client.until_event("AgentCalled")
    await client.send("QueueStatus", ("Queue", "reception"), action_id="qs2")
    await client.until_event("QueueStatusComplete")
    await client.until_event("AgentConnect")
    reason = () if legacy else (("Reason", "lunch"),)
    for paused in ("true", "false"):
        await client.action(
            "QueuePause",
            ("Interface", f"{tech}/305"),
            ("Paused", paused),
            ("Queue", "reception"),
            *reason,
        )
    add = (("Queue", "reception"), ("Interface", f"{tech}/306"), ("MemberName", "Ext 306"))
    await client.action("QueueAdd", *add)
    await client.action("QueueAdd", *add)
    await client.action("QueueRemove", ("Queue", "reception"), ("Interface", f"{tech}/306"))
    await client.action("QueueRemove", ("Queue", "reception"), ("Interface", f"{tech}/306"))
    await client.action("QueueRemove", ("Queue", "reception"), ("Interface", f"{tech}/474"))
    await client.action("QueuePause", ("Interface", f"{tech}/999"), ("Paused", "true"))
    caller = pbx.channels[0]
    await client.action("Hangup", ("Channel", caller))
    await client.until_event("AgentComplete")
    pbx.set_ring_time("474", None)
    pbx.set_ring_time("305", None)
    await _settle(client, pbx)


async def _voicemail(pbx: SimulatedPbx, client: AmiClient) -> None:
    await client.action("MailboxCount", ("Mailbox", "474@default"))
    await client.action("MailboxStatus", ("Mailbox", "474@default"))
    await client.action("MailboxStatus")
    await client.send("VoicemailUsersList", action_id="vul")
    await client.until_event("VoicemailUserEntryComplete")
    await pbx.dial_extension("*474", "470", "Alice", via_trunk=False)
    await client.until_event("MessageWaiting")
    await client.action("MailboxCount", ("Mailbox", "474@default"))
    await _settle(client, pbx)


async def _transfers(pbx: SimulatedPbx, client: AmiClient, legacy: bool) -> None:
    caller, callee = await bridged_call(pbx, client)
    await client.action("Atxfer", ("Channel", callee), ("Exten", "306"))
    if legacy:
        await client.until_event("Bridge", Channel1=callee)
    else:
        await client.until(_local_two("BridgeEnter"))
    await client.action("Hangup", ("Channel", callee))
    await client.until_event("Bridge" if legacy else "LocalOptimizationEnd")
    await client.action("Hangup", ("Channel", caller))
    await _settle(client, pbx)
    if legacy:
        return
    caller, callee = await bridged_call(pbx, client)
    pbx.set_ring_time("503", 5.0)
    await client.action("Atxfer", ("Channel", callee), ("Exten", "503#"))
    await client.until(_local_two("DialBegin"))
    await client.action("CancelAtxfer", ("Channel", callee))
    await client.until_event("Unhold")
    pbx.set_ring_time("503", None)
    await client.action("BlindTransfer", ("Channel", callee), ("Exten", "306"))
    await client.until_event("BlindTransfer")
    await _settle(client, pbx)


async def _console(pbx: SimulatedPbx, client: AmiClient) -> list[Message]:
    legacy = pbx.dialect == "mypbx"
    tech = "SIP" if legacy else "PJSIP"
    await _blf(pbx, client, legacy)
    await _park(pbx, client, legacy, tech)
    await _pickup(pbx, client, tech)
    await _queue(pbx, client, legacy, tech)
    await _voicemail(pbx, client)
    await _transfers(pbx, client, legacy)
    await client.send("Logoff", action_id="logoff")
    await client.expect_eof()
    return client.messages


COMMON = {
    "ExtensionStatus",
    "ParkedCall",
    "ParkedCallsComplete",
    "UnParkedCall",
    "Pickup",
    "QueueParams",
    "QueueMember",
    "QueueEntry",
    "QueueStatusComplete",
    "QueueSummary",
    "QueueSummaryComplete",
    "QueueMemberStatus",
    "QueueMemberAdded",
    "QueueMemberRemoved",
    "AgentCalled",
    "AgentConnect",
    "AgentComplete",
}
RESPONSES = {
    "Extension Status",
    "Park successful",
    "Parked calls will follow",
    "Queue status will follow",
    "Queue summary will follow",
    "Interface paused successfully",
    "Interface unpaused successfully",
    "Added interface to queue",
    "Removed interface from queue",
}
#: Recorded in 1.8 only (the 22 flows did not provoke them; their 22 layouts come from
#: the sources and cannot be compared).
RESPONSES_18 = {
    "Unable to add interface: Already there",
    "Unable to remove interface: Not there",
    "Interface not found",
    "Mailbox Message Count",
    "Mailbox Status",
    "Mailbox not specified",
    "Peer status list will follow",
    "Channeltype",  # SIPshowpeer: one big response without a Message
    "Atxfer successfully queued",  # ami-transcripts/18-atxfer.txt
    "Voicemail user list will follow",
}


@pytest.mark.asyncio
async def test_console_mypbx_matches_the_asterisk_18_captures(
    make_pbx: MakePbx, make_client: MakeClient
) -> None:
    reference = layouts("captures18/c*.from-pbx.raw", "ami-transcripts/18-*.txt")
    pbx = await make_pbx(dialect="mypbx", talk_time=math.inf, park_time=30.0)
    client = await make_client(pbx.port, login="admin", secret="password")
    checked = compare(reference, await asyncio.wait_for(_console(pbx, client), 60))
    names = {key[0] for key in checked if key[0] != "Response"}
    responses = {key[2] for key in checked if key[0] == "Response"}
    assert names >= COMMON | {
        "Masquerade",
        "Rename",
        "MusicOnHold",
        "Join",
        "Leave",
        "QueueMemberPaused",
        "PeerEntry",
        "PeerlistComplete",
        "MessageWaiting",
        "VoicemailUserEntry",
        "VoicemailUserEntryComplete",
    }
    assert responses >= RESPONSES | RESPONSES_18


@pytest.mark.asyncio
async def test_console_asterisk_matches_the_asterisk_22_recordings(
    make_pbx: MakePbx, make_client: MakeClient
) -> None:
    reference = layouts("asterisk22/console-*.from-asterisk.raw", "ami-transcripts/22-*.txt")
    pbx = await make_pbx(dialect="asterisk", talk_time=math.inf, park_time=30.0)
    client = await make_client(pbx.port, login="admin", secret="password")
    checked = compare(reference, await asyncio.wait_for(_console(pbx, client), 60))
    names = {key[0] for key in checked if key[0] != "Response"}
    responses = {key[2] for key in checked if key[0] == "Response"}
    assert names >= COMMON | {
        "DeviceStateChange",
        "ExtensionStateListComplete",
        "DeviceStateListComplete",
        "EndpointList",
        "EndpointListComplete",
        "ParkedCallTimeOut",
        "ParkedCallGiveUp",
        "MusicOnHoldStart",
        "MusicOnHoldStop",
        "QueueCallerJoin",
        "QueueCallerLeave",
        "QueueMemberPause",
        "BlindTransfer",
        "AttendedTransfer",
        "DTMFEnd",
        "Hold",
        "Unhold",
        "LocalBridge",
        "LocalOptimizationBegin",
        "LocalOptimizationEnd",
        "BridgeMerge",
        "BridgeCreate",
        "BridgeEnter",
        "BridgeLeave",
    }
    assert responses >= RESPONSES | {
        "Member not dynamic",
        "Extension Statuses will follow",
        "Device State Changes will follow",
        "A listing of Endpoints follows, presented as EndpointList events",
        "Transfer succeeded",
        "Atxfer successfully queued",
        "CancelAtxfer successfully queued",
    }
