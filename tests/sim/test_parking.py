"""Park and retrieve, time-outs and give-ups, park by blind transfer and by Redirect."""

from __future__ import annotations

import math

import pytest

from mypbxdesk.ami.message import Message
from mypbxdesk.sim import SimulatedPbx

from .amiclient import AmiClient, names
from .conftest import MakeClient, MakePbx, bridged_call


async def _setup(
    make_pbx: MakePbx, make_client: MakeClient, dialect: str, **kw: object
) -> tuple[SimulatedPbx, AmiClient, str, str]:
    """470 calls 474, 474 answers; returns the PBX, a client and both channels."""
    pbx = await make_pbx(dialect=dialect, talk_time=math.inf, **kw)
    client = await make_client(pbx.port, login="admin", secret="password")
    caller, callee = await bridged_call(pbx, client)
    return pbx, client, caller, callee


def _park(dialect: str, caller: str, parker: str) -> list[tuple[str, str]]:
    """The headers of a Park: 1.8 names the parker Channel2, 22 TimeoutChannel."""
    key = "Channel2" if dialect == "mypbx" else "TimeoutChannel"
    return [("Channel", caller), (key, parker)]


@pytest.mark.asyncio
async def test_mypbx_park_masquerades_and_hangs_up_channel2(
    make_pbx: MakePbx, make_client: MakeClient
) -> None:
    pbx, client, caller, callee = await _setup(make_pbx, make_client, "mypbx")
    old = pbx.engine.find(caller)
    assert old is not None
    old_uid = old.uniqueid
    response = await client.action("Park", *_park("mypbx", caller, callee))
    assert response.message_text == "Park successful"
    msgs = await client.until_event("ExtensionStatus", Exten="701")
    assert [n for n in names(msgs) if n not in ("VarSet",)] == [
        "Newchannel",
        "Masquerade",
        "Rename",
        "Rename",
        "Rename",
        "NewCallerid",
        "Unlink",
        "Cdr",
        "Hangup",
        "Dial/End",
        "Hangup",
        "MusicOnHold",
        "ParkedCall",
    ]
    renames = [(m["Channel"], m["Newname"]) for m in msgs if m.is_event("Rename")]
    assert renames == [
        (caller, f"{caller}<MASQ>"),
        (f"Parked/{caller}", caller),
        (f"{caller}<MASQ>", f"Parked/{caller}<ZOMBIE>"),
    ]
    parked = next(m for m in msgs if m.is_event("ParkedCall"))
    assert (parked["Exten"], parked["Channel"], parked["From"], parked["Timeout"]) == (
        "701",
        caller,
        callee,
        "0",  # FAST park_time (0.6 s) in whole seconds
    )
    assert parked["Uniqueid"] != old_uid  # same name, new Uniqueid
    hangups = [m["Channel"] for m in msgs if m.is_event("Hangup")]
    assert hangups == [callee, f"Parked/{caller}<ZOMBIE>"]  # Channel2 is hung up
    assert pbx.parked_calls() == {"701": caller}


@pytest.mark.asyncio
@pytest.mark.parametrize("dialect", ["mypbx", "asterisk"])
async def test_park_list_and_retrieve(
    make_pbx: MakePbx, make_client: MakeClient, dialect: str
) -> None:
    pbx, client, caller, callee = await _setup(make_pbx, make_client, dialect, park_time=30.0)
    await client.action("Park", *_park(dialect, caller, callee))
    await client.until_event("ParkedCall")
    await client.send("ParkedCalls", action_id="pc")
    listing = await client.until_event("ParkedCallsComplete")
    item = next(m for m in listing if m.is_event("ParkedCall"))
    assert "Privilege" not in item and item.headers[-1] == ("ActionID", "pc")
    assert listing[-1]["Total"] == "1"
    tech = "SIP" if dialect == "mypbx" else "PJSIP"
    await client.send(
        "Originate",
        ("Channel", f"{tech}/305"),
        ("Context", "DLPN_DialPlan305"),
        ("Exten", "701"),
        ("Priority", "1"),
        ("Async", "true"),
    )
    msgs = await client.until_event("UnParkedCall")
    retriever = next(m for m in msgs if m.is_event("Newchannel"))["Channel"]
    unparked = msgs[-1]
    who = unparked["From"] if dialect == "mypbx" else unparked["RetrieverChannel"]
    assert who == retriever
    if dialect == "mypbx":
        await client.until_event("Bridge", Channel1=retriever, Channel2=caller)
    else:
        await client.until_event("BridgeEnter", Channel=retriever, BridgeNumChannels="2")
    assert pbx.parked_calls() == {}
    await client.action("Hangup", ("Channel", retriever))
    await pbx.wait_idle()


@pytest.mark.asyncio
async def test_asterisk_park_hangs_up_the_parker_after_the_announcement(
    make_pbx: MakePbx, make_client: MakeClient
) -> None:
    pbx, client, caller, callee = await _setup(make_pbx, make_client, "asterisk")
    response = await client.action("Park", *_park("asterisk", caller, callee), ("Timeout", "4000"))
    assert response.message_text == "Park successful"
    assert b"Message: Park successful\n\r\n\r\n" in client.raw  # res_parking's stray \n
    msgs = await client.until_event("Hangup", Channel=callee)
    parked = next(m for m in msgs if m.is_event("ParkedCall"))
    assert (parked["ParkeeChannel"], parked["ParkerDialString"], parked["ParkingTimeout"]) == (
        caller,
        "PJSIP/474",
        "4",  # Timeout in ms, the event in seconds
    )
    assert msgs[-1]["Cause"] == "16"
    assert any(m.is_event("MusicOnHoldStart") for m in msgs)
    assert pbx.engine.find(caller) is not None  # the parked call keeps its channel
    await client.action("Hangup", ("Channel", caller))
    await pbx.wait_idle()


