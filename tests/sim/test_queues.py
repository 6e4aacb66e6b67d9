"""The queue ``reception`` on 610, and the queue actions, in both dialects."""

from __future__ import annotations

import math

import pytest

from mypbxdesk.ami.message import Message
from mypbxdesk.sim import SimulatedPbx

from .amiclient import AmiClient, names
from .conftest import MakeClient, MakePbx


async def _pbx(
    make_pbx: MakePbx, make_client: MakeClient, dialect: str, **kw: object
) -> tuple[SimulatedPbx, AmiClient, str]:
    pbx = await make_pbx(dialect=dialect, **kw)
    client = await make_client(pbx.port, login="admin", secret="password")
    return pbx, client, "SIP" if dialect == "mypbx" else "PJSIP"


def _agent(msgs: list[Message], name: str) -> list[Message]:
    return [m for m in msgs if m.is_event(name)]


@pytest.mark.asyncio
@pytest.mark.parametrize("dialect", ["mypbx", "asterisk"])
async def test_a_caller_joins_rings_every_member_and_is_connected(
    make_pbx: MakePbx, make_client: MakeClient, dialect: str
) -> None:
    pbx, client, tech = await _pbx(make_pbx, make_client, dialect, talk_time=math.inf)
    pbx.set_ring_time("305", 5.0)
    call = await pbx.queue_call("13806012345", "Bob Smith")
    msgs = await client.until_event("AgentConnect")
    join = "Join" if dialect == "mypbx" else "QueueCallerJoin"
    leave = "Leave" if dialect == "mypbx" else "QueueCallerLeave"
    assert _agent(msgs, join)[0]["Channel"] == call.channel
    called = _agent(msgs, "AgentCalled")
    member = "AgentCalled" if dialect == "mypbx" else "Interface"
    assert {m[member] for m in called} == {f"{tech}/474", f"{tech}/305"}
    assert _agent(msgs, leave)[0]["Count"] == "0"
    connect = msgs[-1]
    assert connect[("MemberName")] == f"{tech}/474"
    dial_events = [n for n in names(msgs) if n.startswith("Dial")]
    if dialect == "mypbx":  # 1.8's Queue() rings the members without Dial events (c4)
        assert dial_events == [] and any(m.is_event("MusicOnHold") for m in msgs)
    else:
        assert "DialBegin" in dial_events
    assert pbx.queue_callers() == []
    await client.action("Hangup", ("Channel", call.channel))
    done = await client.until_event("AgentComplete")
    assert done[-1]["Reason"] == "caller"
    await pbx.wait_idle()


@pytest.mark.asyncio
@pytest.mark.parametrize("dialect", ["mypbx", "asterisk"])
async def test_queue_status_shows_the_waiting_caller_and_the_member_states(
    make_pbx: MakePbx, make_client: MakeClient, dialect: str
) -> None:
    pbx, client, tech = await _pbx(make_pbx, make_client, dialect)
    pbx.set_ring_time("474", 5.0)
    pbx.set_ring_time("305", 5.0)
    call = await pbx.queue_call()
    await client.until_event("AgentCalled")
    await client.send("QueueStatus", ("Queue", "reception"), action_id="qs")
    msgs = await client.until_event("QueueStatusComplete")
    params = _agent(msgs, "QueueParams")[0]
    assert (params["Strategy"], params["Calls"]) == ("ringall", "1")
    members = _agent(msgs, "QueueMember")
    assert [(m["Name"], m["Membership"]) for m in members] == [
        (f"{tech}/474", "static"),
        (f"{tech}/305", "static"),
    ]
    entry = _agent(msgs, "QueueEntry")[0]
    assert (entry["Channel"], entry["Position"]) == (call.channel, "1")
    assert "Wait" in entry and "Privilege" not in entry
    await client.send("QueueSummary", action_id="sum")
    summary = (await client.until_event("QueueSummaryComplete"))[-2]
    assert (summary["LoggedIn"], summary["Callers"]) == ("2", "1")
    await client.action("Hangup", ("Channel", call.channel))
    abandon = await client.until_event("QueueCallerAbandon")
    assert abandon[-1]["Position"] == "1"
    await pbx.wait_idle()


