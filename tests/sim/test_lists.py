"""Status, CoreShowChannels and Command output, in the shapes of each dialect."""

from __future__ import annotations

import math
import re

import pytest

from mypbxdesk.sim import SimCall, SimulatedPbx

from .amiclient import AmiClient
from .conftest import MakeClient, MakePbx


async def _live_call(
    make_pbx: MakePbx, make_client: MakeClient, dialect: str
) -> tuple[SimulatedPbx, AmiClient, SimCall]:
    """470 ("Alice") calls 474, 474 answers, the call stays up."""
    pbx = await make_pbx(dialect=dialect, talk_time=math.inf)
    client = await make_client(pbx.port, login="admin", secret="password", events="off")
    call = await pbx.incoming_call(caller="470", caller_name="Alice", to="474", via_trunk=False)
    while len(pbx.engine.channels) < 2 or not all(c.bridged for c in pbx.engine.channels.values()):
        await client.events_for(0.01)
    return pbx, client, call


@pytest.mark.asyncio
async def test_status_mypbx_two_shapes_privilege_call_actionid_last(
    make_pbx: MakePbx, make_client: MakeClient
) -> None:
    _, client, call = await _live_call(make_pbx, make_client, "mypbx")
    await client.send("Status", action_id="status-all")
    msgs = await client.until(lambda m: m.is_event("StatusComplete"))
    ack, caller, callee, complete = msgs
    assert ack.headers == (
        ("Response", "Success"),
        ("ActionID", "status-all"),
        ("Message", "Channel status will follow"),
    )
    assert [n for n, _ in caller.headers] == [
        "Event",
        "Privilege",
        "Channel",
        "CallerIDNum",
        "CallerIDName",
        "ConnectedLineNum",
        "ConnectedLineName",
        "Accountcode",
        "ChannelState",
        "ChannelStateDesc",
        "Context",
        "Extension",
        "Priority",
        "Seconds",
        "BridgedChannel",
        "BridgedUniqueid",
        "Uniqueid",
        "ActionID",
    ]
    assert (
        caller["Privilege"],
        caller["Channel"],
        caller["CallerIDName"],
        caller["ConnectedLineNum"],
        caller["BridgedChannel"],
        caller["Uniqueid"],
    ) == ("Call", call.channel, "Alice", "474", call.destinations[0], call.uniqueid)
    assert [n for n, _ in callee.headers] == [
        "Event",
        "Privilege",
        "Channel",
        "CallerIDNum",
        "CallerIDName",
        "ConnectedLineNum",
        "ConnectedLineName",
        "Account",
        "State",
        "BridgedChannel",
        "BridgedUniqueid",
        "Uniqueid",
        "ActionID",
    ]
    assert callee["State"] == "Up"
    assert complete.headers == (
        ("Event", "StatusComplete"),
        ("ActionID", "status-all"),
        ("Items", "2"),
    )
    one = await client.action("Status", ("Channel", call.destinations[0]), action_id="one")
    assert "EventList" not in one
    items = await client.until(lambda m: m.is_event("StatusComplete"))
    assert [m["Channel"] for m in items[:-1]] == [call.destinations[0]]
    unknown = await client.action("Status", ("Channel", "SIP/999-00000000"))
    assert unknown.message_text == "No such channel"


@pytest.mark.asyncio
async def test_coreshowchannels_mypbx(make_pbx: MakePbx, make_client: MakeClient) -> None:
    _, client, call = await _live_call(make_pbx, make_client, "mypbx")
    await client.send("CoreShowChannels", action_id="csc")
    msgs = await client.until(lambda m: m.is_event("CoreShowChannelsComplete"))
    assert msgs[0].headers == (
        ("Response", "Success"),
        ("ActionID", "csc"),
        ("EventList", "start"),
        ("Message", "Channels will follow"),
    )
    caller = msgs[1]
    assert caller.headers[:4] == (
        ("Event", "CoreShowChannel"),
        ("ActionID", "csc"),
        ("Channel", call.channel),
        ("UniqueID", call.uniqueid),
    )
    assert (
        caller["CallerIDnum"],
        caller["Application"],
        caller["ApplicationData"],
        caller["BridgedChannel"],
    ) == ("470", "Dial", "SIP/474,1,tT", call.destinations[0])
    assert re.fullmatch(r"\d\d:\d\d:\d\d", caller["Duration"])
    callee = msgs[2]
    assert (callee["Application"], callee["ApplicationData"], callee["Context"]) == (
        "AppDial",
        "(Outgoing Line)",
        "DLPN_DialPlan474",
    )
    assert msgs[3].headers == (
        ("Event", "CoreShowChannelsComplete"),
        ("EventList", "Complete"),
        ("ListItems", "2"),
        ("ActionID", "csc"),
    )


