"""Faults against the real Asterisk 22 (issue 6): a PBX restart mid-call, and a user
who may not Originate, as the app (PhoneService, the dialer window) sees them.

The restart stops and starts the shared Asterisk of ../shared/asterisk with its own
stop.sh / start.sh (about 3 s in all; start.sh waits for FullyBooted and handles
TIME_WAIT on 5038). It always runs start.sh again, even when the test fails.
"""

from __future__ import annotations

import asyncio
import random
import time
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from mypbxdesk.ami import actions
from mypbxdesk.ami.errors import ActionFailed
from mypbxdesk.calls import CallEvent, History
from mypbxdesk.driver.backoff import Backoff
from mypbxdesk.driver.client import AmiClient, ConnectionState, ConnectionStatus, connect
from mypbxdesk.service.phone import PhoneService, ami_options
from mypbxdesk.settings.config import Settings
from mypbxdesk.ui.bridge import PbxBridge
from mypbxdesk.ui.dialer import DialerWindow

from .conftest import ADMIN, HOST, PORT, SHARED_SCRIPTS, hang_up_everything

SCRIPTS = SHARED_SCRIPTS


def _need_scripts() -> None:
    """The restart needs the shared set-up's own stop.sh/start.sh next to this checkout."""
    if not (SCRIPTS / "stop.sh").is_file():
        pytest.skip(f"no {SCRIPTS}/stop.sh: the PBX on 5038 cannot be restarted from here")


def _settings(extension: str, username: str = "admin") -> Settings:
    return Settings(
        host=HOST, port=PORT, username=username, extension=extension, phone_type="pjsip"
    )


async def _script(name: str) -> str:
    proc = await asyncio.create_subprocess_exec(
        str(SCRIPTS / name), stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT
    )
    out, _ = await asyncio.wait_for(proc.communicate(), 75)
    assert proc.returncode == 0, out.decode()
    return out.decode()


async def _until(predicate: object, timeout: float) -> None:
    async with asyncio.timeout(timeout):
        while not predicate():  # type: ignore[operator]
            await asyncio.sleep(0.05)


async def _ring_474() -> None:
    """470 calls 474. The sipp phone 470 may still be finishing a call of an earlier
    test (its BYE handshake): "could not be reached" is retried twice."""
    for attempt in range(3):
        conn = await connect(ADMIN)
        try:
            await conn.send(
                actions.originate(
                    "PJSIP/470", "DLPN_DialPlan470", "474", caller_id='"Alice" <470>'
                ),
                timeout=40,
            )
            return
        except ActionFailed:
            if attempt == 2:
                raise
        finally:
            await conn.logoff()
        await asyncio.sleep(1.0)


@pytest.mark.asterisk
@pytest.mark.slow
@pytest.mark.asyncio
@pytest.mark.timeout(150)
async def test_asterisk_restart_mid_call_ends_the_call_and_reconnects(
    clean_pbx: None, tmp_path: Path
) -> None:
    _need_scripts()
    settings = _settings("474")
    client = AmiClient(
        ami_options(settings, "password"), backoff=Backoff(base=0.5, cap=2.0, rng=random.Random(4))
    )
    service = PhoneService(
        settings, "password", history=History.open(tmp_path / "h.sqlite3"), client=client
    )
    changes: list[tuple[CallEvent, str]] = []
    statuses: list[ConnectionStatus] = []
    service.on_change(lambda c: changes.append((c.event, c.call.call_id)))
    service.on_status(statuses.append)
    service.start()
    restarted = False
    try:
        await service.client.wait_connected(10)
        await _ring_474()
        await _until(lambda: len(service.calls) == 1, 20)
        (call_id,) = (c.call_id for c in service.calls)
        t0 = time.monotonic()
        await _script("stop.sh")
        restarted = True
        await _until(lambda: service.status.state is not ConnectionState.CONNECTED, 10)
        await _script("start.sh")
        await _until(lambda: service.status.state is ConnectionState.CONNECTED, 30)
        await _until(lambda: service.calls == [], 10)
        assert time.monotonic() - t0 < 60
        assert [e for e, cid in changes if cid == call_id].count(CallEvent.RINGING) == 1
        assert [e for e, cid in changes if cid == call_id][-1] is CallEvent.ENDED
        assert sum(e is CallEvent.ENDED for e, cid in changes if cid == call_id) == 1
        waits = [s for s in statuses if s.state is ConnectionState.RECONNECT_WAIT]
        assert waits, statuses
        assert any(
            "shutting down" in s.detail
            or "restarting" in s.detail
            or "closed the connection" in s.detail
            for s in waits
        ), waits
        # after the restart the app follows new calls as before
        await _ring_474()
        await _until(lambda: any(c.call_id != call_id for c in service.calls), 20)
    finally:
        await service.aclose()
        if restarted:
            await _script("start.sh")  # a no-op when Asterisk is up
        await hang_up_everything()


@pytest.mark.expect_log(r"could not list the live channels after login: Permission denied")
@pytest.mark.asterisk
@pytest.mark.qt
@pytest.mark.asyncio
async def test_limited_user_sees_permission_denied_in_the_dialer(
    qapp: QApplication, clean_pbx: None, tmp_path: Path
) -> None:
    qapp.setQuitOnLastWindowClosed(False)
    service = PhoneService(
        _settings("503", "limited"), "limited", history=History.open(tmp_path / "h.sqlite3")
    )
    bridge = PbxBridge(service, config_path=tmp_path / "config.toml")
    win = DialerWindow(bridge)
    service.start()
    try:
        await service.client.wait_connected(10)
        await _until(lambda: win.call_button.isEnabled(), 5)
        win.open_with("306")
        win.call_button.click()
        await _until(lambda: win.message.text().startswith("The call was not placed"), 15)
        assert "may not place calls" in win.message.text()
        assert bridge.connected  # a refusal is not a connection problem
    finally:
        win.close()
        win.deleteLater()
        await bridge.aclose()
