"""Generated calls (incoming, internal, missed, transferred, colleague, ring group),
Redirect and Hangup, in both dialects."""

from __future__ import annotations

import math
import re

import pytest

from mypbxdesk.ami.message import Message
from mypbxdesk.sim import SimulatedPbx

from .amiclient import AmiClient, names
from .conftest import MakeClient, MakePbx


def event(messages: list[Message], name: str, **fields: str) -> Message:
    return next(
        m for m in messages if m.is_event(name) and all(m.get(k) == v for k, v in fields.items())
    )


def call_events(messages: list[Message]) -> list[str]:
    return [n for n in names(messages) if n not in ("VarSet", "Newexten")]


async def _asterisk(
    make_pbx: MakePbx, make_client: MakeClient, **kw: object
) -> tuple[SimulatedPbx, AmiClient]:
    pbx = await make_pbx(dialect="asterisk", **kw)
    client = await make_client(pbx.port, login="admin", secret="password", events="call,cdr")
    return pbx, client


@pytest.mark.asyncio
async def test_incoming_trunk_call_answered_mypbx(pbx: SimulatedPbx, admin: AmiClient) -> None:
    call = await pbx.incoming_call(caller="13806012345", caller_name="Bob Smith", to="474")
    assert re.fullmatch(r"SIP/trunk-sps-test1-[0-9a-f]{8}", call.channel)
    assert len(call.destinations) == 1
    msgs = await admin.until_event("Hangup", Channel=call.channel)
    assert call_events(msgs) == [
        "Newchannel",
        "Newstate",
        "Newchannel",
        "Dial/Begin",
        "Newstate",
        "Newstate",
        "Newstate",
        "Bridge",
        "Unlink",
        "Cdr",
        "Hangup",
        "Dial/End",
        "Hangup",
    ]
    caller = event(msgs, "Newchannel", Channel=call.channel)
    assert (caller["CallerIDNum"], caller["CallerIDName"], caller["Context"], caller["Exten"]) == (
        "13806012345",
        "Bob Smith",
        "from-trunk",
        "474",
    )
    dial = event(msgs, "Dial", SubEvent="Begin")
    assert dial.headers == (
        ("Event", "Dial"),
        ("Privilege", "call,all"),
        ("SubEvent", "Begin"),
        ("Channel", call.channel),
        ("Destination", call.destinations[0]),
        ("CallerIDNum", "13806012345"),
        ("CallerIDName", "Bob Smith"),
        ("ConnectedLineNum", "<unknown>"),
        ("ConnectedLineName", "<unknown>"),
        ("UniqueID", call.uniqueid),
        ("DestUniqueID", dial["DestUniqueID"]),
        ("Dialstring", "474"),
    )
    assert re.fullmatch(r"SIP/474-[0-9a-f]{8}", dial["Destination"])
    ringing = event(msgs, "Newstate", Channel=dial["Destination"], ChannelStateDesc="Ringing")
    assert (ringing["CallerIDNum"], ringing["ConnectedLineNum"], ringing["ConnectedLineName"]) == (
        "474",
        "13806012345",
        "Bob Smith",
    )
    link = event(msgs, "Bridge")
    assert (link["Bridgestate"], link["Channel1"], link["Channel2"]) == (
        "Link",
        call.channel,
        dial["Destination"],
    )
    cdr = event(msgs, "Cdr")
    assert (cdr["UniqueID"], cdr["Disposition"], cdr["UserField"]) == (
        call.uniqueid,
        "ANSWERED",
        "Inbound",
    )
    hangup = event(msgs, "Hangup", Channel=call.channel)
    assert [n for n, _ in hangup.headers] == [
        "Event",
        "Privilege",
        "Channel",
        "Uniqueid",
        "CallerIDNum",
        "CallerIDName",
        "ConnectedLineNum",
        "ConnectedLineName",
        "Cause",
        "Cause-txt",
    ]
    await call.wait()
    await pbx.wait_idle()
    assert pbx.channels == []


