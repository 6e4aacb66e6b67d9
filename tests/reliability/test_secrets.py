"""Secrets: one unique secret through the GUI and CLI paths, then looked for everywhere.

Two layers (see tests/conftest.py ``secret_net``):

* the whole suite runs under a root log handler that fails the session if any known
  test secret (``password``, ``s3cr3t``, ``hunter2``, the unique one) shows in any
  log record or logged exception message;
* this focused test logs in with :data:`UNIQUE_SECRET` at full DEBUG (AMI wire log
  on), right and wrong, plain and MD5, through the bridge, the settings save and
  the CLI, and then scans: log records, the AMI log window's text, every status
  and exception message, the history database, reprs, and every file written
  except the 0600 settings file the user allowed to hold it.
"""

from __future__ import annotations

import asyncio
import logging
import os
import stat
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from mypbxdesk.ami import actions
from mypbxdesk.ami.errors import AmiError
from mypbxdesk.base.numbers import clean_number
from mypbxdesk.calls import History
from mypbxdesk.driver.client import AmiOptions, connect
from mypbxdesk.service.phone import PhoneService, check_connection
from mypbxdesk.sim import SimulatedPbx
from mypbxdesk.ui.amilog import AmiLogWindow
from mypbxdesk.ui.bridge import PbxBridge
from tests.conftest import UNIQUE_SECRET, _SecretNet
from tests.ui.conftest import until

from .conftest import settings_for

pytestmark = [pytest.mark.qt]


@pytest.fixture(autouse=True)
def _tray_app(qapp: QApplication) -> None:
    qapp.setQuitOnLastWindowClosed(False)


def _assert_clean(label: str, text: str | bytes) -> None:
    needle: str | bytes = UNIQUE_SECRET if isinstance(text, str) else UNIQUE_SECRET.encode()
    assert needle not in text, f"the secret leaked into {label}"  # type: ignore[operator]


def _scan_files(root: Path, allowed: Path | None) -> int:
    """Every file under ``root`` but ``allowed`` is free of the secret; how many."""
    scanned = 0
    for path in root.rglob("*"):
        if path.is_file() and path.resolve() != allowed:
            _assert_clean(str(path), path.read_bytes())
            scanned += 1
    return scanned


@pytest.mark.asyncio
async def test_unique_secret_appears_nowhere(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, secret_net: _SecretNet
) -> None:
    sim = SimulatedPbx("mypbx", users={"admin": UNIQUE_SECRET}, auth_fail_delay=0.0, seed=3)
    await sim.start()
    texts: dict[str, str] = {}
    config = tmp_path / "config.toml"
    try:
        with caplog.at_level(logging.DEBUG):
            records_before = secret_net.records
            settings = settings_for(sim.port)
            service = PhoneService(
                settings, UNIQUE_SECRET, history=History.open(tmp_path / "history.sqlite3")
            )
            bridge = PbxBridge(service, config_path=config)
            log_window = AmiLogWindow(bridge)
            try:
                service.start()
                await service.client.wait_connected(5)
                await sim.incoming_call(to="474", ring_time=0.05, outcome="missed")
                await until(lambda: bool(bridge.history and bridge.history.recent(5)))
                result = await bridge.dial(clean_number("306"))
                texts["dial result"] = result.message
                texts["test connection (right)"] = (
                    await bridge.test_connection(settings, UNIQUE_SECRET)
                ).message
                texts["test connection (wrong)"] = (
                    await check_connection(settings, UNIQUE_SECRET + "x")
                ).message
                # the user saves settings and allows the secret in the (0600) file
                await bridge.apply_settings(settings, UNIQUE_SECRET, secret_in_file=True)
                await service.client.wait_connected(5)
                # plain-text login (the secret does cross the wire here) and a wrong one
                sim.offers_md5 = False
                conn = await connect(
                    AmiOptions("127.0.0.1", sim.port, "admin", UNIQUE_SECRET, plain_login=True)
                )
                await conn.send(actions.ping())
                await conn.logoff()
                sim.offers_md5 = True
                for bad in (UNIQUE_SECRET + "x", UNIQUE_SECRET[:-1]):
                    try:
                        await connect(AmiOptions("127.0.0.1", sim.port, "admin", bad))
                    except AmiError as exc:
                        texts[f"exception {type(exc).__name__}"] = f"{exc!s} {exc!r}"
                service.client.reconfigure(
                    AmiOptions("127.0.0.1", sim.port, "admin", UNIQUE_SECRET + "x")
                )
                await until(lambda: service.status.state.value == "auth-failed")
                texts["status"] = repr(service.status)
                await until(lambda: bool(bridge.wire_log))
                log_window.rebuild()
                texts["AMI log window"] = log_window.visible_text()
                texts["wire log entries"] = "\n".join(e.text for e in bridge.wire_log)
                texts["reprs"] = repr(service.client.options) + repr(bridge.settings)
            finally:
                log_window.close()
                await bridge.aclose()
        assert "Action: Login" in texts["wire log entries"]  # the window did see logins
        assert secret_net.records > records_before  # the net was listening
        texts["log records"] = "\n".join(
            f"{r.getMessage()} {r.exc_info[1]!r}" if r.exc_info else r.getMessage()
            for r in caplog.records
        )
        assert "Login" in texts["log records"]  # DEBUG wire log was on
    finally:
        await sim.stop()
    # the plain login really carried it: the check below is not vacuous
    assert UNIQUE_SECRET.encode() in bytes(sim.bytes_received)
    for label, text in texts.items():
        _assert_clean(label, text)
    allowed = config.resolve()
    assert UNIQUE_SECRET in allowed.read_text()
    assert stat.S_IMODE(allowed.stat().st_mode) == 0o600
    assert _scan_files(tmp_path, allowed) >= 1  # at least the history database


@pytest.mark.asyncio
async def test_cli_dial_at_wire_debug_never_prints_the_secret(tmp_path: Path) -> None:
    sim = SimulatedPbx("mypbx", users={"admin": UNIQUE_SECRET}, auth_fail_delay=0.0, seed=3)
    await sim.start()
    try:
        outputs: list[str] = []
        for secret in (UNIQUE_SECRET, UNIQUE_SECRET + "-wrong"):
            env = dict(
                os.environ,
                MYPBXDESK_SECRET=secret,
                MYPBXDESK_DATA_DIR=str(tmp_path / "d"),
                MYPBXDESK_CONFIG_DIR=str(tmp_path / "c"),
            )
            proc = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "mypbxdesk",
                "dial",
                "-vv",
                "--no-forward",
                "--host",
                "127.0.0.1",
                "--port",
                str(sim.port),
                "--extension",
                "503",
                "306",
                env=env,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE,
            )
            out, err = await asyncio.wait_for(proc.communicate(), 30)
            outputs.append(out.decode() + err.decode())
    finally:
        await sim.stop()
    assert "Action: Login" in outputs[0]  # -vv did print the wire log
    assert "wrong username or secret" in outputs[1]
    for text in outputs:
        _assert_clean("CLI output", text)
    _scan_files(tmp_path, None)
