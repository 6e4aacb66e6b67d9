"""Acting on calls from the console: park and retrieve, pickup, blind transfer.

ConsoleService + PhoneService against the simulated MyPBX (1.8) and Asterisk 22:
the exact actions the PBX received, the outcome in words, and what the console's
models say afterwards. Refusals (a bad target, a line break that would smuggle a
second action, her own extension, no call) send nothing at all: checked on the
bytes the PBX received.
"""

from __future__ import annotations

import pytest

from mypbxdesk.calls import Direction
from mypbxdesk.console import LineState, ParkChange, ParkKind
from mypbxdesk.service import console as console_module
from mypbxdesk.service.permissions import Feature
from mypbxdesk.sim import SimulatedPbx

from .consoledesk import CALLER, ME, Desk, until

pytestmark = pytest.mark.asyncio


def state(desk: Desk, ext: str) -> LineState | None:
    colleague = desk.console.presence.get(ext)
    return None if colleague is None else colleague.state


def channels_of(sim: SimulatedPbx, ext: str, tech: str) -> list[str]:
    return [name for name in sim.channels if name.startswith(f"{tech}/{ext}-")]


def hang_up(sim: SimulatedPbx, channel: str) -> None:
    ch = sim.engine.find(channel)
    assert ch is not None, channel
    sim.calls.hangup(ch, 16)


# -- park and retrieve ----------------------------------------------------------------------
async def test_park_names_the_slot_and_retrieve_rings_her_for_it(desk: Desk) -> None:
    sim, console = desk.sim, desk.console
    changes: list[ParkChange] = []
    console.on_park(changes.append)
    call = await desk.answered_call()
    parked = await console.park()
    assert (parked.ok, parked.message, parked.slot) == (True, "Parked on 701", "701")
    (park,) = desk.sent("Park")
    assert (park["Channel"], park["Channel2"], park["TimeoutChannel"], park["Timeout"]) == (
        call.peer_channel,
        call.my_channel,
        call.my_channel,
        "120000",
    )
    (lot,) = console.parking.calls
    assert (lot.slot, lot.lot, lot.number, lot.name, lot.parked_by, lot.timeout) == (
        "701",
        "default",
        CALLER,
        "Bob Smith",
        ME,
        120,
    )
    assert sim.parked_calls() == {"701": call.peer_channel}
    # 1.8 hangs her phone up at once; 22 after telling her the slot.
    await until(lambda: channels_of(sim, ME, desk.tech) == [])
    retrieved = await console.retrieve("701")
    assert (retrieved.ok, retrieved.message) == (
        True,
        "Your phone rings: pick it up for the call on 701",
    )
    (ring,) = desk.sent("Originate")
    assert (ring["Channel"], ring["Context"], ring["Exten"], ring["Async"]) == (
        f"{desk.tech}/474",
        "DLPN_DialPlan474",
        "701",
        "true",
    )
    await until(lambda: console.parking.calls == [])
    assert [(c.kind, c.call.slot) for c in changes] == [
        (ParkKind.PARKED, "701"),
        (ParkKind.RETRIEVED, "701"),
    ]
    assert changes[-1].retrieved_by == ME
    assert sim.parked_calls() == {}
    (mine,) = channels_of(sim, ME, desk.tech)  # her phone, rung for the slot
    # She talks to the caller again, and her calls say so (the retrieval used to
    # go unlisted: the tracker was not told her phone would ring for it).
    await until(lambda: any(c.my_channel == mine for c in desk.answered()))
    (again,) = [c for c in desk.answered() if c.my_channel == mine]
    assert (again.number, again.peer_channel, again.direction) == (
        CALLER,
        call.peer_channel,
        Direction.OUTGOING,
    )
    assert again.call_id != call.call_id
    assert sim.engine.find(mine).bridged.name == call.peer_channel  # type: ignore[union-attr]


async def test_park_and_retrieve_refusals(desk: Desk) -> None:
    console = desk.console
    assert (await console.park()).message == "there is no call to park"
    assert (await console.park("no-such-call")).message == "there is no call to park"
    assert (await console.retrieve("799")).message == "no call is parked on 799"
    assert desk.sent("Park") == [] and desk.sent("Originate") == []


