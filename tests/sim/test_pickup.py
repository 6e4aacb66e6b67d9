"""Pickup of a ringing colleague: Originate PickupChan, ``**<ext>`` and ``*8``."""

from __future__ import annotations

import math

import pytest

from mypbxdesk.sim import SimulatedPbx

from .amiclient import AmiClient
from .conftest import MakeClient, MakePbx


async def _ringing(
    make_pbx: MakePbx, make_client: MakeClient, dialect: str
) -> tuple[SimulatedPbx, AmiClient, str, str]:
    """470 calls 474, which rings (for 5 s)."""
    pbx = await make_pbx(dialect=dialect, talk_time=math.inf)
    client = await make_client(pbx.port, login="admin", secret="password")
    pbx.set_ring_time("474", 5.0)
    call = await pbx.incoming_call(caller="470", caller_name="Alice", to="474", via_trunk=False)
    await client.until_event("ExtensionStatus", Exten="474", Status="8")
    return pbx, client, call.channel, call.destinations[0]


def _originate_pickup(tech: str, target: str) -> list[tuple[str, str]]:
    return [
        ("Channel", f"{tech}/305"),
        ("Application", "PickupChan"),
        ("Data", target),
        ("CallerID", '"Reception" <305>'),
        ("Async", "true"),
    ]


@pytest.mark.asyncio
async def test_mypbx_pickupchan_masquerades_the_ringing_leg(
    make_pbx: MakePbx, make_client: MakeClient
) -> None:
    pbx, client, caller, ringing = await _ringing(make_pbx, make_client, "mypbx")
    leg = pbx.engine.find(ringing)
    assert leg is not None
    leg_uid = leg.uniqueid
    await client.send("Originate", *_originate_pickup("SIP", "SIP/474"), action_id="pk")
    msgs = await client.until_event("Bridge", Channel1=caller)
    response = next(m for m in msgs if m.is_event("OriginateResponse"))
    assert (response["Response"], response["Context"], response["Exten"]) == ("Success", "", "")
    pickup = next(m for m in msgs if m.is_event("Pickup"))
    picker = pickup["Channel"]
    assert pickup.headers[2:] == (("Channel", picker), ("TargetChannel", ringing))
    renames = [(m["Channel"], m["Newname"], m["Uniqueid"]) for m in msgs if m.is_event("Rename")]
    assert renames[1] == (ringing, picker, leg_uid)  # 474's leg becomes 305, keeps its id
    zombie = next(m for m in msgs if m.is_event("Hangup"))
    assert zombie["Channel"] == f"{ringing}<ZOMBIE>"
    assert msgs[-1]["Uniqueid2"] == leg_uid
    assert pbx.extension_state("474") == 0 and pbx.extension_state("305") == 1
    await client.action("Hangup", ("Channel", caller))
    await pbx.wait_idle()


@pytest.mark.asyncio
async def test_asterisk_pickupchan_hangs_up_the_ringing_leg_answered_elsewhere(
    make_pbx: MakePbx, make_client: MakeClient
) -> None:
    pbx, client, caller, ringing = await _ringing(make_pbx, make_client, "asterisk")
    await client.send("Originate", *_originate_pickup("PJSIP", "PJSIP/474"), action_id="pk")
    msgs = await client.until_event("BridgeEnter", Channel=caller)
    response = next(m for m in msgs if m.is_event("OriginateResponse"))
    assert (response["Application"], response["Data"]) == ("PickupChan", "PJSIP/474")
    pickup = next(m for m in msgs if m.is_event("Pickup"))
    assert pickup["TargetChannel"] == ringing
    hangup = next(m for m in msgs if m.is_event("Hangup"))
    assert (hangup["Channel"], hangup["Cause"], hangup["Cause-txt"]) == (
        ringing,
        "26",
        "Answered elsewhere",
    )
    end = next(m for m in msgs if m.is_event("DialEnd") and m.get("Channel") == caller)
    assert (end["DestChannel"], end["DialStatus"]) == (pickup["Channel"], "ANSWER")
    await client.action("Hangup", ("Channel", caller))
    await pbx.wait_idle()


@pytest.mark.asyncio
@pytest.mark.parametrize("dialect", ["mypbx", "asterisk"])
async def test_pickup_of_nothing_ringing_is_no_error(
    make_pbx: MakePbx, make_client: MakeClient, dialect: str
) -> None:
    pbx = await make_pbx(dialect=dialect)
    client = await make_client(pbx.port, login="admin", secret="password")
    tech = "SIP" if dialect == "mypbx" else "PJSIP"
    ack = await client.action("Originate", *_originate_pickup(tech, f"{tech}/503"))
    assert ack.message_text == "Originate successfully queued"
    msgs = await client.until_event("OriginateResponse")
    assert msgs[-1]["Response"] == "Success"
    await client.until_event("Hangup")  # the picker just hangs up again
    await pbx.wait_idle()


@pytest.mark.asyncio
@pytest.mark.parametrize("dialect", ["mypbx", "asterisk"])
@pytest.mark.parametrize("code", ["**474", "*8"])
async def test_pickup_codes_dialled_from_a_phone(
    make_pbx: MakePbx, make_client: MakeClient, dialect: str, code: str
) -> None:
    pbx, client, caller, ringing = await _ringing(make_pbx, make_client, dialect)
    await pbx.dial_extension(code, "503", "", via_trunk=False)
    msgs = await client.until_event("Pickup")
    tech = "SIP" if dialect == "mypbx" else "PJSIP"
    newexten = next(m for m in msgs if m.is_event("Newexten"))
    assert newexten["Channel"].startswith(f"{tech}/503-")
    assert newexten["Application"] == ("PickupChan" if code.startswith("**") else "Pickup")
    if code.startswith("**"):
        assert newexten["AppData"] == f"{tech}/474-"
    assert msgs[-1]["TargetChannel"] == ringing
    await client.until(lambda m: m.name in ("Bridge", "BridgeEnter"))
    await client.action("Hangup", ("Channel", caller))
    await pbx.wait_idle()