@pytest.mark.asyncio
async def test_non_ascii_names_are_utf8_on_the_wire(pbx: SimulatedPbx, admin: AmiClient) -> None:
    await pbx.incoming_call(caller="+8613912345678", caller_name="张三", outcome="missed")
    await pbx.incoming_call(caller="004930123456", caller_name="Jürgen Müller", outcome="missed")
    await admin.until(lambda m: m.get("CallerIDName") == "Jürgen Müller")
    assert "CallerIDName: 张三\r\n".encode() in admin.raw
    assert "CallerIDName: Jürgen Müller\r\n".encode() in admin.raw


@pytest.mark.asyncio
async def test_missed_call_ends_with_noanswer_and_cdr_after_hangups(
    pbx: SimulatedPbx, admin: AmiClient
) -> None:
    call = await pbx.incoming_call(outcome="missed", ring_time=0.05)
    msgs = await admin.until_event("Cdr")
    assert call_events(msgs)[-5:] == ["Newstate", "Hangup", "Dial/End", "Hangup", "Cdr"]
    assert event(msgs, "Dial", SubEvent="End")["DialStatus"] == "NOANSWER"
    cdr = event(msgs, "Cdr")
    assert (cdr["Disposition"], cdr["AnswerTime"], cdr["UniqueID"]) == (
        "NO ANSWER",
        "",
        call.uniqueid,
    )
    assert cdr["LastApplication"] == "Hangup"  # the dialplan went on after Dial (4a)


@pytest.mark.asyncio
async def test_internal_call_470_to_474(pbx: SimulatedPbx, admin: AmiClient) -> None:
    call = await pbx.incoming_call(caller="470", caller_name="Alice", to="474", via_trunk=False)
    msgs = await admin.until_event("Cdr")
    caller = event(msgs, "Newchannel", Channel=call.channel)
    assert re.fullmatch(r"SIP/470-[0-9a-f]{8}", call.channel)
    assert (caller["Context"], caller["Exten"], caller["ChannelStateDesc"]) == (
        "DLPN_DialPlan470",
        "474",
        "Down",
    )
    assert event(msgs, "Newstate", Channel=call.channel)["ChannelStateDesc"] == "Ring"
    assert event(msgs, "Cdr")["CallerID"] == '"Alice" <470>'


@pytest.mark.asyncio
async def test_transferred_call_rings_the_target_with_the_original_caller_id(
    pbx: SimulatedPbx, admin: AmiClient
) -> None:
    call = await pbx.incoming_call(
        caller="13806012345",
        caller_name="Bob Smith",
        to="305",
        outcome="transferred",
        transfer_to="306",
    )
    msgs = await admin.until_event("Cdr")
    begins = [m for m in msgs if m.is_event("Dial") and m["SubEvent"] == "Begin"]
    assert [b["Destination"][:8] for b in begins] == ["SIP/305-", "SIP/306-"]
    second = begins[1]
    assert (
        second["Channel"],
        second["UniqueID"],
        second["CallerIDNum"],
        second["CallerIDName"],
        second["Dialstring"],
    ) == (call.channel, call.uniqueid, "13806012345", "Bob Smith", "306")
    assert event(msgs, "Dial", SubEvent="End")["DialStatus"] == "CANCEL"
    ringing = event(msgs, "Newstate", Channel=second["Destination"], ChannelStateDesc="Ringing")
    assert ringing["ConnectedLineNum"] == "13806012345"


@pytest.mark.asyncio
async def test_colleague_answers_and_the_callee_is_answered_elsewhere(
    pbx: SimulatedPbx, admin: AmiClient
) -> None:
    call = await pbx.incoming_call(to="474", outcome="colleague", colleague="305")
    msgs = await admin.until_event("Bridge")
    mine, colleague = call.destinations
    assert mine.startswith("SIP/474-") and colleague.startswith("SIP/305-")
    hangup = event(msgs, "Hangup", Channel=mine)
    assert (hangup["Cause"], hangup["Cause-txt"]) == ("26", "Answered elsewhere")
    assert event(msgs, "Bridge")["Channel2"] == colleague


