"""``mypbxdesk dial`` / URI launches with no app running: they work on their own."""

from __future__ import annotations

from pathlib import Path

from mypbxdesk.sim import SimulatedPbx

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


async def test_a_uri_cannot_be_combined_with_a_subcommand(tmp_path: Path) -> None:
    rc, _, err = await run(tmp_path, "tel:123", "history")
    assert rc == 2
    assert "cannot be combined" in err
