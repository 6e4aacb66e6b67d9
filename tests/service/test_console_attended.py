"""Attended transfer through ConsoleService, on the simulated MyPBX (1.8) and Asterisk 22.

Two ways (``attended.py``): ``Atxfer`` where the PBX has it (22 always; 1.8 when the
call was dialled with ``tT``, as the simulator's calls are), then Hangup of her leg to
complete, and ``CancelAtxfer`` (22) or a Hangup of the colleague's new leg (1.8) to
go back; and, where the PBX does not know ``Atxfer``, our own: park the caller, ring
her phone for the colleague, then Redirect the colleague (complete) or her (back)
into the slot. Every test asserts what the PBX received and the stages the service
reported, in order.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest
import pytest_asyncio

from mypbxdesk.ami.message import Message
from mypbxdesk.calls import Call
from mypbxdesk.console import LineState
from mypbxdesk.service.attended import Method, Stage
from mypbxdesk.sim import SimulatedPbx
from mypbxdesk.sim import parking as sim_parking
from mypbxdesk.sim.console_actions import ConsoleActions
from mypbxdesk.sim.handlers import Actions, ActionSpec
from mypbxdesk.sim.session import Session
from mypbxdesk.sim.transfers import Consult, Transfers

from .consoledesk import CALLER, DIALECTS, Desk, console_pbx, open_desk, relogin, until

pytestmark = pytest.mark.asyncio

S = Stage
#: An action handler of the simulator (ConsoleActions, Actions): (self, session, msg).
Handler = Callable[[Any, Session, Message], Awaitable[bool]]


def state(desk: Desk, ext: str) -> LineState | None:
    colleague = desk.console.presence.get(ext)
    return None if colleague is None else colleague.state


def rings_or_talks(sim: SimulatedPbx, ext: str, tech: str) -> list[str]:
    """The PBX's live channels of ``ext``'s phone."""
    return [name for name in sim.channels if name.startswith(f"{tech}/{ext}-")]


async def consulting(desk: Desk, target: str = "305") -> Call:
    """Her call with the caller, and the consultation of ``target`` under way."""
    call = await desk.answered_call()
    started = await desk.console.transfer_attended(target)
    assert (started.ok, started.message) == (True, f"Consulting {target}")
    await until(lambda: desk.stages()[-1:] == [S.CONSULTING])
    return call


@pytest_asyncio.fixture(params=DIALECTS)
async def no_atxfer(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[Desk]:
    """A PBX that does not know ``Atxfer`` (a MyPBX without the atxfer feature):
    it answers "Invalid/unknown command", so the service parks the caller instead."""
    specs = ConsoleActions.specs

    def without_atxfer(self: ConsoleActions) -> list[ActionSpec]:
        return [s for s in specs(self) if s.name != "Atxfer"]

    monkeypatch.setattr(ConsoleActions, "specs", without_atxfer)
    async with console_pbx(request.param) as pbx:
        desk = await open_desk(pbx)
        try:
            yield desk
        finally:
            await desk.aclose()


# -- Atxfer (22; 1.8 with tT) ---------------------------------------------------------------
async def test_atxfer_consult_and_complete(desk: Desk) -> None:
    sim, console = desk.sim, desk.console
    call = await consulting(desk)
    (atxfer,) = desk.sent("Atxfer")
    assert (atxfer["Channel"], atxfer["Exten"], atxfer["Context"]) == (
        call.my_channel,
        "305#",
        "DLPN_DialPlan474",
    )
    assert state(desk, "305") is LineState.IN_CALL
    maria = console.presence.get("305")
    assert maria is not None and maria.talking_to == "474"  # she consults Maria
    assert console.transfer_of() is not None
    done = await console.complete_transfer()
    assert (done.ok, done.message) == (True, "Transferred to 305")
    assert [m["Channel"] for m in desk.sent("Hangup")] == [call.my_channel]
    assert desk.stages() == [S.STARTING, S.CALLING, S.CONSULTING, S.COMPLETING, S.DONE]
    assert {p.method for p in desk.steps} == {Method.ATXFER}
    assert desk.steps[-1].text == "Transferred to 305"
    await until(lambda: console.presence.get("305").talking_to == CALLER)  # type: ignore[union-attr]
    await until(lambda: desk.phone.find(call.call_id) is None)  # her part is over
    assert console.transfers == {}
    assert desk.sent("CancelAtxfer") == [] and desk.sent("Park") == []
    assert rings_or_talks(sim, "474", desk.tech) == []


async def test_atxfer_consult_and_back(desk: Desk) -> None:
    sim, console = desk.sim, desk.console
    call = await consulting(desk)
    back = await console.cancel_transfer()
    assert (back.ok, back.message) == (True, "Back with the caller")
    assert desk.stages() == [S.STARTING, S.CALLING, S.CONSULTING, S.RETURNING, S.BACK]
    if desk.legacy:  # 1.8 has no CancelAtxfer: the colleague's leg is hung up
        assert desk.sent("CancelAtxfer") == []
        (hangup,) = desk.sent("Hangup")
        assert hangup["Channel"].startswith("SIP/305-")
    else:
        assert [m["Channel"] for m in desk.sent("CancelAtxfer")] == [call.my_channel]
        assert desk.sent("Hangup") == []
    await until(lambda: rings_or_talks(sim, "305", desk.tech) == [])
    await until(lambda: state(desk, "305") is LineState.IDLE)
    again = desk.phone.find(call.call_id)
    assert again is not None and again.number == CALLER  # she has the caller again
    assert console.transfers == {}
    assert (await console.cancel_transfer()).message == "there is no consultation to go back from"


async def test_atxfer_back_leaves_the_colleagues_other_call_alone(desk: Desk) -> None:
    """Maria (305) is on another call when she is consulted: going back ends only the
    consultation's leg (1.8 hung up every channel of her phone)."""
    sim = desk.sim
    other = await sim.colleague_call("503", "305", ring_time=0.02)
    await until(lambda: state(desk, "305") is LineState.IN_CALL)
    (before,) = rings_or_talks(sim, "305", desk.tech)
    await desk.answered_call()
    assert (await desk.console.transfer_attended("305")).ok
    await until(lambda: len(rings_or_talks(sim, "305", desk.tech)) == 2)  # consulted too
    assert (await desk.console.cancel_transfer()).ok
    await until(lambda: desk.stages()[-1:] == [S.BACK])
    assert all(m["Channel"] != before for m in desk.sent("Hangup"))
    await until(lambda: rings_or_talks(sim, "305", desk.tech) == [before])
    assert sim.engine.find(other.channel) is not None  # 503 still talks to Maria
    maria = desk.console.presence.get("305")
    assert maria is not None and maria.state is LineState.IN_CALL and maria.talking_to == "503"