@pytest.mark.asyncio
async def test_ring_group_mypbx(pbx: SimulatedPbx, admin: AmiClient) -> None:
    call = await pbx.ring_group_call(
        caller="13806012345", members=["474", "305", "306"], answered_by="305"
    )
    msgs = await admin.until_event("Cdr")
    begins = [m for m in msgs if m.is_event("Dial") and m["SubEvent"] == "Begin"]
    assert [b["Dialstring"] for b in begins] == ["474", "305", "306"]
    assert {b["Destination"] for b in begins} == set(call.destinations)
    losers = [m for m in msgs if m.is_event("Hangup") and m["Cause"] == "26"]
    assert sorted(h["Channel"][:8] for h in losers) == ["SIP/306-", "SIP/474-"]
    assert event(msgs, "Bridge")["Channel2"].startswith("SIP/305-")
    assert event(msgs, "Newexten", Application="Dial")["AppData"] == "SIP/474&SIP/305&SIP/306,1"


@pytest.mark.asyncio
async def test_ring_group_asterisk_ends_every_destination(
    make_pbx: MakePbx, make_client: MakeClient
) -> None:
    pbx, client = await _asterisk(make_pbx, make_client)
    await pbx.ring_group_call(members=["474", "305", "306"], answered_by="474")
    msgs = await client.until_event("Cdr")
    ends = {m["DestChannel"][:10]: m["DialStatus"] for m in msgs if m.is_event("DialEnd")}
    assert ends == {"PJSIP/474-": "ANSWER", "PJSIP/305-": "CANCEL", "PJSIP/306-": "CANCEL"}
    assert len([m for m in msgs if m.is_event("DialBegin")]) == 3
    assert len({m["Linkedid"] for m in msgs if "Linkedid" in m}) == 1


@pytest.mark.asyncio
async def test_incoming_call_asterisk_dialect(make_pbx: MakePbx, make_client: MakeClient) -> None:
    pbx, client = await _asterisk(make_pbx, make_client)
    call = await pbx.incoming_call(caller="13806012345", caller_name='O\'Brien "Pat"')
    msgs = await client.until_event("Cdr")
    assert call_events(msgs) == [
        "Newchannel",
        "Newchannel",
        "DialBegin",
        "Newstate",
        "DialState",
        "Newstate",
        "DialEnd",
        "Newstate",
        "BridgeCreate",
        "BridgeEnter",
        "BridgeEnter",
        "BridgeLeave",
        "BridgeLeave",
        "BridgeDestroy",
        "Hangup",
        "Hangup",
        "Cdr",
    ]
    assert re.fullmatch(r"PJSIP/trunk-[0-9a-f]{8}", call.channel)
    first = event(msgs, "Newchannel", Channel=call.channel)
    assert first["ChannelStateDesc"] == "Ring"
    assert first["CallerIDName"] == 'O\\\'Brien \\"Pat\\"'  # 13.5+ C-escapes names
    begin = event(msgs, "DialBegin")
    assert (
        begin["Channel"],
        begin["DestChannel"],
        begin["DialString"],
        begin["Priority"],
        begin["DestLinkedid"],
    ) == (call.channel, call.destinations[0], "474", "2", call.uniqueid)
    assert event(msgs, "DialState")["DialStatus"] == "RINGING"
    leave = event(msgs, "BridgeLeave")
    assert leave["Channel"] == call.channel  # the caller hung up first
    hangup = event(msgs, "Hangup", Channel=call.channel)
    assert hangup.headers[-2:] == (("Cause", "16"), ("Cause-txt", "Normal Clearing"))
    assert event(msgs, "Cdr")["UniqueID"] == call.uniqueid


