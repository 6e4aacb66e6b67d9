"""Originate: sync and async, both dialects, success and every failure Reason."""

from __future__ import annotations

import asyncio
import re

import pytest

from mypbxdesk.ami.message import Message
from mypbxdesk.sim import SimulatedPbx

from .amiclient import AmiClient, names
from .conftest import MakeClient, MakePbx

UNIQUEID = re.compile(r"^\d{10}\.\d+$")


def doc_originate(
    tech: str = "SIP", exten: str = "13806012345", *extra: tuple[str, str]
) -> list[tuple[str, str]]:
    """The seed's §1.2 Originate."""
    return [
        ("Channel", f"{tech}/503"),
        ("Context", "DLPN_DialPlan503"),
        ("Exten", exten),
        ("Priority", "1"),
        ("Timeout", "30000"),
        ("CallerID", "503"),
        *extra,
    ]


def event(messages: list[Message], name: str, **fields: str) -> Message:
    return next(
        m for m in messages if m.is_event(name) and all(m.get(k) == v for k, v in fields.items())
    )


async def _login(pbx: SimulatedPbx, make_client: MakeClient) -> AmiClient:
    client = await make_client(pbx.port, login="admin", secret="password")
    await client.next()  # FullyBooted
    return client


@pytest.mark.asyncio
async def test_async_originate_mypbx_event_sequence(admin: AmiClient) -> None:
    ack = await admin.action("Originate", *doc_originate(), ("Async", "true"), action_id="1")
    assert ack.headers == (
        ("Response", "Success"),
        ("ActionID", "1"),
        ("Message", "Originate successfully queued"),
    )
    msgs = await admin.until(lambda m: m.is_event("Hangup") and m["Channel"].startswith("SIP/503-"))
    assert [n for n in names(msgs) if n not in ("VarSet", "Newexten")] == [
        "Newchannel",
        "NewCallerid",
        "Newstate",
        "Newstate",
        "OriginateResponse",
        "Newchannel",
        "NewCallerid",
        "Dial/Begin",
        "Newstate",
        "Newstate",
        "Bridge",
        "Unlink",
        "Cdr",
        "Hangup",
        "Dial/End",
        "Hangup",
    ]
    first = msgs[0]
    uid = first["Uniqueid"]
    assert UNIQUEID.match(uid)
    assert re.fullmatch(r"SIP/503-[0-9a-f]{8}", first["Channel"])
    assert first["Context"] == "DLPN_DialPlan503"
    ringing, up = (m for m in msgs if m.is_event("Newstate") and m["Uniqueid"] == uid)
    assert (ringing["ChannelStateDesc"], up["ChannelStateDesc"]) == ("Ringing", "Up")
    response = event(msgs, "OriginateResponse")
    assert response.headers[:4] == (
        ("Event", "OriginateResponse"),
        ("Privilege", "call,all"),
        ("ActionID", "1"),
        ("Response", "Success"),
    )
    assert (response["Channel"], response["Reason"], response["Uniqueid"]) == (
        first["Channel"],
        "4",
        uid,
    )
    dial = event(msgs, "Dial", SubEvent="Begin")
    assert dial["Channel"] == first["Channel"] and dial["UniqueID"] == uid
    assert re.fullmatch(r"SIP/trunk-sps-test1-[0-9a-f]{8}", dial["Destination"])
    assert dial["Dialstring"] == "trunk-sps-test1/13806012345"
    assert "Uniqueid" not in [n for n, _ in dial.headers]  # 1.8 spells it UniqueID here
    cdr = event(msgs, "Cdr")
    assert (cdr["UniqueID"], cdr["Disposition"], cdr["Destination"]) == (
        uid,
        "ANSWERED",
        "13806012345",
    )
    assert cdr["DestinationChannel"] == dial["Destination"]
    assert cdr["LastData"] == "SIP/trunk-sps-test1/13806012345,,tTkKWwXx"
    end = event(msgs, "Dial", SubEvent="End")
    assert end.headers == (
        ("Event", "Dial"),
        ("Privilege", "call,all"),
        ("SubEvent", "End"),
        ("Channel", first["Channel"]),
        ("UniqueID", uid),
        ("DialStatus", "ANSWER"),
    )


