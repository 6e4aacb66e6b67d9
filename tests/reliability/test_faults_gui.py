"""Faults as the receptionist sees them: real widgets, bridge, service and simulated
PBX on a qasync loop (see tests/ui/conftest.py for the pattern).

* the PBX restarts while a pop is up: the pop ends and closes, the call panel empties;
* the AMI user may not Originate: the dialer says so in plain words;
* every connection failure reads differently in the tray line and the dialer
  (the status-level mapping is in test_faults.py; here it is the live widgets).
"""

from __future__ import annotations

import math
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio
from PySide6.QtWidgets import QApplication

from mypbxdesk.calls import History
from mypbxdesk.driver.client import AmiOptions, ConnectionState
from mypbxdesk.service.phone import PhoneService
from mypbxdesk.sim import SimulatedPbx
from mypbxdesk.ui.bridge import PbxBridge
from mypbxdesk.ui.dialer import DialerWindow
from mypbxdesk.ui.screenpop import PopManager
from mypbxdesk.ui.tray import _StatusTracker
from tests.ui.conftest import until

from .conftest import fast_backoff, settings_for

pytestmark = [pytest.mark.qt]


@pytest.fixture(autouse=True)
def _tray_app(qapp: QApplication) -> None:
    qapp.setQuitOnLastWindowClosed(False)


async def _bridge(
    port: int, tmp_path: Path, user: str = "admin", secret: str = "password"
) -> PbxBridge:
    settings = settings_for(port, username=user)
    service = PhoneService(settings, secret, history=History.open(tmp_path / "h.sqlite3"))
    service.client._backoff = fast_backoff()
    bridge = PbxBridge(service, config_path=tmp_path / "config.toml")
    service.start()
    return bridge


@pytest_asyncio.fixture
async def gsim() -> AsyncIterator[SimulatedPbx]:
    pbx = SimulatedPbx("mypbx", auth_fail_delay=0.0, seed=8)
    await pbx.start()
    try:
        yield pbx
    finally:
        await pbx.stop()


@pytest.mark.asyncio
async def test_pbx_restart_closes_the_ringing_pop(gsim: SimulatedPbx, tmp_path: Path) -> None:
    bridge = await _bridge(gsim.port, tmp_path)
    manager = PopManager(bridge, close_delay=0.05)
    closed: list[str] = []
    manager.pop_closed.connect(closed.append)
    try:
        await bridge.service.client.wait_connected(5)
        await gsim.incoming_call(to="474", ring_time=math.inf)
        await until(lambda: manager.pops)
        [pop] = manager.pops.values()
        assert pop.isVisible()
        port = gsim.port
        await gsim.stop()
        await until(lambda: not bridge.connected)
        await gsim.start(port=port)
        await until(lambda: not manager.pops, timeout=10)
        assert closed == [pop.call_id]
        assert bridge.calls == []
        assert bridge.connected
    finally:
        manager.close_all()
        await bridge.aclose()


@pytest.mark.expect_log("could not list the live channels after login: Permission denied")
@pytest.mark.asyncio
async def test_permission_denied_on_originate_in_the_dialer(
    gsim: SimulatedPbx, tmp_path: Path
) -> None:
    bridge = await _bridge(gsim.port, tmp_path, user="limited", secret="limited")
    win = DialerWindow(bridge)
    try:
        await bridge.service.client.wait_connected(5)
        await until(lambda: win.call_button.isEnabled())
        win.open_with("306")
        win.call_button.click()
        await until(lambda: win.message.text().startswith("The call was not placed"))
        assert "may not place calls" in win.message.text()
        originates = [m for m in gsim.actions_received if m.name.lower() == "originate"]
        assert len(originates) == 1  # asked once, not retried
        assert win.call_button.isEnabled()  # the session is fine; other actions work
    finally:
        win.close()
        win.deleteLater()
        await bridge.aclose()


@pytest.mark.asyncio
async def test_wrong_password_in_the_tray_and_the_dialer(
    gsim: SimulatedPbx, tmp_path: Path
) -> None:
    bridge = await _bridge(gsim.port, tmp_path, secret="wrong")
    tray = _StatusTracker(bridge)  # what the tray icon and status window show
    win = DialerWindow(bridge)
    try:
        await until(lambda: bridge.status.state is ConnectionState.AUTH_FAILED)
        # Short words for her; the detail (one click away) names the AMI login.
        assert tray.text() == "Login refused — check the secret in Settings"
        assert tray.detail().startswith("Wrong AMI username or secret")
        assert "refused the AMI username or secret" in win.message.text()
        assert not win.call_button.isEnabled()
        gone_port = gsim.port
        await gsim.stop()  # now nothing listens: "AMI disabled"
        bridge.service.client.reconfigure(AmiOptions("127.0.0.1", gone_port, "admin", "x"))
        await until(lambda: bridge.status.state is ConnectionState.RECONNECT_WAIT)
        assert tray.text().startswith("Phone system not reachable")
        assert "refused the connection" in tray.detail()
        assert tray.detail().startswith("PBX unreachable")
        assert "refused the connection (is AMI enabled" in win.message.text()
    finally:
        win.close()
        win.deleteLater()
        await bridge.aclose()
