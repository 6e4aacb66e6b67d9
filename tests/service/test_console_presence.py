"""The console's view of the office after every login: colleagues, names, lines, parked calls.

ConsoleService + PhoneService against the simulated MyPBX (1.8) and Asterisk 22:
what it asks the PBX after a login (1.8: one ExtensionState per extension; 22:
ExtensionStateList), what it reports (colleagues, names, states, who talks to
whom), how a re-login replaces what changed while it was away, and that
malformed events for its models change nothing and break nothing.
"""

from __future__ import annotations

import pytest

from mypbxdesk.console import LineState, ParkKind, PresenceChange
from mypbxdesk.driver.client import ConnectionState
from mypbxdesk.service.permissions import Feature
from mypbxdesk.sim import SimulatedPbx

from .consoledesk import CALLER, Desk, relogin, until

pytestmark = pytest.mark.asyncio

NAMES = {
    "303": "Tom Becker",
    "305": "Maria Garcia",
    "306": "David Kim",
    "470": "Alice Martin",
    "503": "Li Na",
}


def state(desk: Desk, ext: str) -> LineState | None:
    colleague = desk.console.presence.get(ext)
    return None if colleague is None else colleague.state


def hang_up(sim: SimulatedPbx, channel: str) -> None:
    """A party hangs up its phone (as the PBX sees it, no AMI involved)."""
    ch = sim.engine.find(channel)
    assert ch is not None, channel
    sim.calls.hangup(ch, 16)


async def test_after_login_every_colleague_is_known_by_name_and_idle(desk: Desk) -> None:
    console = desk.console
    names = dict(NAMES)
    if not desk.legacy:
        # 22's ExtensionStateList lists every hint, the analog phone's too; 1.8 is
        # asked only for the SIP peers it listed.
        names["601"] = "Warehouse"
    colleagues = console.colleagues()
    assert {c.extension: c.name for c in colleagues} == names
    assert all(c.state is LineState.IDLE for c in colleagues)
    assert all(c.hint == f"{desk.tech}/{c.extension}" for c in colleagues if c.extension != "601")
    assert console.presence.get("474") is not None  # her own line is known, not a colleague
    assert console.extensions == ["303", "305", "306", "470", "474", "503"]
    assert not any(not console.permissions.allowed(f) for f in Feature)
    asked = [(m["Exten"], m["Context"]) for m in desk.sent("ExtensionState")]
    if desk.legacy:  # no ExtensionStateList on 1.8: one ExtensionState per extension
        assert asked == [(ext, f"DLPN_DialPlan{ext}") for ext in console.extensions]
    else:
        assert asked == []
    assert len(desk.sent("ExtensionStateList")) == 1
    # The peer list of the PBX's own dialect, and the voicemail names.
    assert len(desk.sent("SIPpeers" if desk.legacy else "PJSIPShowEndpoints")) == 1
    assert len(desk.sent("VoicemailUsersList")) == 1


async def test_a_colleague_rings_talks_and_hangs_up(desk: Desk) -> None:
    sim, console = desk.sim, desk.console
    seen: list[PresenceChange] = []
    console.on_presence(seen.append)
    call = await sim.colleague_call("503", "306", ring_time=0.1)
    await until(lambda: state(desk, "306") is LineState.IN_CALL)
    tom = console.presence.get("306")
    li = console.presence.get("503")
    assert tom is not None and li is not None
    assert (tom.talking_to, li.talking_to) == ("503", "306")
    assert li.state is LineState.IN_CALL
    hang_up(sim, call.channel)
    await until(
        lambda: state(desk, "306") is LineState.IDLE and state(desk, "503") is LineState.IDLE
    )
    states = [c.state for c in seen if c.extension == "306"]
    lamp = [s for i, s in enumerate(states) if i == 0 or s is not states[i - 1]]
    assert lamp == [LineState.RINGING, LineState.IN_CALL, LineState.IDLE]
    ringing = next(c for c in seen if c.extension == "306" and c.state is LineState.RINGING)
    assert ringing.previous is LineState.IDLE
    assert ringing.colleague.talking_to == "503"  # who rings it, while it rings
    done = console.presence.get("306")
    assert done is not None and done.talking_to == "" and done.name == "David Kim"
    assert done.since >= tom.since


async def test_a_relogin_replaces_what_changed_while_away(desk: Desk) -> None:
    sim, console = desk.sim, desk.console
    first = await sim.incoming_call(caller=CALLER, to="503", ring_time=0.02)
    await until(lambda: state(desk, "503") is LineState.IN_CALL)
    assert sim.park(first.channel) == "701"
    await until(lambda: [p.slot for p in console.parking.calls] == ["701"])
    changes: list[tuple[ParkKind, str]] = []
    console.on_park(lambda ch: changes.append((ch.kind, ch.call.slot)))

    async def meanwhile() -> None:
        # A second caller is parked, and 305 takes the first one from its slot.
        second = await sim.incoming_call(caller="13900001111", to="306", ring_time=0.02)
        await until(lambda: sim.extension_state("306") == 1)
        assert sim.park(second.channel) == "702"
        await sim.dial_extension("701", caller="305", via_trunk=False)
        await until(lambda: set(sim.parked_calls()) == {"702"})
        await until(lambda: sim.extension_state("305") == 1)
        # Nothing of this reached the desk: it is away.
        assert [p.slot for p in console.parking.calls] == ["701"]
        assert state(desk, "305") is LineState.IDLE

    await relogin(desk, meanwhile)
    (parked,) = console.parking.calls
    assert (parked.slot, parked.number) == ("702", "13900001111")
    assert changes == [(ParkKind.GONE, "701"), (ParkKind.PARKED, "702")]
    assert state(desk, "305") is LineState.IN_CALL
    maria = console.presence.get("305")
    assert maria is not None and maria.talking_to == CALLER  # the caller she took from 701
    assert len(desk.sent("ParkedCalls")) == 2  # once per login
    assert desk.phone.status.state is ConnectionState.CONNECTED