@pytest.mark.asyncio
async def test_sync_originate_answers_only_after_the_phone_and_blocks_the_session(
    make_pbx: MakePbx, make_client: MakeClient
) -> None:
    pbx = await make_pbx(ring_time=0.2)
    client = await _login(pbx, make_client)
    loop = asyncio.get_running_loop()
    start = loop.time()
    await client.send("Originate", *doc_originate(), action_id="1")
    await client.send("Ping", action_id="ping")  # queued behind the Originate (§2.6.2)
    response = await client.next()
    assert loop.time() - start >= 0.19
    assert response.headers == (
        ("Response", "Success"),
        ("ActionID", "1"),
        ("Message", "Originate successfully queued"),
    )
    msgs = await client.until(lambda m: m.action_id == "ping")
    assert names(msgs)[:4] == ["Newchannel", "NewCallerid", "Newstate", "Newstate"]
    assert not any(m.is_event("OriginateResponse") for m in msgs)  # none for sync


@pytest.mark.asyncio
@pytest.mark.parametrize("dialect", ["mypbx", "asterisk"])
async def test_unknown_channel_fails_sync_and_async(
    make_pbx: MakePbx, make_client: MakeClient, dialect: str
) -> None:
    pbx = await make_pbx(dialect=dialect)
    client = await _login(pbx, make_client)
    sync = await client.action(
        "Originate",
        ("Channel", "SIP/999"),
        ("Context", "DLPN_DialPlan503"),
        ("Exten", "474"),
        ("Priority", "1"),
    )
    assert sync.is_error and sync.message_text == "Originate failed"
    await client.send(
        "Originate",
        ("Channel", "SIP/999"),
        ("Context", "DLPN_DialPlan503"),
        ("Exten", "474"),
        ("Priority", "1"),
        ("CallerID", '"Desk" <474>'),
        ("Async", "true"),
        action_id="o2",
    )
    msgs = await client.until_event("OriginateResponse")
    failure = msgs[-1]
    ack = next(m for m in msgs if m.action_id == "o2")
    assert ack.message_text == "Originate successfully queued"
    assert (failure["Response"], failure["Reason"], failure["Channel"]) == (
        "Failure",
        "0",
        "SIP/999",
    )
    assert failure["Uniqueid"] == ("<null>" if dialect == "mypbx" else "<unknown>")
    assert (failure["CallerIDNum"], failure["CallerIDName"]) == ("474", "Desk")


@pytest.mark.asyncio
async def test_phone_that_does_not_answer_gives_reason_3(
    make_pbx: MakePbx, make_client: MakeClient
) -> None:
    pbx = await make_pbx(phones={"474": "noanswer"})
    client = await _login(pbx, make_client)
    await client.send(
        "Originate",
        ("Channel", "SIP/474"),
        ("Context", "DLPN_DialPlan474"),
        ("Exten", "503"),
        ("Priority", "1"),
        ("Timeout", "100"),
        ("CallerID", '"Desk" <474>'),
        ("Async", "true"),
        action_id="2c",
    )
    msgs = await client.until_event("OriginateResponse")
    assert names(msgs) == ["Newchannel", "NewCallerid", "Newstate", "Hangup", "OriginateResponse"]
    hangup, response = next(m for m in msgs if m.is_event("Hangup")), msgs[-1]
    assert (hangup["Cause"], hangup["Cause-txt"]) == ("19", "User alerting, no answer")
    assert response.headers[2:] == (
        ("ActionID", "2c"),
        ("Response", "Failure"),
        ("Channel", "SIP/474"),
        ("Context", "DLPN_DialPlan474"),
        ("Exten", "503"),
        ("Reason", "3"),
        ("Uniqueid", "<null>"),
        ("CallerIDNum", "474"),
        ("CallerIDName", "Desk"),
    )
    assert names(await client.events_for(0.1)) == []  # no Cdr for a failed Originate


