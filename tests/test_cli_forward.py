"""``mypbxdesk dial`` / URI launches with no app running: they work on their own."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QDir

from mypbxdesk.sim import SimulatedPbx
from mypbxdesk.ui.handoff import server_name

from .hostile import HostileServer
from .test_cli import pytestmark, run, sim  # noqa: F401 - the sim fixture

__all__ = ["pytestmark"]


async def test_dial_without_a_running_app_dials_itself(
    sim: SimulatedPbx,
    tmp_path: Path,
) -> None:
    config = tmp_path / "config"
    config.mkdir()
    (config / "config.toml").write_text(
        f'[pbx]\nhost = "127.0.0.1"\nport = {sim.port}\n[phone]\nextension = "503"\n'
    )
    rc, out, err = await run(tmp_path, "dial", "tel:+86-138-0601-2345", "--no-wait")
    assert rc == 0, err
    assert "Handed" not in out
    (orig,) = [m for m in sim.actions_received if m.name.lower() == "originate"]
    assert orig["Exten"] == "+8613806012345"


@pytest.mark.skipif(sys.platform == "win32", reason="Unix sockets and uids")
@pytest.mark.parametrize("where", ["old-shared-place", "our-folder", "our-folder-chowned"])
async def test_dial_never_hands_the_number_to_another_users_socket(
    sim: SimulatedPbx, tmp_path: Path, where: str
) -> None:
    """Issue 12: a socket of another user (a real second uid) that answers every
    hand-over {"ok": true}. The number is not given to it: dial acts itself."""
    name = os.environ["MYPBXDESK_INSTANCE"]  # what the launched process uses too
    path = os.path.join(QDir.tempPath(), name) if where == "old-shared-place" else server_name()
    hostile = HostileServer(path, ours=where == "our-folder-chowned")
    try:
        config = tmp_path / "config"
        config.mkdir()
        (config / "config.toml").write_text(
            f'[pbx]\nhost = "127.0.0.1"\nport = {sim.port}\n[phone]\nextension = "503"\n'
        )
        rc, out, err = await run(tmp_path, "dial", "138 0601 2345", "--no-wait")
    finally:
        hostile.stop()
    assert rc == 0, err
    assert "Handed" not in out
    assert hostile.received() == []
    (orig,) = [m for m in sim.actions_received if m.name.lower() == "originate"]
    assert orig["Exten"] == "13806012345"  # dialled for real, by this process
    if where != "old-shared-place":  # it says why it did not hand over
        assert "not handing over to" in err and "uid" in err


async def test_a_uri_cannot_be_combined_with_a_subcommand(tmp_path: Path) -> None:
    rc, _, err = await run(tmp_path, "tel:123", "history")
    assert rc == 2
    assert "cannot be combined" in err
