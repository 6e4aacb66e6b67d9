"""Every ``mypbxdesk`` command says its errors through one helper that shows a
stranger's words harmlessly (the PBX's refusal reasons, a colleague's name)."""

from __future__ import annotations

import pytest

from mypbxdesk.cli import console, desktop, main, stderr

from .test_hostile_names import HOSTILE, HOSTILE_SHOWN, unsafe


def test_error_and_info_show_the_pbx_s_words_harmlessly(
    capsys: pytest.CaptureFixture[str],
) -> None:
    stderr.error(f"the PBX refused: {HOSTILE}")
    stderr.info(HOSTILE)
    err = capsys.readouterr().err
    assert err == (
        f"mypbxdesk: error: the PBX refused: {HOSTILE_SHOWN}\nmypbxdesk: {HOSTILE_SHOWN}\n"
    )
    assert unsafe(err.replace("\n", "")) == []


def test_every_command_module_uses_the_one_helper() -> None:
    for module in (main, console, desktop):
        assert vars(module)["_error"] is stderr.error, module.__name__
    assert vars(console)["_info"] is stderr.info
