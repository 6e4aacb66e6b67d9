"""The bridge turns service callbacks into Qt signals and runs actions."""

from __future__ import annotations

from pathlib import Path

import pytest

from mypbxdesk.calls import CallEvent
from mypbxdesk.driver.client import ConnectionState
from mypbxdesk.service.phone import PhoneService
from mypbxdesk.service.view import ResolvedChange
from mypbxdesk.sim import SimulatedPbx
from mypbxdesk.ui.bridge import PbxBridge

from .conftest import settings_for, until

pytestmark = [pytest.mark.qt, pytest.mark.asyncio]


async def test_ringing_call_reaches_qt_signal_and_history(
    sim: SimulatedPbx, bridge: PbxBridge
) -> None:
    changes: list[ResolvedChange] = []
    bridge.call_changed.connect(changes.append)
    assert bridge.connected
    await sim.incoming_call(
        caller="13806012345", caller_name="Bob Smith", to="474", outcome="missed", ring_time=0.2
    )
    await until(lambda: any(c.event is CallEvent.ENDED for c in changes))
    assert [c.event for c in changes] == [CallEvent.RINGING, CallEvent.ENDED]
    assert changes[0].call.number == "13806012345"
    assert changes[-1].call.outcome == "missed"
    assert bridge.contact_name("13806012345") == "Bob Smith"
    assert bridge.history is not None
    assert bridge.history.recent(missed_only=True)[0].number == "13806012345"


async def test_status_signal_on_drop_and_wire_log_redacts(
    sim: SimulatedPbx, bridge: PbxBridge
) -> None:
    states: list[ConnectionState] = []
    bridge.status_changed.connect(lambda s: states.append(s.state))
    grew: list[int] = []
    bridge.wire_log_grew.connect(lambda: grew.append(1))
    await sim.drop_clients()
    await until(lambda: states and states[-1] is ConnectionState.CONNECTED)
    await bridge.service.client.wait_ready(5)  # no AMI work left in flight
    assert ConnectionState.RECONNECT_WAIT in states
    await until(lambda: grew)
    texts = "\n".join(e.text for e in bridge.wire_log)
    assert "Action: Login" in texts
    assert "Key: ********" in texts
    assert "password" not in texts


async def test_known_extensions_come_from_the_pbx_peer_list(
    sim: SimulatedPbx, tmp_path: Path
) -> None:
    service = PhoneService(settings_for(sim), "password", load_directory=True)
    b = PbxBridge(service, config_path=tmp_path / "config.toml")
    service.start()
    try:
        await service.client.wait_ready(5)
        known = b.known_extensions()
    finally:
        await b.aclose()
    assert {"303", "305", "306", "470", "503"} <= set(known)
    assert "474" not in known  # my own
    cmds = [m.get("Command") for m in sim.actions_received if m.name == "Command"]
    assert "sip show peers" in cmds