@pytest.mark.asyncio
@pytest.mark.parametrize("dialect", ["mypbx", "asterisk"])
async def test_redirect_of_an_answered_caller(
    make_pbx: MakePbx, make_client: MakeClient, dialect: str
) -> None:
    pbx = await make_pbx(dialect=dialect, talk_time=math.inf)
    client = await make_client(pbx.port, login="admin", secret="password", events="call")
    call = await pbx.incoming_call(caller="470", caller_name="Alice", via_trunk=False)
    await client.until(lambda m: m.name in ("Bridge", "BridgeEnter"))
    response = await client.action(
        "Redirect",
        ("Channel", call.channel),
        ("Context", "DLPN_DialPlan306"),
        ("Exten", "306"),
        ("Priority", "1"),
        action_id="3",
    )
    assert response.headers == (
        ("Response", "Success"),
        ("ActionID", "3"),
        ("Message", "Redirect successful"),
    )
    begin_name = "Dial" if dialect == "mypbx" else "DialBegin"
    msgs = await client.until(
        lambda m: m.is_event(begin_name) and m.get("SubEvent", "Begin") == "Begin"
    )
    assert (names(msgs)[0] == "Unlink") == (dialect == "mypbx")
    assert event(msgs, "Hangup")["Channel"] == call.destinations[0]
    begin = msgs[-1]
    target = begin.first("Destination", "DestChannel")
    assert target.startswith(("SIP/306-", "PJSIP/306-"))
    assert (begin["Channel"], begin["CallerIDNum"], begin["CallerIDName"]) == (
        call.channel,
        "470",
        "Alice",
    )
    hung = await client.action("Hangup", ("Channel", call.channel), ("Cause", "16"))
    assert hung.message_text == "Channel Hungup"
    await call.wait()


@pytest.mark.asyncio
async def test_redirect_of_a_ringing_callee_transfers_the_caller(
    make_pbx: MakePbx, make_client: MakeClient
) -> None:
    """The seed's §1.5: 303 calls 305, 305 rings, SIP/305-… is redirected to 306."""
    pbx = await make_pbx(ring_time=5.0)
    client = await make_client(pbx.port, login="admin", secret="password", events="call")
    call = await pbx.incoming_call(caller="303", to="305", via_trunk=False)
    await client.until_event("Newstate", ChannelStateDesc="Ringing")
    response = await client.action(
        "Redirect",
        ("Channel", call.destinations[0]),
        ("Context", "DLPN_DialPlan306"),
        ("Exten", "306"),
        ("Priority", "1"),
        action_id="#10001",
    )
    assert response.message_text == "Redirect successful"
    msgs = await client.until_event("Dial", SubEvent="Begin")
    assert names(msgs)[:3] == ["Hangup", "Dial/End", "Newchannel"]
    begin = msgs[-1]
    assert (begin["Channel"], begin["CallerIDNum"], begin["Dialstring"]) == (
        call.channel,
        "303",
        "306",
    )


@pytest.mark.asyncio
async def test_redirect_and_hangup_errors(
    pbx: SimulatedPbx, admin: AmiClient, make_pbx: MakePbx, make_client: MakeClient
) -> None:
    assert (await admin.action("Redirect")).message_text == "Channel not specified"
    missing = await admin.action(
        "Redirect",
        ("Channel", "SIP/474-0000ffff"),
        ("Context", "DLPN_DialPlan306"),
        ("Exten", "306"),
        ("Priority", "1"),
    )
    assert missing.message_text == "Channel does not exist: SIP/474-0000ffff"
    assert (await admin.action("Hangup")).message_text == "No channel specified"
    assert (await admin.action("Hangup", ("Channel", "SIP/1"))).message_text == "No such channel"
    _, client = await _asterisk(make_pbx, make_client)
    for pairs, text in (
        ([("Channel", "PJSIP/1-1")], "Context not specified"),
        ([("Channel", "PJSIP/1-1"), ("Context", "c")], "Exten not specified"),
        (
            [("Channel", "PJSIP/1-1"), ("Context", "c"), ("Exten", "1"), ("Priority", "one")],
            "Priority is invalid",
        ),
    ):
        assert (await client.action("Redirect", *pairs)).message_text == text