@pytest.mark.asyncio
@pytest.mark.parametrize("dialect", ["mypbx", "asterisk"])
async def test_paused_members_are_not_rung(
    make_pbx: MakePbx, make_client: MakeClient, dialect: str
) -> None:
    pbx, client, tech = await _pbx(make_pbx, make_client, dialect, talk_time=math.inf)
    response = await client.action(
        "QueuePause", ("Interface", f"{tech}/474"), ("Paused", "true"), ("Reason", "lunch")
    )
    assert response.message_text == "Interface paused successfully"
    event = "QueueMemberPaused" if dialect == "mypbx" else "QueueMemberPause"
    paused = await client.until_event(event)
    assert paused[-1]["Paused"] == "1"
    call = await pbx.queue_call()
    msgs = await client.until_event("AgentConnect")
    assert [m["DestinationChannel" if dialect == "mypbx" else "DestChannel"][:-9] for m in
            _agent(msgs, "AgentCalled")] == [f"{tech}/305"]  # fmt: skip
    unpause = await client.action("QueuePause", ("Interface", f"{tech}/474"), ("Paused", "no"))
    assert unpause.message_text == "Interface unpaused successfully"
    await client.action("Hangup", ("Channel", call.channel))
    await pbx.wait_idle()


@pytest.mark.asyncio
@pytest.mark.parametrize("dialect", ["mypbx", "asterisk"])
async def test_a_caller_waits_while_every_member_is_busy(
    make_pbx: MakePbx, make_client: MakeClient, dialect: str
) -> None:
    pbx, client, tech = await _pbx(make_pbx, make_client, dialect)
    pbx.pause_member("474")
    pbx.pause_member("305")
    call = await pbx.queue_call()
    await client.events_for(0.2)
    assert pbx.queue_callers() == [call.channel]
    assert not any(c.startswith(f"{tech}/305-") for c in pbx.channels)
    pbx.pause_member("305", False)
    msgs = await client.until_event("AgentConnect")
    assert msgs[-1]["MemberName"] == f"{tech}/305"
    await call.wait()
    await pbx.wait_idle()


@pytest.mark.asyncio
@pytest.mark.parametrize("dialect", ["mypbx", "asterisk"])
async def test_queue_add_remove_and_their_refusals(
    make_pbx: MakePbx, make_client: MakeClient, dialect: str
) -> None:
    _, client, tech = await _pbx(make_pbx, make_client, dialect)
    iface = f"{tech}/306"
    add = (("Queue", "reception"), ("Interface", iface), ("MemberName", "David"))
    assert (await client.action("QueueAdd", *add)).message_text == "Added interface to queue"
    added = (await client.until_event("QueueMemberAdded"))[-1]
    assert (added["MemberName"], added["Membership"]) == ("David", "dynamic")
    again = await client.action("QueueAdd", *add)
    assert again.message_text == "Unable to add interface: Already there"
    static = await client.action(
        "QueueRemove", ("Queue", "reception"), ("Interface", f"{tech}/474")
    )
    assert static.message_text == "Member not dynamic"
    removed = await client.action("QueueRemove", ("Queue", "reception"), ("Interface", iface))
    assert removed.message_text == "Removed interface from queue"
    await client.until_event("QueueMemberRemoved")
    gone = await client.action("QueueRemove", ("Queue", "reception"), ("Interface", iface))
    assert gone.message_text == "Unable to remove interface: Not there"
    nobody = await client.action("QueuePause", ("Interface", f"{tech}/999"), ("Paused", "true"))
    assert nobody.message_text == "Interface not found"
    texts = [
        (await client.action("QueueAdd", ("Interface", iface))).message_text,
        (await client.action("QueueAdd", ("Queue", "reception"))).message_text,
        (await client.action("QueueAdd", ("Queue", "sales"), ("Interface", iface))).message_text,
        (await client.action("QueueRemove", ("Queue", "reception"))).message_text,
        (await client.action("QueuePause", ("Interface", iface))).message_text,
    ]
    assert texts == [
        "'Queue' not specified.",
        "'Interface' not specified.",
        "Unable to add interface to queue: No such queue",
        "Need 'Queue' and 'Interface' parameters.",
        "Need 'Interface' and 'Paused' parameters.",
    ]


@pytest.mark.asyncio
@pytest.mark.parametrize("dialect", ["mypbx", "asterisk"])
async def test_ring_group_600_rings_474_and_305(
    make_pbx: MakePbx, make_client: MakeClient, dialect: str
) -> None:
    pbx, client, tech = await _pbx(make_pbx, make_client, dialect)
    pbx.set_ring_time("474", 5.0)
    call = await pbx.dial_extension("600", "470", "", via_trunk=False)
    assert [d[: len(tech) + 4] for d in call.destinations] == [f"{tech}/474", f"{tech}/305"]
    msgs = await client.until(lambda m: m.name in ("Bridge", "BridgeEnter"))
    dial = next(m for m in msgs if m.is_event("Newexten") and m["Application"] == "Dial")
    assert dial["AppData"] == f"{tech}/474&{tech}/305,20,tT"
    await call.wait()
    await pbx.wait_idle()
