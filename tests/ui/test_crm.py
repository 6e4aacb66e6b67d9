"""The CRM action: a real program started with the caller as plain arguments.

The recorder program writes its argv to a file; a caller name full of shell
syntax must arrive as one argument and nothing in it may run.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from mypbxdesk.calls import CallChange, CallEvent
from mypbxdesk.contacts.crm import crm_argv
from mypbxdesk.sim import SimulatedPbx
from mypbxdesk.ui import crmaction, popcard
from mypbxdesk.ui.bridge import PbxBridge
from mypbxdesk.ui.crmaction import CrmLauncher
from mypbxdesk.ui.screenpop import PopManager

from .conftest import Record, until
from .test_screenpop import emit, fake_call

pytestmark = [pytest.mark.qt, pytest.mark.asyncio]

EVIL = "Bob; rm -rf ~ && $(touch {pwned}) `touch {pwned}` | tee {pwned} > {pwned} \"'"


def recorder(tmp_path: Path) -> tuple[list[str], Path, Path]:
    script = tmp_path / "record.py"
    out = tmp_path / "argv.json"
    script.write_text(
        f"import json, sys\nopen({str(out)!r}, 'w').write(json.dumps(sys.argv[1:]))\n"
    )
    return (
        [sys.executable, str(script), "--phone", "{number}", "{name}", "x{number}y"],
        out,
        tmp_path / "pwned",
    )


def configure(bridge: PbxBridge, **kw: object) -> None:
    new = dataclasses.replace(bridge.settings, **kw)  # type: ignore[arg-type]
    bridge.service.settings = new  # as the settings dialog applies it, without the disk
    bridge.settings_changed.emit(new)


async def test_crm_argv_substitutes_each_argument_alone() -> None:
    argv = crm_argv(["/usr/bin/crm", "--n={name}", "{number}"], "+1555", "A {number} B\r\n\0")
    assert argv == ["/usr/bin/crm", "--n=A {number} B", "+1555"]
    with pytest.raises(ValueError, match="no CRM command"):
        crm_argv([], "1", "x")
    with pytest.raises(ValueError, match="must start with a program"):
        crm_argv(["{number}"], "1", "x")


async def test_evil_name_reaches_the_program_as_one_argument(
    qtbot: QtBot, sim: SimulatedPbx, bridge: PbxBridge, tmp_path: Path
) -> None:
    command, out, pwned = recorder(tmp_path)
    configure(bridge, crm_mode="auto", crm_command=tuple(command))
    launcher = CrmLauncher(bridge)
    name = EVIL.format(pwned=pwned)
    assert launcher.launch("+15550109999", name)
    await until(lambda: out.exists() and out.read_text(), timeout=20)
    assert json.loads(out.read_text()) == ["--phone", "+15550109999", name, "x+15550109999y"]
    await asyncio.sleep(0.2)
    assert not pwned.exists()
    assert Path.home().exists()


async def test_auto_mode_runs_once_per_ringing_incoming_call(
    qtbot: QtBot, sim: SimulatedPbx, bridge: PbxBridge, tmp_path: Path
) -> None:
    command, out, pwned = recorder(tmp_path)
    configure(
        bridge,
        crm_mode="auto",
        crm_command=tuple(command),
        crm_url="https://crm.example.com/?q={number}",
    )
    opened: Record[str] = Record()
    launcher = CrmLauncher(bridge, open_=opened)
    seen: list[tuple[str, str]] = []
    launcher.launched.connect(lambda n, who: seen.append((n, who)))
    await sim.incoming_call(
        caller="13806012345",
        caller_name="$(touch " + str(pwned) + ")",
        outcome="missed",
        ring_time=0.3,
    )
    await until(lambda: out.exists() and out.read_text(), timeout=20)
    argv = json.loads(out.read_text())
    assert argv[:3] == ["--phone", "13806012345", f"$(touch {pwned})"]
    assert opened == ["https://crm.example.com/?q=13806012345"]
    await sim.wait_idle()
    assert len(seen) == 1  # not again for the ringing updates of the same call
    assert not pwned.exists()


async def test_a_stand_in_name_never_reaches_the_crm(
    qtbot: QtBot, sim: SimulatedPbx, bridge: PbxBridge, tmp_path: Path
) -> None:
    """A caller with a number whose 'name' is the PBX's stand-in ("Private") or the
    number again: the CRM is opened for the number with no name, as the pop shows it."""
    configure(bridge, crm_mode="auto", crm_url="https://crm.example.com/?q={number}&n={name}")
    opened: Record[str] = Record()
    launcher = CrmLauncher(bridge, open_=opened)
    seen: list[tuple[str, str]] = []
    launcher.launched.connect(lambda n, who: seen.append((n, who)))
    await sim.incoming_call(
        caller="13806012345", caller_name="Private", outcome="missed", ring_time=0.2
    )
    await until(lambda: len(seen) == 1)
    await sim.incoming_call(
        caller="13900001111", caller_name="13900001111", outcome="missed", ring_time=0.2
    )
    await until(lambda: len(seen) == 2)
    assert seen == [("13806012345", ""), ("13900001111", "")]
    assert opened == [
        "https://crm.example.com/?q=13806012345&n=",
        "https://crm.example.com/?q=13900001111&n=",
    ]
    manager = PopManager(bridge)
    emit(bridge, CallChange(CallEvent.RINGING, fake_call("p-1", name="Private")))
    pop = manager.pop_for("p-1")
    assert pop is not None and pop.display_name() == ""
    manager.close_all()


@pytest.mark.parametrize("mode", ["never", "on_click"])
async def test_other_modes_do_nothing_on_ringing(
    qtbot: QtBot, sim: SimulatedPbx, bridge: PbxBridge, mode: str
) -> None:
    ran: Record[list[str]] = Record()
    configure(bridge, crm_mode=mode, crm_command=("/bin/true", "{number}"))
    CrmLauncher(bridge, run=ran)
    emit(bridge, CallChange(CallEvent.RINGING, fake_call("c1", "306", "Al"), 0))
    await asyncio.sleep(0.05)
    assert ran == []


async def test_pop_button_runs_the_command_in_on_click_mode(
    qtbot: QtBot,
    sim: SimulatedPbx,
    bridge: PbxBridge,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ran: Record[list[str]] = Record()
    monkeypatch.setattr(crmaction, "start_detached", ran)
    monkeypatch.setattr(popcard, "open_url", lambda url: True)
    manager = PopManager(bridge)
    emit(bridge, CallChange(CallEvent.RINGING, fake_call("c2", "+15550109999", "Eve; reboot"), 0))
    pop = manager.pop_for("c2")
    assert pop is not None
    crm = pop.findChild(QPushButton, "popCrm")
    assert crm is not None and not crm.isVisible()  # nothing configured yet
    configure(bridge, crm_mode="on_click", crm_command=("/opt/crm", "{name}", "{number}"))
    assert crm.isVisible()
    qtbot.mouseClick(crm, Qt.MouseButton.LeftButton)
    assert ran == [["/opt/crm", "Eve; reboot", "+15550109999"]]
    configure(bridge, crm_mode="never")
    assert not crm.isVisible()
    manager.close_all()