@pytest.mark.asyncio
async def test_hangup_action_answers_before_the_events(
    make_pbx: MakePbx, make_client: MakeClient
) -> None:
    pbx = await make_pbx(talk_time=math.inf)
    client = await make_client(pbx.port, login="admin", secret="password", events="call,cdr")
    call = await pbx.incoming_call()
    await client.until_event("Bridge")
    await client.send(
        "Hangup", ("Channel", call.destinations[0]), ("Cause", "16"), action_id="hangup-2"
    )
    msgs = await client.until(lambda m: m.is_event("Hangup") and m["Channel"] == call.channel)
    assert msgs[0].headers == (
        ("Response", "Success"),
        ("ActionID", "hangup-2"),
        ("Message", "Channel Hungup"),
    )
    assert names(msgs[1:]) == ["Unlink", "Cdr", "Hangup", "Dial/End", "Hangup"]


@pytest.mark.asyncio
async def test_caller_hangs_up_while_ringing(make_pbx: MakePbx, make_client: MakeClient) -> None:
    pbx = await make_pbx(ring_time=5.0)
    client = await make_client(pbx.port, login="admin", secret="password", events="call,cdr")
    call = await pbx.incoming_call()
    await client.until_event("Newstate", ChannelStateDesc="Ringing")
    await client.action("Hangup", ("Channel", call.channel))
    msgs = await client.until_event("Cdr")
    assert event(msgs, "Dial", SubEvent="End")["DialStatus"] == "CANCEL"
    assert event(msgs, "Cdr")["Disposition"] == "NO ANSWER"


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("outcome", "status", "disposition"),
    [("busy", "BUSY", "BUSY"), ("abandoned", "CANCEL", "NO ANSWER")],
)
async def test_busy_and_abandoned(
    pbx: SimulatedPbx, admin: AmiClient, outcome: str, status: str, disposition: str
) -> None:
    await pbx.incoming_call(outcome=outcome)
    msgs = await admin.until_event("Cdr")
    assert event(msgs, "Dial", SubEvent="End")["DialStatus"] == status
    assert event(msgs, "Cdr")["Disposition"] == disposition
    if outcome == "busy":
        assert not any(m.get("ChannelStateDesc") == "Ringing" for m in msgs)


@pytest.mark.asyncio
async def test_analog_trunk_and_analog_extension(pbx: SimulatedPbx, admin: AmiClient) -> None:
    call = await pbx.incoming_call(to="601", trunk="DAHDI/2")
    assert re.fullmatch(r"DAHDI/2-[0-9a-f]{8}", call.channel)
    assert re.fullmatch(r"DAHDI/5-[0-9a-f]{8}", call.destinations[0])
    dial = event(await admin.until_event("Dial"), "Dial")
    assert (dial["Destination"], dial["Dialstring"]) == (call.destinations[0], "5")
    with pytest.raises(ValueError, match="analog trunk"):
        await pbx.incoming_call(trunk="DAHDI/5")


@pytest.mark.asyncio
async def test_outgoing_call_goes_through_the_trunk(pbx: SimulatedPbx, admin: AmiClient) -> None:
    call = await pbx.outgoing_call(from_ext="474", number="13806012345")
    msgs = await admin.until_event("Cdr")
    dial = event(msgs, "Dial", SubEvent="Begin")
    assert dial["Channel"] == call.channel
    assert dial["Destination"].startswith("SIP/trunk-sps-test1-")
    assert event(msgs, "Cdr")["UserField"] == "Outbound"


@pytest.mark.asyncio
async def test_ids_increment_like_asterisk(pbx: SimulatedPbx, admin: AmiClient) -> None:
    first = await pbx.incoming_call(outcome="missed")
    second = await pbx.incoming_call(outcome="missed")
    seqs = [int(c.uniqueid.split(".")[1]) for c in (first, second)]
    suffixes = [int(c.channel.rsplit("-", 1)[1], 16) for c in (first, second)]
    assert seqs == suffixes == [0, 2]  # caller, callee, caller …
    with pytest.raises(ValueError, match="not an extension"):
        await pbx.incoming_call(to="999")
