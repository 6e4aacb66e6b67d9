"""The console commands show a stranger's words harmlessly: errors through the one
stderr helper every ``mypbxdesk`` command uses (the PBX's refusal reasons), and
``presence`` lines through ``json_line``, as ``monitor``'s (a colleague's name)."""

from __future__ import annotations

import json

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


def test_a_presence_line_stays_one_line_whatever_the_name() -> None:
    from mypbxdesk.console import Colleague, LineState

    line = console.colleague_json(Colleague("474", state=LineState.IDLE), HOSTILE, 0.0)
    assert len(line.splitlines()) == 1
    assert unsafe(line) == []
    assert json.loads(line)["name"] == HOSTILE  # the reader gets the name back unchanged
