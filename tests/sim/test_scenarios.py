"""The demo schedule and ``run_simulator`` (what ``mypbxdesk simulate`` runs)."""

from __future__ import annotations

import asyncio
import io
import random
import re

import pytest

from mypbxdesk.sim import SimulatedPbx, run_simulator
from mypbxdesk.sim.scenarios import KINDS, CallSchedule

from .amiclient import AmiClient, names
from .conftest import FAST, MakeClient


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