async def test_atxfer_refused_for_a_call_without_channels_and_twice(desk: Desk) -> None:
    console = desk.console
    assert (await console.transfer_attended("305")).message == (
        "there is no answered call to transfer"
    )
    await desk.answered_call()
    assert (await console.transfer_attended("474")).message == "that is your own extension"
    assert (await console.transfer_attended("30a")).ok is False
    assert (await console.transfer_attended("305")).ok
    again = await console.transfer_attended("306")
    assert (again.ok, again.message) == (False, "this call is already being transferred")
    assert len(desk.sent("Atxfer")) == 1
    assert (await console.complete_transfer("nope")).message == (
        "there is no consultation to complete"
    )
    assert (await console.cancel_transfer()).ok


# -- our own way: park, ring her, Redirect ---------------------------------------------------
async def test_without_atxfer_the_caller_is_parked_and_complete_redirects_the_colleague(
    no_atxfer: Desk,
) -> None:
    """Complete = Redirect the colleague's leg into the slot. The simulator plays the
    MyPBX developer guide's Redirect (§1.5: a dialled leg's Redirect moves its
    *caller*), so her phone, not Maria's, takes the caller from the slot: the
    service must say so, not "Transferred to 305"."""
    desk, console = no_atxfer, no_atxfer.console
    call = await consulting(desk)
    (atxfer,) = desk.sent("Atxfer")  # tried once, refused
    assert atxfer["Channel"] == call.my_channel
    assert console.atxfer_usable is False
    (park,) = desk.sent("Park")
    assert (park["Channel"], park["Channel2"], park["TimeoutChannel"], park["Timeout"]) == (
        call.peer_channel,
        call.my_channel,
        call.my_channel,
        "120000",
    )
    (ring,) = desk.sent("Originate")  # her phone, then Maria
    assert (ring["Channel"], ring["Context"], ring["Exten"]) == (
        f"{desk.tech}/474",
        "DLPN_DialPlan474",
        "305",
    )
    calling = next(p for p in desk.steps if p.stage is S.CALLING)
    assert calling.slot == "701" and calling.method is Method.PARK
    assert "701" in calling.text
    assert [p.slot for p in console.parking.calls] == ["701"]
    done = await console.complete_transfer()
    assert done.ok, done.message
    (redirect,) = desk.sent("Redirect")
    assert redirect["Channel"].startswith(f"{desk.tech}/305-")  # Maria goes to the slot
    assert (redirect["Context"], redirect["Exten"]) == ("DLPN_DialPlan305", "701")
    await until(lambda: desk.stages()[-1:] == [S.FAILED])
    assert desk.stages() == [
        S.STARTING,
        S.HOLDING,
        S.CALLING,
        S.CONSULTING,
        S.COMPLETING,
        S.FAILED,
    ]
    assert desk.steps[-1].text == "305 did not get the call: you have the caller again"
    assert console.parking.calls == []
    await until(lambda: rings_or_talks(desk.sim, "305", desk.tech) == [])
    assert console.transfers == {}
    await relogin(desk)
    assert console.atxfer_usable is True  # the next login tries Atxfer again