@pytest.mark.asyncio
async def test_busy_phone_gives_reason_5_and_sync_error(
    make_pbx: MakePbx, make_client: MakeClient
) -> None:
    pbx = await make_pbx()
    pbx.set_phone("503", "busy")
    client = await _login(pbx, make_client)
    sync = await client.action("Originate", *doc_originate())
    assert sync.message_text == "Originate failed"
    await client.send("Originate", *doc_originate(), ("Async", "yes"), action_id="b")
    response = (await client.until_event("OriginateResponse", ActionID="b"))[-1]
    assert response["Reason"] == "5"


@pytest.mark.asyncio
async def test_hangup_of_a_ringing_originate_gives_reason_1(
    make_pbx: MakePbx, make_client: MakeClient
) -> None:
    pbx = await make_pbx(ring_time=5.0)
    client = await _login(pbx, make_client)
    await client.send("Originate", *doc_originate(), ("Async", "true"), action_id="h")
    ringing = (await client.until(lambda m: m.get("ChannelStateDesc") == "Ringing"))[-1]
    hung = await client.action("Hangup", ("Channel", ringing["Channel"]))
    assert hung.message_text == "Channel Hungup"
    response = (await client.until_event("OriginateResponse"))[-1]
    assert (response["Response"], response["Reason"]) == ("Failure", "1")


@pytest.mark.asyncio
async def test_originate_argument_errors(admin: AmiClient) -> None:
    cases = [
        ([("Context", "DLPN_DialPlan503"), ("Exten", "474")], "Channel not specified"),
        ([("Channel", "SIP/503"), ("Priority", "x")], "Invalid priority"),
        ([("Channel", "SIP/503"), ("Timeout", "soon")], "Invalid timeout"),
        ([("Channel", "503")], "Invalid channel"),
        (
            [("Channel", "SIP/503"), ("Exten", "474")],
            "Originate with 'Exten' requires 'Context' and 'Priority'",
        ),
    ]
    for pairs, text in cases:
        response = await admin.action("Originate", *pairs)
        assert response.is_error and response.message_text == text


@pytest.mark.asyncio
async def test_unknown_extension_rings_first_on_mypbx(admin: AmiClient) -> None:
    await admin.send("Originate", *doc_originate(exten="999"), ("Async", "true"), action_id="x")
    msgs = await admin.until(lambda m: m.is_event("Cdr"))
    response = event(msgs, "OriginateResponse")
    assert response["Response"] == "Success"  # 1.8 does not check the extension
    hangup = event(msgs, "Hangup")
    assert hangup["Uniqueid"] == response["Uniqueid"]
    assert hangup["Cause-txt"] == "Unallocated (unassigned) number"


@pytest.mark.asyncio
async def test_unknown_extension_is_refused_on_asterisk(
    make_pbx: MakePbx, make_client: MakeClient
) -> None:
    pbx = await make_pbx(dialect="asterisk")
    client = await _login(pbx, make_client)
    for asynchronous in ("false", "true"):
        response = await client.action(
            "Originate", *doc_originate("PJSIP", "999"), ("Async", asynchronous)
        )
        assert response.is_error
        assert response.message_text == "Extension does not exist."
    assert pbx.channels == []