@pytest.mark.asyncio
async def test_status_and_coreshowchannels_asterisk(
    make_pbx: MakePbx, make_client: MakeClient
) -> None:
    _, client, call = await _live_call(make_pbx, make_client, "asterisk")
    await client.send("CoreShowChannels", action_id="5")
    msgs = await client.until(lambda m: m.is_event("CoreShowChannelsComplete"))
    item = msgs[1]
    assert (item["Channel"], item["Uniqueid"], item["Linkedid"], item["Priority"]) == (
        call.channel,
        call.uniqueid,
        call.uniqueid,
        "2",
    )
    assert re.fullmatch(r"[0-9a-f-]{36}", item["BridgeId"])
    assert msgs[-1].headers == (
        ("Event", "CoreShowChannelsComplete"),
        ("ActionID", "5"),
        ("EventList", "Complete"),
        ("ListItems", "2"),
    )
    await client.send("Status", action_id="st1")
    status = await client.until(lambda m: m.is_event("StatusComplete"))
    assert status[0].headers == (
        ("Response", "Success"),
        ("ActionID", "st1"),
        ("EventList", "start"),
        ("Message", "Channel status will follow"),
    )
    assert status[1]["Privilege"] == "Call" and status[1].headers[-1] == ("ActionID", "st1")
    assert status[1]["BridgeID"] == item["BridgeId"]
    assert status[-1].headers == (
        ("Event", "StatusComplete"),
        ("ActionID", "st1"),
        ("EventList", "Complete"),
        ("ListItems", "2"),
        ("Items", "2"),
    )


@pytest.mark.asyncio
async def test_empty_lists(admin: AmiClient) -> None:
    await admin.send("Status", action_id="status-empty")
    assert [m.name for m in await admin.until(lambda m: m.is_event("StatusComplete"))] == [
        "Success",
        "StatusComplete",
    ]
    await admin.send("CoreShowChannels", action_id="csc-empty")
    done = await admin.until(lambda m: m.is_event("CoreShowChannelsComplete"))
    assert done[-1]["ListItems"] == "0"


@pytest.mark.asyncio
async def test_command_mypbx_is_follows_with_bare_lf_body(
    make_pbx: MakePbx, make_client: MakeClient
) -> None:
    _, client, call = await _live_call(make_pbx, make_client, "mypbx")
    start = len(client.raw)
    response = await client.action("Command", ("Command", "core show channels"), action_id="cmd-1")
    raw = bytes(client.raw[start:])
    callee = call.destinations[0]
    assert raw == (
        b"Response: Follows\r\nPrivilege: Command\r\nActionID: cmd-1\r\n"
        b"Channel              Location             State   Application(Data)             \n"
        + f"{call.channel}     474@DLPN_DialPlan470 Up      "
        "Dial(SIP/474,1,tT)            \n".encode()
        + f"{callee}     (None)               Up      AppDial((Outgoing Line))      \n".encode()
        + b"2 active channels\n1 active call\n1 call processed\n--END COMMAND--\r\n\r\n"
    )
    assert response.output[-3:] == ["2 active channels", "1 active call", "1 call processed"]

    block = await client.action("Command", ("Command", f"core show channel {call.channel}"))
    assert block.output[:4] == [
        " -- General --",
        f"           Name: {call.channel}",
        "           Type: SIP",
        f"       UniqueID: {call.uniqueid}",
    ]
    assert "        Context: DLPN_DialPlan470" in block.output
    assert " Caller ID Name: Alice" in block.output
    unknown = await client.action("Command", ("Command", "core show channel SIP/999"))
    assert unknown.output == ["SIP/999 is not a known channel"]
    version = await client.action("Command", ("Command", "core show version"))
    assert version.output[0].startswith("Asterisk 1.8.32.3 built by")
    no_such = await client.action("Command", ("Command", "no such command here"), action_id="cmd-5")
    assert no_such.name == "Follows"  # 1.8 answers Follows even then (capture 7)
    assert no_such.output == [
        "No such command 'no such command here' (type 'core show help "
        "no such' for other possible commands)"
    ]
    peers = await client.action("Command", ("Command", "sip show peers"))
    assert peers.output[0].startswith("Name/username             Host")
    assert peers.output[-1] == (
        "7 sip peers [Monitored: 0 online, 0 offline Unmonitored: 7 online, 0 offline]"
    )