async def test_a_colleague_whose_call_ended_while_away_is_idle_again(desk: Desk) -> None:
    sim = desk.sim
    call = await sim.colleague_call("503", "306", ring_time=0.02)
    await until(lambda: state(desk, "306") is LineState.IN_CALL)

    async def meanwhile() -> None:
        hang_up(sim, call.channel)
        await until(lambda: sim.extension_state("306") == 0)

    await relogin(desk, meanwhile)
    tom = desk.console.presence.get("306")
    assert tom is not None and (tom.state, tom.talking_to) == (LineState.IDLE, "")
    assert desk.console.presence.channels_of("306") == []


# -- garbage ------------------------------------------------------------------------------
GARBAGE = (
    b"Event: ExtensionStatus\r\nPrivilege: call,all\r\n\r\n"
    b"Event: ExtensionStatus\r\nPrivilege: call,all\r\nExten: 305\r\n\r\n"
    b"Event: ExtensionStatus\r\nPrivilege: call,all\r\nHint: SIP/999\r\nStatus: 8\r\n\r\n"
    b"Event: DeviceStateChange\r\nPrivilege: call,all\r\nState: RINGING\r\n\r\n"
    b"Event: Newchannel\r\nPrivilege: call,all\r\n\r\n"
    b"Event: Hangup\r\nPrivilege: call,all\r\nCause: 16\r\n\r\n"
    b"Event: Rename\r\nPrivilege: call,all\r\nNewname: SIP/305-00000042\r\n\r\n"
    b"Event: ParkedCall\r\nPrivilege: call,all\r\nChannel: SIP/470-00000042\r\n\r\n"
    b"Event: UnParkedCall\r\nPrivilege: call,all\r\nExten: 799\r\n\r\n"
    b"Event: ParkedCallTimeOut\r\nPrivilege: call,all\r\n\r\n"
    b"Event: ParkedCallGiveUp\r\nPrivilege: call,all\r\nParkingSpace: \r\n\r\n"
    b"Event: QueueMemberStatus\r\nPrivilege: agent,all\r\nQueue: reception\r\n\r\n"
    b"Event: QueueMemberAdded\r\nPrivilege: agent,all\r\nInterface: SIP/1\r\n\r\n"
    b"Event: QueueMemberPause\r\nPrivilege: agent,all\r\nQueue: reception\r\nPaused: x\r\n\r\n"
    b"Event: Join\r\nPrivilege: call,all\r\nPosition: many\r\n\r\n"
    b"Event: Leave\r\nPrivilege: call,all\r\nQueue: nowhere\r\n\r\n"
    b"Event: AgentCalled\r\nPrivilege: agent,all\r\n\r\n"
    b"Event: MessageWaiting\r\nPrivilege: call,all\r\n\r\n"
    b"Event: MessageWaiting\r\nPrivilege: call,all\r\nMailbox: 474@default\r\nNew: -3\r\n\r\n"
    b"Event: Pickup\r\nPrivilege: call,all\r\n\r\n"
    b"Event: Pickup\r\nPrivilege: call,all\r\nTargetChannel: SIP/305-00000042\r\n\r\n"
    b"Event: Masquerade\r\nPrivilege: call,all\r\nClone: SIP/305-00000042\r\n\r\n"
    b"Event: Masquerade\r\nPrivilege: call,all\r\nOriginal: \r\nClone: \r\n\r\n"
)


async def test_malformed_console_events_change_nothing_and_break_nothing(desk: Desk) -> None:
    """Events the console's models read, with their headers missing or nonsense: the
    models stay as they were, no observer fails (the test fails on any logged error),
    and the next real event is handled as usual."""
    sim, console = desk.sim, desk.console
    before = (
        console.colleagues(),
        console.parking.calls,
        console.queues.queues,
        console.my_mailbox(),
    )
    await sim.send_raw(GARBAGE.replace(b"SIP/", f"{desk.tech}/".encode()))
    await sim.send_raw(b"Event: Ping\r\n\r\n")  # read after the garbage
    after = (
        console.colleagues(),
        console.parking.calls,
        console.queues.queues,
        console.my_mailbox(),
    )
    assert after == before
    await sim.colleague_call("503", "305", ring_time=0.02)
    await until(lambda: state(desk, "305") is LineState.IN_CALL)
    assert (await console.pause(True)).ok
    assert desk.phone.status.state is ConnectionState.CONNECTED