async def test_without_atxfer_back_takes_the_caller_from_the_slot(no_atxfer: Desk) -> None:
    desk, console = no_atxfer, no_atxfer.console
    await consulting(desk)
    back = await console.cancel_transfer()
    assert (back.ok, back.message) == (True, "Back with the caller")
    (redirect,) = desk.sent("Redirect")
    assert redirect["Channel"].startswith(f"{desk.tech}/474-")  # she goes to the slot
    assert (redirect["Context"], redirect["Exten"]) == ("DLPN_DialPlan474", "701")
    await until(lambda: desk.stages()[-1:] == [S.BACK])
    assert desk.stages() == [S.STARTING, S.HOLDING, S.CALLING, S.CONSULTING, S.RETURNING, S.BACK]
    assert console.parking.calls == []
    await until(lambda: rings_or_talks(desk.sim, "305", desk.tech) == [])
    assert any(c.number == CALLER or c.number == "701" for c in desk.answered())


async def test_without_atxfer_a_colleague_who_does_not_answer_gives_the_caller_back(
    no_atxfer: Desk,
) -> None:
    desk, console = no_atxfer, no_atxfer.console
    desk.sim.set_phone("305", "noanswer")
    await desk.answered_call()
    assert (await console.transfer_attended("305")).ok
    await until(lambda: state(desk, "305") is LineState.RINGING)
    # Nobody answers: she hangs up her consultation call; the caller rings her again.
    consult = next(c for c in desk.phone.calls if c.number == "305")
    assert (await desk.phone.hangup(consult.call_id)).ok
    await until(lambda: desk.stages()[-1:] == [S.BACK], timeout=10)
    assert S.RETURNING in desk.stages()
    assert desk.steps[-1].text == "You are back with the caller"
    retrieve = desk.sent("Originate")[-1]
    assert retrieve["Exten"] == "701"
    assert console.parking.calls == []


# -- Esc before the PBX answered the start ------------------------------------------------------
def gate_action(
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    *,
    owner: type[ConsoleActions | Actions] = ConsoleActions,
    refuse: str = "",
) -> asyncio.Event:
    """The PBX answers action ``name`` (a handler of ``owner``) only once the
    returned event is set: the receptionist is quicker than the PBX. ``refuse``:
    then it refuses with these words."""
    gate = asyncio.Event()
    original: Handler = getattr(owner, name)

    async def slow(self: ConsoleActions | Actions, session: Session, msg: Message) -> bool:
        await gate.wait()
        if refuse:
            return ConsoleActions._error(session, msg, refuse)
        return await original(self, session, msg)

    monkeypatch.setattr(owner, name, slow)
    return gate


def without_atxfer(monkeypatch: pytest.MonkeyPatch) -> None:
    """The PBX does not know ``Atxfer`` (a MyPBX without the atxfer feature)."""
    specs = ConsoleActions.specs
    monkeypatch.setattr(
        ConsoleActions, "specs", lambda self: [s for s in specs(self) if s.name != "Atxfer"]
    )