async def test_a_parked_call_that_times_out_leaves_the_lot_and_rings_her_again(
    desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 22 counts the timeout in whole seconds (at least 1); 1.8 in milliseconds.
    monkeypatch.setattr(console_module, "PARK_TIMEOUT_MS", 300)
    console = desk.console
    changes: list[ParkChange] = []
    console.on_park(changes.append)
    await desk.answered_call()
    assert (await console.park()).ok
    assert desk.sent("Park")[0]["Timeout"] == "300"
    (lot,) = console.parking.calls
    assert lot.timeout == (None if desk.legacy else 1)  # 1.8 says "Timeout: 0" (0.3 s)
    await until(lambda: ParkKind.TIMED_OUT in [c.kind for c in changes])
    assert console.parking.calls == []
    # The caller is never lost: her phone rings again with the caller.
    await until(
        lambda: any(
            c.number == CALLER and c.direction is Direction.INCOMING and c.is_live
            for c in desk.phone.calls
        )
    )


async def test_a_parked_caller_who_hangs_up_leaves_the_lot(desk: Desk) -> None:
    sim, console = desk.sim, desk.console
    changes: list[ParkChange] = []
    console.on_park(changes.append)
    call = await desk.answered_call()
    assert (await console.park()).ok
    assert call.peer_channel
    hang_up(sim, call.peer_channel)
    await until(lambda: console.parking.calls == [])
    assert [c.kind for c in changes] == [ParkKind.PARKED, ParkKind.GAVE_UP]
    assert changes[-1].call.number == CALLER
    retrieve = await console.retrieve("701")
    assert not retrieve.ok and desk.sent("Originate") == []


# -- pickup -----------------------------------------------------------------------------------
async def test_pickup_takes_the_call_ringing_a_colleague(desk: Desk) -> None:
    sim, console = desk.sim, desk.console
    await sim.colleague_call("470", "305", ring_time=30)
    await until(lambda: console.presence.ringing_channel("305") is not None)
    ringing = console.presence.ringing_channel("305")
    picked = await console.pickup("305")
    assert (picked.ok, picked.message) == (True, "Picked up the call for 305")
    (originate,) = desk.sent("Originate")
    assert (
        originate["Channel"],
        originate["Application"],
        originate["Data"],
        originate["Async"],
    ) == (f"{desk.tech}/474", "PickupChan", ringing, "true")
    assert originate.get("Context") is None and originate.get("Exten") is None
    await until(lambda: state(desk, "305") is LineState.IDLE)
    await until(lambda: any(c.number == "470" for c in desk.answered()))
    alice = console.presence.get("470")
    assert alice is not None and alice.state is LineState.IN_CALL
    assert channels_of(sim, "305", desk.tech) == []


async def test_pickup_with_nothing_ringing_sends_nothing(desk: Desk) -> None:
    outcome = await desk.console.pickup("306")
    assert (outcome.ok, outcome.message) == (False, "nothing is ringing on 306")
    outcome = await desk.console.pickup("999")
    assert (outcome.ok, outcome.message) == (False, "nothing is ringing on 999")
    assert desk.sent("Originate") == []


async def test_pickup_of_a_call_that_stopped_ringing_before_she_answered(desk: Desk) -> None:
    """The caller gives up while her phone rings for the pickup: the PBX runs
    PickupChan, finds nothing, and (1.8 and 22 alike) reports no error at all. No
    ``Pickup`` event follows, so the console says what happened."""
    sim, console = desk.sim, desk.console
    sim.set_ring_time(ME, 0.4)
    await sim.incoming_call(caller=CALLER, to="305", outcome="abandoned", ring_time=0.15)
    await until(lambda: console.presence.ringing_channel("305") is not None)
    outcome = await console.pickup("305", confirm=0.3)
    assert (outcome.ok, outcome.message) == (
        False,
        "the call on 305 was not picked up: it stopped ringing",
    )
    assert len(desk.sent("Originate")) == 1
    assert state(desk, "305") is LineState.IDLE
    assert desk.answered() == []


async def test_pickup_of_a_call_the_colleague_answered_meanwhile(desk: Desk) -> None:
    """305 answers while her phone still rings for the pickup: that is no pickup
    (she used to be told "Picked up the call for 305")."""
    sim, console = desk.sim, desk.console
    sim.set_ring_time(ME, 0.5)
    await sim.colleague_call("470", "305", ring_time=0.15)
    await until(lambda: console.presence.ringing_channel("305") is not None)
    outcome = await console.pickup("305")
    assert (outcome.ok, outcome.message) == (
        False,
        "305 answered the call before you could pick it up",
    )
    maria = console.presence.get("305")
    assert maria is not None and (maria.state, maria.talking_to) == (LineState.IN_CALL, "470")
    assert not any(c.number == "470" for c in desk.answered())


# -- blind transfer ---------------------------------------------------------------------------
async def test_blind_transfer_to_a_colleague(desk: Desk) -> None:
    sim, console = desk.sim, desk.console
    call = await desk.answered_call()
    outcome = await console.transfer("305")
    assert (outcome.ok, outcome.message) == (True, "Transferred to 305")
    (redirect,) = desk.sent("Redirect")
    assert (
        redirect["Channel"],
        redirect["Context"],
        redirect["Exten"],
        redirect["Priority"],
    ) == (call.peer_channel, "DLPN_DialPlan305", "305", "1")
    await until(lambda: state(desk, "305") is LineState.IN_CALL)
    maria = console.presence.get("305")
    assert maria is not None and maria.talking_to == CALLER
    await until(lambda: desk.phone.find(call.call_id) is None)
    assert channels_of(sim, "474", desk.tech) == []


async def test_blind_transfer_to_an_outside_number_uses_her_dial_plan(desk: Desk) -> None:
    call = await desk.answered_call()
    outcome = await desk.console.transfer("+86 139-0000-1111")
    assert (outcome.ok, outcome.message) == (True, "Transferred to +8613900001111")
    (redirect,) = desk.sent("Redirect")
    assert (redirect["Channel"], redirect["Context"], redirect["Exten"]) == (
        call.peer_channel,
        "DLPN_DialPlan474",
        "+8613900001111",
    )


async def test_blind_transfer_to_a_parked_call_slot(desk: Desk) -> None:
    """A slot that holds a parked call: the caller is connected with the parked one."""
    sim, console = desk.sim, desk.console
    other = await sim.incoming_call(caller="13900001111", to="503", ring_time=0.02)
    await until(lambda: state(desk, "503") is LineState.IN_CALL)
    assert sim.park(other.channel) == "701"
    await until(lambda: [p.slot for p in console.parking.calls] == ["701"])
    call = await desk.answered_call()
    outcome = await console.transfer("701")
    assert (outcome.ok, outcome.message) == (True, "Transferred to parked call 701")
    (redirect,) = desk.sent("Redirect")
    assert (redirect["Channel"], redirect["Context"], redirect["Exten"]) == (
        call.peer_channel,
        "DLPN_DialPlan474",
        "701",
    )
    await until(lambda: console.parking.calls == [])
    assert sim.parked_calls() == {}


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("abc", "letters"),
        ("305\r\nAction: Hangup", "line break"),
        ("305\nAction: Hangup", "line break"),
        ("", "empty"),
    ],
)
async def test_blind_transfer_refuses_a_bad_target_before_sending_anything(
    desk: Desk, target: str, message: str
) -> None:
    await desk.answered_call()
    sent = len(desk.sim.bytes_received)
    outcome = await desk.console.transfer(target)
    assert not outcome.ok
    assert message in outcome.message.lower()
    assert len(desk.sim.bytes_received) == sent
    assert b"Action: Hangup" not in desk.sim.bytes_received
    assert desk.sent("Redirect") == [] and desk.sent("Hangup") == []


async def test_blind_transfer_refusals_that_need_no_pbx(desk: Desk) -> None:
    console = desk.console
    assert (await console.transfer("305")).message == "there is no call to transfer"
    await desk.answered_call()
    assert (await console.transfer(ME)).message == "that is your own extension"
    assert (await console.transfer("305", "no-such-call")).message == (
        "there is no call to transfer"
    )
    assert desk.sent("Redirect") == []


async def test_a_transfer_the_pbx_refuses_is_said_in_its_words(desk: Desk) -> None:
    """The caller hangs up the moment she transfers: the Redirect names a channel
    that is gone, and the PBX's reason reaches her."""
    call = await desk.answered_call()
    assert call.peer_channel
    hang_up(desk.sim, call.peer_channel)  # the desk has not heard of it yet
    outcome = await desk.console.transfer("305", call.call_id)
    assert (outcome.ok, outcome.message) == (
        False,
        f"the PBX refused: Channel does not exist: {call.peer_channel}",
    )
    assert len(desk.sent("Redirect")) == 1
    assert desk.console.permissions.allowed(Feature.TRANSFER)  # no permission problem
