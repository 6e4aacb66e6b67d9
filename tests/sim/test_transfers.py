"""Transfers: 22's BlindTransfer, Atxfer and CancelAtxfer in both dialects."""

from __future__ import annotations

import math

import pytest

from mypbxdesk.ami.message import Message
from mypbxdesk.sim import SimulatedPbx

from .amiclient import AmiClient, names
from .conftest import MakeClient, MakePbx, bridged_call


async def _call(
    make_pbx: MakePbx, make_client: MakeClient, dialect: str
) -> tuple[SimulatedPbx, AmiClient, str, str]:
    pbx = await make_pbx(dialect=dialect, talk_time=math.inf)
    client = await make_client(pbx.port, login="admin", secret="password")
    caller, callee = await bridged_call(pbx, client)
    return pbx, client, caller, callee


def _local_two(m: Message) -> bool:
    """The Local channel's dialling half enters a bridge: the target answered."""
    return m.is_event("BridgeEnter") and (m.get("Channel") or "").endswith(";2")


@pytest.mark.asyncio
async def test_asterisk_blind_transfer(make_pbx: MakePbx, make_client: MakeClient) -> None:
    pbx, client, caller, callee = await _call(make_pbx, make_client, "asterisk")
    response = await client.action(
        "BlindTransfer", ("Channel", callee), ("Exten", "306"), ("Context", "DLPN_DialPlan474")
    )
    assert response.message_text == "Transfer succeeded"
    msgs = await client.until(lambda m: m.is_event("DialBegin") and m.get("Channel") == caller)
    blind = next(m for m in msgs if m.is_event("BlindTransfer"))
    assert (
        blind["Result"],
        blind["TransfererChannel"],
        blind["TransfereeChannel"],
        blind["Extension"],
        blind["IsExternal"],
    ) == ("Success", callee, caller, "306", "Yes")
    assert names(msgs).index("Unhold") < names(msgs).index("BlindTransfer")
    assert any(m.is_event("Hangup") and m["Channel"] == callee for m in msgs)
    assert msgs[-1]["DestChannel"].startswith("PJSIP/306-")
    await client.action("Hangup", ("Channel", caller))
    await pbx.wait_idle()


@pytest.mark.asyncio
async def test_blind_transfer_errors(make_pbx: MakePbx, make_client: MakeClient) -> None:
    pbx = await make_pbx(dialect="asterisk")
    client = await make_client(pbx.port, login="admin", secret="password")
    assert (await client.action("BlindTransfer")).message_text == "No channel specified"
    no_exten = await client.action("BlindTransfer", ("Channel", "PJSIP/474-00000000"))
    assert no_exten.message_text == "No extension specified"
    gone = await client.action("BlindTransfer", ("Channel", "PJSIP/474-00000000"), ("Exten", "306"))
    assert gone.message_text == "Channel specified does not exist"
    mypbx = await make_pbx(dialect="mypbx")
    old = await make_client(mypbx.port, login="admin", secret="password")
    unknown = await old.action("BlindTransfer", ("Channel", "x"), ("Exten", "306"))
    assert unknown.message_text.startswith("Invalid/unknown command: BlindTransfer")


@pytest.mark.asyncio
async def test_asterisk_attended_transfer_completes_when_the_transferer_hangs_up(
    make_pbx: MakePbx, make_client: MakeClient
) -> None:
    pbx, client, caller, callee = await _call(make_pbx, make_client, "asterisk")
    response = await client.action(
        "Atxfer", ("Channel", callee), ("Exten", "306"), ("Context", "DLPN_DialPlan474")
    )
    assert response.message_text == "Atxfer successfully queued"
    msgs = await client.until(_local_two)
    digits = [m["Digit"] for m in msgs if m.is_event("DTMFEnd")]
    assert digits == ["*", "2", "3", "0", "6"]
    assert next(m for m in msgs if m.is_event("Hold"))["Channel"] == callee
    assert next(m for m in msgs if m.is_event("MusicOnHoldStart"))["Channel"] == caller
    local = next(m for m in msgs if m.is_event("LocalBridge"))
    assert local["LocalOneChannel"] == "Local/306@DLPN_DialPlan474-00000000;1"
    assert pbx.extension_state("470") == 16  # the transferee is on hold
    await client.action("Hangup", ("Channel", callee))
    msgs = await client.until(lambda m: m.is_event("LocalOptimizationEnd"))
    transfer = next(m for m in msgs if m.is_event("AttendedTransfer"))
    assert (
        transfer["OrigTransfererChannel"],
        transfer["SecondTransfererChannel"],
        transfer["TransfereeChannel"],
        transfer["TransferTargetChannel"],
        transfer["DestType"],
    ) == (callee, callee, caller, local["LocalOneChannel"], "Bridge")
    await client.events_for(0.05)
    target = next(c for c in pbx.channels if c.startswith("PJSIP/306-"))
    assert sorted(pbx.channels) == sorted([caller, target])
    ch = pbx.engine.find(caller)
    assert ch is not None and ch.bridged is not None and ch.bridged.name == target
    await client.action("Hangup", ("Channel", caller))
    await pbx.wait_idle()


