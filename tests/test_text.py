"""``mypbxdesk.base.text.Msg``: English text for the CLI, a template for the UI's translation."""

from __future__ import annotations

import ast
import copy
import pickle
import sys
from pathlib import Path

import pytest

import mypbxdesk.base.text
from mypbxdesk.base.numbers import InvalidNumber, clean_number
from mypbxdesk.base.text import Msg
from mypbxdesk.desktop.hotkeys import HotkeyError, parse_chord
from mypbxdesk.settings.config import Settings


def test_a_msg_is_its_english_text() -> None:
    msg = Msg.of("port {port} is not between 1 and 65535", port=0)
    assert msg == "port 0 is not between 1 and 65535"
    assert isinstance(msg, str)
    assert msg.template == "port {port} is not between 1 and 65535"
    assert msg.params == {"port": 0}
    assert f"error: {msg}" == "error: port 0 is not between 1 and 65535"
    assert msg.upper() == "PORT 0 IS NOT BETWEEN 1 AND 65535"
    assert hash(msg) == hash("port 0 is not between 1 and 65535")
    assert Msg.of("the number is empty") == "the number is empty"


def test_str_keeps_the_template_also_through_exceptions() -> None:
    msg = Msg.of("the number is longer than {count} digits", count=32)
    assert str(msg) is msg
    exc = InvalidNumber(msg)
    assert str(exc) is msg
    assert isinstance(exc.args[0], Msg)


def test_nested_and_copied() -> None:
    inner = Msg.of("the number is empty")
    outer = Msg.of("{where}: {reason}", where="a.csv, line 2", reason=inner)
    assert outer == "a.csv, line 2: the number is empty"
    assert outer.params["reason"] is inner
    for twin in (pickle.loads(pickle.dumps(outer)), copy.deepcopy(outer)):
        assert twin == outer and twin.template == outer.template
        assert isinstance(twin.params["reason"], Msg)


def test_a_template_needs_its_params() -> None:
    with pytest.raises(KeyError):
        Msg.of("port {port} is not between 1 and 65535")


def test_lower_layers_raise_and_return_msgs() -> None:
    with pytest.raises(InvalidNumber) as number:
        clean_number("12ab34")
    assert str(number.value) == "a phone number cannot contain letters ('a')"
    assert isinstance(str(number.value), Msg)
    with pytest.raises(HotkeyError) as chord:
        parse_chord("Shift+D")
    assert isinstance(str(chord.value), Msg)
    problems = dict(Settings(host="", port=0, extension="474").validate())
    assert problems["port"] == "port 0 is not between 1 and 65535"
    assert all(isinstance(message, Msg) for message in problems.values())


def test_text_module_imports_the_standard_library_only() -> None:
    """Every layer (the AMI client, the call model) may import it."""
    tree = ast.parse(Path(mypbxdesk.base.text.__file__).read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, "mypbxdesk.base.text imports nothing of mypbxdesk"
            names = [node.module or ""]
        else:
            continue
        for name in names:
            assert name.split(".")[0] in sys.stdlib_module_names or name == "__future__", name