@pytest.mark.parametrize("dialect", DIALECTS)
async def test_back_before_the_pbx_answered_atxfer_cancels_once_it_took_effect(
    dialect: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = gate_action(monkeypatch, "atxfer")
    consult_at_cancel: list[bool] = []
    cancel: Handler = ConsoleActions.cancel

    async def watched(self: ConsoleActions, session: Session, msg: Message) -> bool:
        consult_at_cancel.append(bool(self.c.transfers.active))
        return await cancel(self, session, msg)

    monkeypatch.setattr(ConsoleActions, "cancel", watched)
    async with console_pbx(dialect) as sim:
        desk = await open_desk(sim)
        try:
            call = await desk.answered_call()
            start = asyncio.ensure_future(desk.console.transfer_attended("305"))
            await until(lambda: desk.sent("Atxfer"))
            assert desk.stages() == [S.STARTING]
            back = asyncio.ensure_future(desk.console.cancel_transfer())
            await until(lambda: S.RETURNING in desk.stages())
            gate.set()
            started, went_back = await start, await back
            assert (went_back.ok, went_back.message) == (True, "Back with the caller")
            assert (started.ok, started.message) == (
                False,
                "you went back to the caller before 305 was called",
            )
            # Final once, and never alive again.
            assert desk.stages() == [S.STARTING, S.RETURNING, S.BACK]
            if desk.legacy:
                (hangup,) = desk.sent("Hangup")
                assert hangup["Channel"].startswith("SIP/305-")
            else:
                # The cancel reached the PBX after the Atxfer had taken effect.
                assert consult_at_cancel == [True]
            await until(lambda: not sim.console.transfers.active)
            await until(lambda: rings_or_talks(sim, "305", desk.tech) == [])
            again = desk.phone.find(call.call_id)
            assert again is not None and again.number == CALLER
            assert desk.console.transfers == {}
            assert desk.sent("Park") == []  # no fallback either
        finally:
            await desk.aclose()


@pytest.mark.parametrize("dialect", DIALECTS)
async def test_back_before_the_pbx_answered_the_park_does_not_call_the_colleague(
    dialect: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    without_atxfer(monkeypatch)
    gate = gate_action(monkeypatch, "park")
    async with console_pbx(dialect) as sim:
        desk = await open_desk(sim)
        try:
            await desk.answered_call()
            start = asyncio.ensure_future(desk.console.transfer_attended("305"))
            await until(lambda: desk.sent("Park"))
            assert desk.stages() == [S.STARTING, S.HOLDING]
            back = asyncio.ensure_future(desk.console.cancel_transfer())
            await until(lambda: S.RETURNING in desk.stages())
            gate.set()
            started, went_back = await start, await back
            assert went_back.ok and not started.ok
            await until(lambda: desk.stages()[-1:] == [S.BACK])
            assert desk.stages() == [S.STARTING, S.HOLDING, S.RETURNING, S.BACK]
            # Maria was never called; her phone rang for the slot instead.
            assert [m["Exten"] for m in desk.sent("Originate")] == ["701"]
            assert desk.console.parking.calls == []
        finally:
            await desk.aclose()


async def test_back_on_18_waits_for_the_colleagues_phone_to_ring(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """1.8 accepts the Atxfer before it dials the colleague. Esc in between: there is
    no leg of hers to hang up yet, so going back waits for her phone to ring, then
    hangs that leg up (1.8 has no CancelAtxfer)."""
    gate = asyncio.Event()
    consult18 = Transfers._consult18

    async def dials_later(self: Transfers, c: Consult) -> None:
        await gate.wait()
        await consult18(self, c)

    monkeypatch.setattr(Transfers, "_consult18", dials_later)
    async with console_pbx("mypbx") as sim:
        desk = await open_desk(sim)
        try:
            call = await desk.answered_call()
            started = await desk.console.transfer_attended("305")
            assert started.ok
            back = asyncio.ensure_future(desk.console.cancel_transfer())
            await until(lambda: S.RETURNING in desk.stages())
            assert rings_or_talks(sim, "305", "SIP") == [] and not back.done()
            gate.set()
            went_back = await back
            assert (went_back.ok, went_back.message) == (True, "Back with the caller")
            (hangup,) = desk.sent("Hangup")
            assert hangup["Channel"].startswith("SIP/305-")
            assert desk.stages() == [S.STARTING, S.CALLING, S.RETURNING, S.BACK]
            await until(lambda: rings_or_talks(sim, "305", "SIP") == [])
            again = desk.phone.find(call.call_id)
            assert again is not None and again.number == CALLER
        finally:
            await desk.aclose()


async def test_back_before_a_refused_atxfer_was_answered_sends_nothing_more(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A MyPBX without the atxfer feature code refuses the Atxfer ("No attended
    transfer feature found") after she pressed Esc: nothing was started, so she is
    back at once; no hang-up, no wait for a colleague's phone that never rings, no
    park."""
    gate = gate_action(monkeypatch, "atxfer", refuse="No attended transfer feature found")
    async with console_pbx("mypbx") as sim:
        desk = await open_desk(sim)
        try:
            call = await desk.answered_call()
            start = asyncio.ensure_future(desk.console.transfer_attended("305"))
            await until(lambda: desk.sent("Atxfer"))
            back = asyncio.ensure_future(desk.console.cancel_transfer())
            await until(lambda: S.RETURNING in desk.stages())
            gate.set()
            async with asyncio.timeout(2):  # well before the 5 s a ring is awaited
                started, went_back = await start, await back
            assert (went_back.ok, went_back.message) == (True, "Back with the caller")
            assert (started.ok, started.message) == (
                False,
                "you went back to the caller before 305 was called",
            )
            assert desk.stages() == [S.STARTING, S.RETURNING, S.BACK]
            assert desk.sent("Hangup") == [] and desk.sent("Park") == []
            assert desk.console.atxfer_usable is False  # the next one parks at once
            assert desk.console.transfers == {}
            assert desk.phone.find(call.call_id) is not None  # still with the caller
        finally:
            await desk.aclose()


@pytest.mark.parametrize("dialect", DIALECTS)
async def test_back_before_a_refused_park_was_answered_ends_the_transfer(
    dialect: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The parking lot is full: the Park she went back from fails. The caller never
    left her, so the transfer is over at once (it used to stay RETURNING)."""
    without_atxfer(monkeypatch)
    monkeypatch.setattr(sim_parking, "PARK_SLOTS", ())  # a full lot
    gate = gate_action(monkeypatch, "park")
    async with console_pbx(dialect) as sim:
        desk = await open_desk(sim)
        try:
            call = await desk.answered_call()
            start = asyncio.ensure_future(desk.console.transfer_attended("305"))
            await until(lambda: desk.sent("Park"))
            back = asyncio.ensure_future(desk.console.cancel_transfer())
            await until(lambda: S.RETURNING in desk.stages())
            gate.set()
            started, went_back = await start, await back
            assert (went_back.ok, went_back.message) == (True, "Back with the caller")
            assert not started.ok
            assert desk.stages() == [S.STARTING, S.HOLDING, S.RETURNING, S.BACK]
            assert desk.steps[-1].text == "You are back with the caller"
            assert desk.console.transfers == {}
            assert desk.sent("Originate") == []  # neither Maria nor a slot was rung
            assert desk.phone.find(call.call_id) is not None
        finally:
            await desk.aclose()


async def test_back_while_her_phone_is_rung_for_the_colleague(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Esc after the park, before the PBX accepted ringing her phone for Maria: the
    start does not claim a consultation, and the caller comes back from the slot.
    (The PBX answers one action at a time: the slot's Originate follows Maria's.)"""
    without_atxfer(monkeypatch)
    gate = gate_action(monkeypatch, "originate", owner=Actions)
    async with console_pbx("asterisk") as sim:
        desk = await open_desk(sim)
        try:
            await desk.answered_call()
            start = asyncio.ensure_future(desk.console.transfer_attended("305"))
            await until(lambda: desk.sent("Originate"))
            assert desk.stages() == [S.STARTING, S.HOLDING]
            back = asyncio.ensure_future(desk.console.cancel_transfer())
            await until(lambda: S.RETURNING in desk.stages())
            gate.set()
            started, went_back = await start, await back
            assert (started.ok, started.message) == (
                False,
                "you went back to the caller before 305 was called",
            )
            assert (went_back.ok, went_back.message) == (True, "Back with the caller")
            await until(lambda: desk.stages()[-1:] == [S.BACK])
            assert desk.stages() == [S.STARTING, S.HOLDING, S.RETURNING, S.BACK]
            assert [m["Exten"] for m in desk.sent("Originate")] == ["305", "701"]
            assert desk.console.parking.calls == []
        finally:
            await desk.aclose()


async def test_complete_before_she_talks_to_the_colleague_changes_nothing(
    no_atxfer: Desk,
) -> None:
    """Our own way: her phone still rings for Maria when she presses complete. It is
    refused, and the transfer goes on as before (it used to stay COMPLETING, so it
    could be neither completed nor followed any more)."""
    desk, console = no_atxfer, no_atxfer.console
    desk.sim.set_ring_time("474", 0.5)
    await desk.answered_call()
    assert (await console.transfer_attended("305")).ok
    early = await console.complete_transfer()
    assert (early.ok, early.message) == (False, "305 has not answered yet")
    assert desk.stages() == [S.STARTING, S.HOLDING, S.CALLING]
    await until(lambda: desk.stages()[-1:] == [S.CONSULTING])
    done = await console.complete_transfer()
    assert done.ok, done.message
    assert S.COMPLETING in desk.stages()
    await until(lambda: desk.stages()[-1].final)