@pytest.mark.asyncio
@pytest.mark.parametrize("dialect", ["mypbx", "asterisk"])
async def test_timeout_rings_the_parker_again(
    make_pbx: MakePbx, make_client: MakeClient, dialect: str
) -> None:
    pbx, client, caller, callee = await _setup(make_pbx, make_client, dialect, park_time=0.2)
    await client.action("Park", *_park(dialect, caller, callee))
    msgs = await client.until_event("ParkedCallTimeOut")
    timed_out = msgs[-1]
    assert "UniqueID" in timed_out if dialect == "mypbx" else "ParkeeUniqueid" in timed_out
    tech = "SIP" if dialect == "mypbx" else "PJSIP"
    ring = await client.until(
        lambda m: m.is_event("Newchannel") and m["Channel"].startswith(f"{tech}/474-")
    )
    assert ring
    await client.until_event("ExtensionStatus", Exten="474", Status="1")  # 474 answered
    await client.action("Hangup", ("Channel", caller))
    await pbx.wait_idle()


@pytest.mark.asyncio
@pytest.mark.parametrize("dialect", ["mypbx", "asterisk"])
async def test_parked_caller_hangs_up_is_a_give_up(
    make_pbx: MakePbx, make_client: MakeClient, dialect: str
) -> None:
    pbx, client, caller, callee = await _setup(make_pbx, make_client, dialect, park_time=30.0)
    await client.action("Park", *_park(dialect, caller, callee))
    await client.until_event("ParkedCall")
    await client.action("Hangup", ("Channel", caller))
    msgs = await client.until_event("ParkedCallGiveUp")
    msgs += await client.until_event("Hangup", Channel=caller)
    assert pbx.parked_calls() == {}
    await pbx.wait_idle()


@pytest.mark.asyncio
async def test_asterisk_blind_transfer_to_700_parks(
    make_pbx: MakePbx, make_client: MakeClient
) -> None:
    pbx, client, caller, callee = await _setup(make_pbx, make_client, "asterisk")
    response = await client.action(
        "BlindTransfer", ("Channel", callee), ("Exten", "700"), ("Context", "DLPN_DialPlan474")
    )
    assert response.message_text == "Transfer succeeded"
    msgs = await client.until_event("ParkedCall")
    blind = next(m for m in msgs if m.is_event("BlindTransfer"))
    assert (blind["Extension"], blind["TransfereeChannel"]) == ("700", caller)
    await client.until_event("Hangup", Channel=callee)
    assert pbx.parked_calls() == {"701": caller}
    await client.action("Hangup", ("Channel", caller))
    await pbx.wait_idle()


@pytest.mark.asyncio
@pytest.mark.parametrize("dialect", ["mypbx", "asterisk"])
async def test_redirect_to_700_parks_the_channel(
    make_pbx: MakePbx, make_client: MakeClient, dialect: str
) -> None:
    pbx, client, caller, _ = await _setup(make_pbx, make_client, dialect, park_time=30.0)
    response = await client.action(
        "Redirect",
        ("Channel", caller),
        ("Context", "DLPN_DialPlan470"),
        ("Exten", "700"),
        ("Priority", "1"),
    )
    assert response.message_text == "Redirect successful"
    msgs = await client.until_event("ParkedCall")
    assert any(m.is_event("Newexten") and m["Application"] == "Park" for m in msgs)
    assert pbx.parked_calls() == {"701": caller}
    await client.action("Hangup", ("Channel", caller))
    await pbx.wait_idle()


@pytest.mark.asyncio
@pytest.mark.parametrize("dialect", ["mypbx", "asterisk"])
async def test_park_errors(make_pbx: MakePbx, make_client: MakeClient, dialect: str) -> None:
    pbx = await make_pbx(dialect=dialect)
    client = await make_client(pbx.port, login="admin", secret="password")

    async def park(*pairs: tuple[str, str]) -> Message:
        return await client.action("Park", *pairs)

    assert (await park()).message_text == "Channel not specified"
    missing = await park(("Channel", "SIP/470-0000abcd"), ("Channel2", "SIP/474-00000000"))
    assert missing.message_text == "Channel does not exist: SIP/470-0000abcd"
    if dialect == "mypbx":
        no2 = await park(("Channel", "SIP/470-0000abcd"))
        assert no2.message_text == "Channel2 not specified"
    empty = await client.action("ParkedCalls")
    assert empty.message_text == "Parked calls will follow"
    await client.until_event("ParkedCallsComplete", Total="0")


@pytest.mark.asyncio
@pytest.mark.parametrize("dialect", ["mypbx", "asterisk"])
async def test_dialling_an_empty_slot_hangs_up(
    make_pbx: MakePbx, make_client: MakeClient, dialect: str
) -> None:
    pbx = await make_pbx(dialect=dialect)
    client = await make_client(pbx.port, login="admin", secret="password")
    call = await pbx.dial_extension("702", "305", "", via_trunk=False)
    msgs = await client.until_event("Hangup", Channel=call.channel)
    assert any(m.is_event("Newexten") and m["Application"] == "ParkedCall" for m in msgs)
    await pbx.wait_idle()