@pytest.mark.asyncio
async def test_asterisk_cancel_atxfer_returns_to_the_caller(
    make_pbx: MakePbx, make_client: MakeClient
) -> None:
    pbx, client, caller, callee = await _call(make_pbx, make_client, "asterisk")
    pbx.set_ring_time("503", 5.0)
    await client.action("Atxfer", ("Channel", callee), ("Exten", "503#"))
    await client.until(lambda m: m.is_event("DialBegin") and "Local/" in (m.get("Channel") or ""))
    response = await client.action("CancelAtxfer", ("Channel", callee))
    assert response.message_text == "CancelAtxfer successfully queued"
    msgs = await client.until_event("Hangup", Channel="PJSIP/503-00000004")
    assert [m["Digit"] for m in msgs if m.is_event("DTMFEnd")] == ["*", "1"]
    assert any(m.is_event("Unhold") and m["Channel"] == callee for m in msgs)
    assert any(m.is_event("MusicOnHoldStop") and m["Channel"] == caller for m in msgs)
    assert sorted(pbx.channels) == sorted([caller, callee])
    ch = pbx.engine.find(callee)
    assert ch is not None and ch.bridged is not None and ch.bridged.name == caller
    await client.action("Hangup", ("Channel", caller))
    await pbx.wait_idle()


@pytest.mark.asyncio
async def test_mypbx_attended_transfer_masquerades_the_transferee(
    make_pbx: MakePbx, make_client: MakeClient
) -> None:
    pbx, client, caller, callee = await _call(make_pbx, make_client, "mypbx")
    response = await client.action("Atxfer", ("Channel", callee), ("Exten", "306"))
    assert response.message_text == "Atxfer successfully queued"
    msgs = await client.until_event("Bridge", Channel1=callee)
    assert [m["Digit"] for m in msgs if m.is_event("DTMF")] == ["*", "2", "3", "0", "6"]
    assert any(m.is_event("MusicOnHold") and m["State"] == "Start" for m in msgs)
    target = msgs[-1]["Channel2"]
    await client.action("Hangup", ("Channel", callee))
    msgs = await client.until_event("Bridge", Channel1=caller)
    assert not any(m.name in ("Transfer", "AttendedTransfer") for m in msgs)
    assert f"Transfered/{caller}<ZOMBIE>" in [m.get("Newname") for m in msgs]
    assert msgs[-1]["Channel2"] == target
    await client.action("Hangup", ("Channel", caller))
    await pbx.wait_idle()


@pytest.mark.asyncio
async def test_mypbx_atxfer_without_transfer_options_only_sends_dtmf(
    make_pbx: MakePbx, make_client: MakeClient
) -> None:
    """A call dialled without ``tT``: 1.8 still answers "Atxfer successfully queued"
    (action_atxfer only queues DTMF) and the digits just reach the other party."""
    pbx = await make_pbx(dialect="mypbx", talk_time=math.inf)
    client = await make_client(pbx.port, login="admin", secret="password")
    await pbx.ring_group_call(caller="470", members=("474",), answered_by="474", via_trunk=False)
    await client.until_event("Bridge")
    callee = next(c for c in pbx.channels if c.startswith("SIP/474-"))
    response = await client.action("Atxfer", ("Channel", callee), ("Exten", "306#"))
    assert response.message_text == "Atxfer successfully queued"
    msgs = await client.events_for(0.3)
    assert [m["Digit"] for m in msgs if m.is_event("DTMF")] == ["*", "2", "3", "0", "6", "#"]
    assert not any(m.name in ("MusicOnHold", "Newchannel") for m in msgs)
    for ch in list(pbx.channels):
        await client.action("Hangup", ("Channel", ch))
    await pbx.wait_idle()


@pytest.mark.asyncio
@pytest.mark.parametrize("dialect", ["mypbx", "asterisk"])
async def test_atxfer_errors(make_pbx: MakePbx, make_client: MakeClient, dialect: str) -> None:
    pbx = await make_pbx(dialect=dialect)
    client = await make_client(pbx.port, login="admin", secret="password")
    assert (await client.action("Atxfer")).message_text == "No channel specified"
    no_exten = await client.action("Atxfer", ("Channel", "SIP/474-00000000"))
    assert no_exten.message_text == "No extension specified"
    gone = await client.action("Atxfer", ("Channel", "SIP/474-00000000"), ("Exten", "306"))
    assert gone.message_text == "Channel specified does not exist"


@pytest.mark.asyncio
async def test_atxfer_to_a_phone_that_does_not_answer_comes_back(
    make_pbx: MakePbx, make_client: MakeClient
) -> None:
    pbx, client, caller, callee = await _call(make_pbx, make_client, "asterisk")
    pbx.set_phone("306", "busy")
    await client.action("Atxfer", ("Channel", callee), ("Exten", "306#"))
    msgs = await client.until_event("Unhold")
    assert any(m.is_event("MusicOnHoldStop") for m in msgs)
    assert sorted(pbx.channels) == sorted([caller, callee])
    await client.action("Hangup", ("Channel", caller))
    await pbx.wait_idle()