@pytest.mark.asyncio
async def test_async_originate_asterisk_event_sequence(
    make_pbx: MakePbx, make_client: MakeClient
) -> None:
    pbx = await make_pbx(dialect="asterisk")
    client = await _login(pbx, make_client)
    await client.send("Originate", *doc_originate("PJSIP"), ("Async", "true"), action_id="1")
    msgs = await client.until(lambda m: m.is_event("Cdr"))
    call = [n for n in names(msgs) if n not in ("VarSet", "Newexten", "SuccessfulAuth")]
    assert call == [
        "Newchannel",
        "DialBegin",
        "Newstate",
        "DialState",
        "Newstate",
        "DialEnd",
        "OriginateResponse",
        "Newchannel",
        "NewCallerid",
        "DialBegin",
        "Newstate",
        "DialState",
        "Newstate",
        "DialEnd",
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
    first = event(msgs, "Newchannel")
    uid = first["Uniqueid"]
    assert re.fullmatch(r"PJSIP/503-[0-9a-f]{8}", first["Channel"])
    assert (first["Exten"], first["Linkedid"]) == ("s", uid)
    leg1 = event(msgs, "DialBegin", DestUniqueid=uid)
    assert "Channel" not in leg1 and leg1["DialString"] == "503"  # no caller half
    leg2 = next(m for m in msgs if m.is_event("DialBegin") and m.get("Channel"))
    assert leg2["Channel"] == first["Channel"]
    assert re.fullmatch(r"PJSIP/trunk-[0-9a-f]{8}", leg2["DestChannel"])
    assert (leg2["DialString"], leg2["DestLinkedid"], leg2["Priority"]) == (
        "13806012345@trunk",
        uid,
        "2",
    )
    assert event(msgs, "OriginateResponse")["Uniqueid"] == uid
    bridge_ids = {m["BridgeUniqueid"] for m in msgs if m.name.startswith("Bridge")}
    assert len(bridge_ids) == 1 and re.fullmatch(r"[0-9a-f-]{36}", bridge_ids.pop())
    cdr = event(msgs, "Cdr")
    assert (cdr["UniqueID"], cdr["Disposition"]) == (uid, "ANSWERED")
    hangup = event(msgs, "Hangup", Uniqueid=uid)
    assert hangup["Linkedid"] == uid and hangup["Cause-txt"] == "Normal Clearing"


@pytest.mark.asyncio
async def test_channel_id_sets_the_uniqueid_on_asterisk(
    make_pbx: MakePbx, make_client: MakeClient
) -> None:
    pbx = await make_pbx(dialect="asterisk")
    client = await _login(pbx, make_client)
    await client.send(
        "Originate",
        *doc_originate("PJSIP"),
        ("Async", "true"),
        ("ChannelId", "c2d-0001-a"),
        action_id="o1",
    )
    msgs = await client.until_event("OriginateResponse")
    assert event(msgs, "Newchannel")["Uniqueid"] == "c2d-0001-a"
    assert msgs[-1]["Uniqueid"] == "c2d-0001-a"


@pytest.mark.asyncio
async def test_internal_originate_not_answered_gives_no_answer_cdr(
    make_pbx: MakePbx, make_client: MakeClient
) -> None:
    pbx = await make_pbx(phones={"474": "noanswer"}, dial_timeout=0.1)
    client = await _login(pbx, make_client)
    await client.send("Originate", *doc_originate(exten="474"), ("Async", "true"))
    msgs = await client.until(lambda m: m.is_event("Cdr"))
    tail = [n for n in names(msgs) if n != "VarSet"][-5:]
    assert tail == ["Hangup", "Dial/End", "Newexten", "Hangup", "Cdr"]  # Cdr after hangups
    assert event(msgs, "Dial", SubEvent="End")["DialStatus"] == "NOANSWER"
    cdr = event(msgs, "Cdr")
    assert (cdr["Disposition"], cdr["UniqueID"]) == (
        "NO ANSWER",
        event(msgs, "OriginateResponse")["Uniqueid"],
    )


@pytest.mark.asyncio
async def test_originate_to_an_application(admin: AmiClient) -> None:
    await admin.send(
        "Originate",
        ("Channel", "SIP/503"),
        ("Application", "Playback"),
        ("Data", "demo-congrats"),
        ("Async", "true"),
    )
    msgs = await admin.until(lambda m: m.is_event("Cdr"))
    assert event(msgs, "OriginateResponse")["Response"] == "Success"
    cdr = event(msgs, "Cdr")
    assert (cdr["LastApplication"], cdr["LastData"]) == ("Playback", "demo-congrats")


@pytest.mark.asyncio
async def test_variables_and_analog_phone(admin: AmiClient) -> None:
    await admin.send(
        "Originate",
        ("Channel", "DAHDI/5"),
        ("Context", "DLPN_DialPlan601"),
        ("Exten", "474"),
        ("Priority", "1"),
        ("CallerID", "601"),
        ("Variable", "__C2D_TOKEN=o1"),
        ("Async", "1"),
    )
    msgs = await admin.until_event("OriginateResponse")
    new = event(msgs, "Newchannel")
    assert re.fullmatch(r"DAHDI/5-[0-9a-f]{8}", new["Channel"])
    assert new["Context"] == "DLPN_DialPlan601"
    token = event(msgs, "VarSet", Variable="__C2D_TOKEN")
    assert (token["Value"], token["Uniqueid"]) == ("o1", new["Uniqueid"])