@pytest.mark.asyncio
async def test_dahdi_show_channel_tells_extension_from_trunk(
    admin: AmiClient, pbx: SimulatedPbx
) -> None:
    phone = await admin.action("Command", ("Command", "dahdi show channel 5"))
    assert "Signalling Type: FXO Kewlstart" in phone.output
    assert "Context: DLPN_DialPlan601" in phone.output
    trunk = await admin.action("Command", ("Command", "dahdi show channel 2"))
    assert "Signalling Type: FXS Kewlstart" in trunk.output
    assert "Context: from-trunk" in trunk.output
    missing = await admin.action("Command", ("Command", "dahdi show channel 9"))
    assert missing.output == ["Unable to find given channel 9"]
    listing = await admin.action("Command", ("Command", "dahdi show channels"))
    assert listing.output[0].split() == [
        "Chan",
        "Extension",
        "Context",
        "Language",
        "MOH",
        "Interpret",
        "Blocked",
        "State",
    ]
    call = await pbx.incoming_call(to="601", ring_time=5.0)
    by_port = await admin.action("Command", ("Command", "core show channel 5"))
    assert f"           Name: {call.destinations[0]}" in by_port.output  # seed §1.4


@pytest.mark.asyncio
async def test_command_asterisk_uses_output_headers(
    make_pbx: MakePbx, make_client: MakeClient
) -> None:
    _, client, call = await _live_call(make_pbx, make_client, "asterisk")
    start = len(client.raw)
    response = await client.action("Command", ("Command", "core show channels"), action_id="4")
    raw = bytes(client.raw[start:])
    assert raw.startswith(
        b"Response: Success\r\nActionID: 4\r\nMessage: Command output follows\r\nOutput: Channel "
    )
    assert b"\n" not in raw.replace(b"\r\n", b"")  # every line ends in CRLF
    assert raw.endswith(b"Output: 1 call processed\r\n\r\n")
    header, first = response.output[:2]
    assert len(header) == 136 and header.index("Location") == 65  # %-64.64s %-32.32s
    assert first.startswith(call.channel) and "474@DLPN_DialPlan470:2" in first
    error = await client.action("Command", ("Command", "foo bar"), action_id="c3")
    assert error.headers == (
        ("Response", "Error"),
        ("ActionID", "c3"),
        ("Message", "Command output follows"),
        (
            "Output",
            "No such command 'foo bar' (type 'core show help foo bar' for other possible commands)",
        ),
    )
    peers = await client.action("Command", ("Command", "sip show peers"))
    assert peers.is_error  # chan_sip is gone in Asterisk 21+


@pytest.mark.asyncio
async def test_command_errors(admin: AmiClient) -> None:
    assert (await admin.action("Command")).message_text == "No command provided"
    blacklisted = await admin.action("Command", ("Command", "module  unload chan_sip.so"))
    assert blacklisted.message_text == "Command blacklisted"


@pytest.mark.asyncio
async def test_extension_state(pbx: SimulatedPbx, admin: AmiClient) -> None:
    pbx.set_phone("306", "offline")
    await pbx.incoming_call(to="474", ring_time=5.0)
    states = {}
    for exten in ("474", "305", "306", "999"):
        response = await admin.action(
            "ExtensionState", ("Exten", exten), ("Context", f"DLPN_DialPlan{exten}")
        )
        states[exten] = response["Status"]
    assert states == {"474": "8", "305": "0", "306": "4", "999": "-1"}
