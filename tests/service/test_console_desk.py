"""Her queues, her voicemail and what her AMI user may do, through ConsoleService.

Against the simulated MyPBX (1.8) and Asterisk 22: QueuePause/QueueAdd/QueueRemove
with their exact headers and app_queue's refusals; MailboxCount after login,
MessageWaiting, and her phone dialling the voicemail; and the simulator's
``limited`` AMI user (write: ``call`` only), whose refused features turn off with
the reason in plain words and come back after the next login.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

from mypbxdesk.console import MailboxCount, QueueState
from mypbxdesk.service.permissions import DENIED, Feature
from mypbxdesk.sim import SimulatedPbx

from .consoledesk import ME, Desk, console_pbx, open_desk, relogin, until

pytestmark = pytest.mark.asyncio


def member(desk: Desk, queue: str = "reception", ext: str = ME) -> tuple[bool, str] | None:
    """``(paused, reason)`` of ``ext`` in ``queue``, None when not a member."""
    state = desk.console.queues.queue(queue)
    iface = f"{desk.tech}/{ext}"
    found = [m for m in state.members if m.interface == iface] if state is not None else []
    return (found[0].paused, found[0].paused_reason) if found else None


# -- queues ---------------------------------------------------------------------------------
async def test_her_queue_after_login(desk: Desk) -> None:
    (queue,) = desk.console.my_queues()
    assert (queue.name, queue.strategy) == ("reception", "ringall")
    members = {m.interface: m.membership for m in queue.members}
    assert members == {f"{desk.tech}/305": "static", f"{desk.tech}/474": "static"}
    assert member(desk) == (False, "")
    assert len(desk.sent("QueueStatus")) == 1


async def test_pause_with_a_reason_and_back(desk: Desk) -> None:
    console = desk.console
    seen: list[QueueState] = []
    console.on_queue(seen.append)
    paused = await console.pause(True, reason="lunch")
    assert (paused.ok, paused.message) == (True, "Paused")
    (action,) = desk.sent("QueuePause")
    assert (action["Interface"], action["Paused"], action["Reason"]) == (
        f"{desk.tech}/474",
        "true",
        "lunch",
    )
    assert action.get("Queue") is None  # in every queue of hers
    await until(lambda: member(desk) is not None and member(desk)[0])  # type: ignore[index]
    assert member(desk) == (True, "lunch")
    assert seen and seen[-1].name == "reception"
    back = await console.pause(False, queue="reception")
    assert (back.ok, back.message) == (True, "Back in the queue")
    last = desk.sent("QueuePause")[-1]
    assert (last["Paused"], last["Queue"], last.get("Reason")) == ("false", "reception", None)
    await until(lambda: member(desk) == (False, ""))


async def test_join_and_leave_a_queue(sim: SimulatedPbx) -> None:
    desk = await open_desk(sim, extension="503")  # not a member of "reception"
    try:
        console = desk.console
        assert console.my_queues() == []
        joined = await console.join_queue("reception")
        assert (joined.ok, joined.message) == (True, "Joined reception")
        (add,) = desk.sent("QueueAdd")
        assert (add["Queue"], add["Interface"], add["MemberName"]) == (
            "reception",
            f"{desk.tech}/503",
            "503",
        )
        await until(lambda: [q.name for q in console.my_queues()] == ["reception"])
        assert console.queues.memberships(f"{desk.tech}/503")[0].membership == "dynamic"
        left = await console.leave_queue("reception")
        assert (left.ok, left.message) == (True, "Left reception")
        (remove,) = desk.sent("QueueRemove")
        assert (remove["Queue"], remove["Interface"]) == ("reception", f"{desk.tech}/503")
        await until(lambda: console.my_queues() == [])
    finally:
        await desk.aclose()


async def test_queue_refusals_are_said_and_keep_the_feature_on(desk: Desk) -> None:
    console = desk.console
    assert (await console.join_queue("sales")).message == (
        "the PBX refused: Unable to add interface to queue: No such queue"
    )
    assert (await console.join_queue("reception")).message == (
        "the PBX refused: Unable to add interface: Already there"
    )
    assert (await console.leave_queue("reception")).message == (
        "the PBX refused: Member not dynamic"  # she is a static member
    )
    assert (await console.pause(True, queue="sales")).message == (
        "the PBX refused: Interface not found"
    )
    assert console.permissions.allowed(Feature.QUEUES)
    assert member(desk) == (False, "")
    assert len(desk.sent("QueueAdd")) == 2 and len(desk.sent("QueueRemove")) == 1


# -- voicemail ------------------------------------------------------------------------------
async def test_voicemail_count_after_login_and_when_a_message_arrives(desk: Desk) -> None:
    sim, console = desk.sim, desk.console
    assert console.my_mailbox() == MailboxCount("474@default", 0, 0, 0)
    (count,) = desk.sent("MailboxCount")
    assert count["Mailbox"] == "474@default"
    seen: list[MailboxCount] = []
    console.on_mailbox(seen.append)
    sim.leave_voicemail("474")
    sim.leave_voicemail("503")  # a colleague's box is not hers
    await until(lambda: (console.my_mailbox() or MailboxCount("")).new == 1)
    mine = console.my_mailbox()
    assert mine is not None and (mine.new, mine.old, mine.waiting) == (1, 0, True)
    assert [c.mailbox for c in seen if c.mailbox.startswith("474")] == ["474@default"]

    async def meanwhile() -> None:
        sim.leave_voicemail("474", urgent=True)

    await relogin(desk, meanwhile)
    assert console.my_mailbox() == MailboxCount("474@default", new=2, old=0, urgent=1)


async def test_dial_voicemail_rings_her_phone_for_her_mailbox(desk: Desk) -> None:
    sim, console = desk.sim, desk.console
    sim.leave_voicemail("474")
    await until(lambda: (console.my_mailbox() or MailboxCount("")).new == 1)
    outcome = await console.dial_voicemail()
    assert (outcome.ok, outcome.message) == (
        True,
        "Your phone rings: pick it up for your voicemail",
    )
    (ring,) = desk.sent("Originate")
    assert (ring["Channel"], ring["Context"], ring["Exten"], ring["Async"]) == (
        f"{desk.tech}/474",
        "DLPN_DialPlan474",
        "*02",
        "true",
    )
    # The call shows among hers, and once she listened the message is old.
    await until(lambda: any(c.number == "*02" for c in desk.phone.calls))
    await until(lambda: console.my_mailbox() == MailboxCount("474@default", 0, 1, 0))


# -- permissions ----------------------------------------------------------------------------
@pytest_asyncio.fixture
async def limited(sim: SimulatedPbx) -> AsyncIterator[Desk]:
    """474 logged in as the simulator's ``limited`` user: reads call, dialplan and
    reporting events; writes ``call`` only (Redirect, Hangup, Park, Atxfer)."""
    desk = await open_desk(sim, "limited", "limited")
    try:
        yield desk
    finally:
        await desk.aclose()


LIST_DENIED = "could not list the live channels after login: Permission denied"


@pytest.mark.expect_log(LIST_DENIED)
async def test_a_refused_feature_turns_off_with_the_reason_until_the_next_login(
    limited: Desk,
) -> None:
    desk, console = limited, limited.console
    changes: list[tuple[Feature, str]] = []
    console.permissions.on_change(lambda feature, reason: changes.append((feature, reason)))
    await desk.answered_call()
    # Originate needs 'originate': refused once, then off without asking again.
    first = await console.dial_voicemail()
    assert (first.ok, first.message) == (False, DENIED[Feature.DIAL])
    assert console.permissions.reason(Feature.DIAL) == DENIED[Feature.DIAL]
    again = await console.dial_voicemail()
    assert (again.ok, again.message) == (False, DENIED[Feature.DIAL])
    assert (await console.retrieve("701")).ok is False
    assert len(desk.sent("Originate")) == 1
    # The refused Originate left no trace: the next call she makes from her phone
    # is what she dialled, never the voicemail number (not even while it rings).
    numbers: list[str] = []
    desk.phone.on_change(lambda change: numbers.append(change.call.number))
    await desk.sim.outgoing_call(ME, "13900002222")
    await until(lambda: any(c.number == "13900002222" for c in desk.answered()))
    assert "*02" not in numbers and numbers[-1] == "13900002222"
    # QueuePause needs 'agent'; join and leave are the same feature.
    paused = await console.pause(True)
    assert (paused.ok, paused.message) == (False, DENIED[Feature.QUEUES])
    assert (await console.join_queue("reception")).message == DENIED[Feature.QUEUES]
    assert len(desk.sent("QueuePause")) == 1 and desk.sent("QueueAdd") == []
    # What 'call' allows still works: parking is on.
    parked = await console.park()
    assert (parked.ok, parked.slot) == (True, "701")
    assert changes == [
        (Feature.DIAL, DENIED[Feature.DIAL]),
        (Feature.QUEUES, DENIED[Feature.QUEUES]),
    ]
    assert console.permissions.allowed(Feature.PARK)
    assert console.permissions.allowed(Feature.TRANSFER)
    # The administrator may have granted the rights meanwhile: a new login tries again.
    await relogin(desk)
    assert console.permissions.allowed(Feature.DIAL)
    assert console.permissions.allowed(Feature.QUEUES)
    assert (Feature.DIAL, "") in changes and (Feature.QUEUES, "") in changes
    retry = await console.dial_voicemail()
    assert retry.message == DENIED[Feature.DIAL]
    assert len(desk.sent("Originate")) == 2  # asked the PBX again


@pytest.mark.expect_log(LIST_DENIED)
async def test_a_refused_pickup_turns_pickup_off() -> None:
    """On 22 only: 1.8 shows this user no colleague's line (the next test), so there
    is nothing to pick up there."""
    async with console_pbx("asterisk") as sim:
        desk = await open_desk(sim, "limited", "limited")
        try:
            console = desk.console
            await sim.colleague_call("470", "305", ring_time=30)
            await until(lambda: console.presence.ringing_channel("305") is not None)
            outcome = await console.pickup("305")
            assert (outcome.ok, outcome.message) == (False, DENIED[Feature.PICKUP])
            assert not console.permissions.allowed(Feature.PICKUP)
            assert console.permissions.allowed(Feature.DIAL)  # only pickup was refused
            assert (await console.pickup("305")).message == DENIED[Feature.PICKUP]
            assert len(desk.sent("Originate")) == 1
        finally:
            await desk.aclose()


@pytest.mark.expect_log(LIST_DENIED)
async def test_an_user_who_may_not_list_the_extensions_still_sees_lines_change(
    limited: Desk,
) -> None:
    """SIPpeers (1.8) and PJSIPShowEndpoints (22) need 'system': refused. 22 still
    lists every hint (ExtensionStateList needs only 'call'), so its colleagues show;
    1.8 has nothing to ask ExtensionState about, so the snapshot is empty, but the
    lines' changes still come as they happen: presence stays on."""
    desk, console = limited, limited.console
    refusals = [m.name for m in desk.sent("SIPpeers") + desk.sent("PJSIPShowEndpoints")]
    assert sorted(refusals) == ["PJSIPShowEndpoints", "SIPpeers"]
    assert console.extensions == []
    assert console.permissions.allowed(Feature.PRESENCE)
    if desk.legacy:
        assert console.colleagues() == []
        assert desk.sent("ExtensionState") == []
        await desk.sim.colleague_call("503", "305", ring_time=0.02)
        await until(lambda: {c.extension for c in console.colleagues()} >= {"305", "503"})
        maria = console.presence.get("305")
        assert maria is not None and maria.hint == "SIP/305"
    else:
        assert {c.extension for c in console.colleagues()} >= {"303", "305", "306"}
        assert {c.name for c in console.colleagues()} >= {"Maria Garcia"}


@pytest.mark.expect_log(LIST_DENIED)
async def test_the_readonly_user_may_do_nothing_and_is_told_so(sim: SimulatedPbx) -> None:
    desk = await open_desk(sim, "readonly", "readonly")
    try:
        console = desk.console
        await desk.answered_call()
        transfer = await console.transfer("305")
        assert (transfer.ok, transfer.message) == (False, DENIED[Feature.TRANSFER])
        park = await console.park()
        assert (park.ok, park.message) == (False, DENIED[Feature.PARK])
        assert desk.sent("Redirect") != [] and desk.sent("Park") != []
        assert not console.permissions.allowed(Feature.TRANSFER)
        assert (await console.transfer("306")).message == DENIED[Feature.TRANSFER]
        assert len(desk.sent("Redirect")) == 1
    finally:
        await desk.aclose()
