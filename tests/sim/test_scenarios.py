"""The demo schedule and ``run_simulator`` (what ``mypbxdesk simulate`` runs)."""

from __future__ import annotations

import asyncio
import io
import random
import re

import pytest

from mypbxdesk.sim import SimulatedPbx, run_simulator
from mypbxdesk.sim.office import SCENES, OfficeLife
from mypbxdesk.sim.scenarios import KINDS, CallSchedule

from .amiclient import AmiClient, names
from .conftest import FAST, MakeClient, MakePbx


@pytest.mark.asyncio
async def test_run_simulator_prints_users_and_port_and_stops_when_cancelled() -> None:
    out = io.StringIO()
    task = asyncio.create_task(run_simulator(port=0, dialect="mypbx", calls_every=None, out=out))
    for _ in range(100):
        if "Listening on" in out.getvalue():
            break
        await asyncio.sleep(0.01)
    text = out.getvalue()
    assert "admin / password" in text and "limited / limited" in text
    assert "Asterisk Call Manager/1.1" in text
    match = re.search(r"Listening on 127\.0\.0\.1:(\d+)", text)
    assert match is not None
    client = await AmiClient.connect(int(match[1]))
    try:
        assert (await client.login()).message_text == "Authentication accepted"
    finally:
        await client.close()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task


@pytest.mark.asyncio
async def test_schedule_generates_calls_to_the_extension(
    pbx: SimulatedPbx, make_client: MakeClient
) -> None:
    client = await make_client(pbx.port, login="admin", secret="password", events="call")
    pbx.start_schedule(every=0.02, to="474")
    msgs = await client.until(
        lambda m: (
            m.is_event("Newstate")
            and m["Channel"].startswith("SIP/474-")
            and m["ChannelStateDesc"] == "Ringing"
        )
    )
    assert "Newchannel" in names(msgs)
    pbx.stop_schedule()
    await pbx.wait_idle()


@pytest.mark.asyncio
@pytest.mark.parametrize("kind", [k for _, k in KINDS])
async def test_every_scheduled_kind_rings_the_extension(kind: str) -> None:
    async with SimulatedPbx(dialect="asterisk", **FAST) as pbx:
        schedule = CallSchedule(pbx, every=1.0, to="474", rng=random.Random(1))
        await schedule.place_one(kind)
        assert any(c.startswith("PJSIP/474-") for c in pbx.channels)
        await pbx.wait_idle()
    with pytest.raises(ValueError, match="not an extension"):
        CallSchedule(pbx, every=1.0, to="999", rng=random.Random(1))


SCENE_EVENT = {
    "colleagues": "Bridge",
    "outside": "Bridge",
    "queue": "AgentConnect",
    "park": "UnParkedCall",
    "voicemail": "MessageWaiting",
}


@pytest.mark.asyncio
@pytest.mark.parametrize("dialect", ["mypbx", "asterisk"])
@pytest.mark.parametrize("kind", [k for _, k in SCENES])
async def test_every_office_scene_plays_and_ends(
    make_pbx: MakePbx, make_client: MakeClient, dialect: str, kind: str
) -> None:
    pbx = await make_pbx(dialect=dialect)
    client = await make_client(pbx.port, login="admin", secret="password")
    life = OfficeLife(pbx, every=0.1, avoid="474", rng=random.Random(3))
    scene = asyncio.create_task(life.play(kind))
    wanted = SCENE_EVENT[kind]
    if dialect == "asterisk" and wanted == "Bridge":
        wanted = "BridgeEnter"
    await client.until_event(wanted, timeout=5)
    await scene
    await asyncio.wait_for(pbx.wait_idle(), 10)
    assert life.played == 1


@pytest.mark.asyncio
async def test_schedule_also_brings_the_office_to_life(
    pbx: SimulatedPbx, make_client: MakeClient
) -> None:
    client = await make_client(pbx.port, login="admin", secret="password", events="call")
    pbx.start_schedule(every=0.05, to="474")
    colleagues = await client.until(
        lambda m: m.is_event("ExtensionStatus") and m["Exten"] not in ("474", "701"),
        timeout=5,
    )
    assert colleagues
    pbx.stop_schedule()
    await asyncio.wait_for(pbx.wait_idle(), 15)
    quiet = SimulatedPbx(**FAST)
    quiet.start_schedule(every=0.05, to="474", office=False)
    assert quiet._office is None
    await quiet.stop()
