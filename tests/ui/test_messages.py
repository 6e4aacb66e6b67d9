"""The lower layers' texts in the UI language: the catalogue and ``tr_text``.

The Qt-free layers build their sentences with ``Msg.of("template", ...)`` (or keep
templates in a table marked with ``template(...)``); ``mypbxdesk/ui/messages.py``
lists every template for lupdate. These tests keep the two the same set, so a
new template cannot be left out of the translation.
"""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest
from PySide6.QtCore import QTranslator
from PySide6.QtWidgets import QApplication

import mypbxdesk
from mypbxdesk.base.text import Msg
from mypbxdesk.calls import History
from mypbxdesk.ui.i18n import MESSAGES, tr_text
from mypbxdesk.ui.messages import TEMPLATES

PACKAGE = Path(mypbxdesk.__file__).parent
QM = PACKAGE / "ui" / "translations" / "mypbxdesk_zh_CN.qm"
CJK = re.compile(r"[\u4e00-\u9fff]")


def _is_template_call(node: ast.Call) -> str:
    """``"of"`` for ``Msg.of(...)``, ``"msg"`` for ``Msg(...)``, ``"mark"`` for
    ``template(...)``, else ``""``."""
    func = node.func
    if (
        isinstance(func, ast.Attribute)
        and func.attr == "of"
        and isinstance(func.value, ast.Name)
        and func.value.id == "Msg"
    ):
        return "of"
    if isinstance(func, ast.Name) and func.id == "Msg":
        return "msg"
    if isinstance(func, ast.Name) and func.id == "template":
        return "mark"
    return ""


def lower_layer_templates() -> dict[str, str]:
    """Every template the Qt-free layers use: ``{template: "module:line"}``."""
    found: dict[str, str] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE)
        if rel.parts[0] == "ui" or rel.name == "text.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        marked = False
        dynamic: list[int] = []
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not _is_template_call(node) or not node.args:
                continue
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                found.setdefault(first.value, f"{rel}:{node.lineno}")
                marked |= _is_template_call(node) == "mark"
            else:
                assert _is_template_call(node) != "mark", f"{rel}:{node.lineno}: a literal, please"
                dynamic.append(node.lineno)
        # Msg.of(variable, …) is fine when the variable comes from template("…") marks.
        assert marked or not dynamic, (
            f"{rel}:{dynamic}: Msg.of() with a computed template; keep the templates in "
            "the module, marked with mypbxdesk.base.text.template(), so this test finds them"
        )
    return found


def test_every_template_is_in_the_catalogue_and_nothing_else() -> None:
    used = lower_layer_templates()
    assert len(used) > 100  # the scan found them
    missing = {t: where for t, where in used.items() if t not in TEMPLATES}
    assert not missing, (
        f"add to mypbxdesk/ui/messages.py (then lupdate, translate, lrelease): {missing}"
    )
    stale = set(TEMPLATES) - set(used)
    assert not stale, f"no longer used, remove from mypbxdesk/ui/messages.py: {stale}"
    assert len(TEMPLATES) == len(set(TEMPLATES))


@pytest.mark.parametrize("template", TEMPLATES)
def test_templates_have_plain_placeholders(template: str) -> None:
    """``{name}`` only: no ``!r``/``:g`` (format the value first), no positional ``{}``."""
    for _text, name, spec, conversion in string.Formatter().parse(template):
        if name is None:
            continue
        assert name.isidentifier() and name.islower(), f"{template!r}: {{{name}}}"
        assert not spec and conversion is None, f"{template!r}: {{{name}}} is not plain"


def test_every_template_is_translated_in_the_qm() -> None:
    translator = QTranslator()
    assert translator.load(str(QM))
    untranslated = [t for t in TEMPLATES if not translator.translate(MESSAGES, t)]
    assert not untranslated


# -- tr_text ---------------------------------------------------------------------------------------
def test_plain_text_passes_through(qapp: QApplication, zh: str) -> None:
    text = "the PBX's own words: Permission denied"
    assert tr_text(text) is text
    assert tr_text("") == ""


def test_english_is_the_english_text(qapp: QApplication) -> None:
    msg = Msg.of("port {port} is not between 1 and 65535", port=0)
    shown = tr_text(msg)
    assert shown == msg and type(shown) is str


def test_translated_with_nested_params(zh: str) -> None:
    assert (
        tr_text(Msg.of("port {port} is not between 1 and 65535", port=0))
        == "端口 0 不在 1 到 65535 之间"
    )
    lost = Msg.of("connection lost: {reason}", reason=Msg.of("the PBX closed the connection"))
    assert tr_text(lost) == "连接已断开：PBX 关闭了连接"
    deeper = Msg.of("not connected to the PBX ({detail})", detail=lost)
    assert tr_text(deeper) == "未连接到 PBX（连接已断开：PBX 关闭了连接）"
    pbx_words = Msg.of("the PBX refused: {reason}", reason="Permission denied")
    assert tr_text(pbx_words) == "PBX 拒绝了请求：Permission denied"


def test_a_template_without_translation_stays_english(zh: str) -> None:
    assert tr_text(Msg.of("not in the catalogue {n}", n=3)) == "not in the catalogue 3"
    # Its params are still shown in the UI language where they have a translation.
    nested = Msg.of("not in the catalogue: {reason}", reason=Msg.of("the number is empty"))
    assert tr_text(nested) == "not in the catalogue: 号码为空"


class _BrokenTranslator(QTranslator):
    """A translation whose placeholders do not fit (a translator's typo)."""

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str:
        return "{oops} " + source if context == MESSAGES else source


def test_a_broken_translation_shows_english_and_never_raises(
    qapp: QApplication, caplog: pytest.LogCaptureFixture
) -> None:
    broken = _BrokenTranslator()
    assert qapp.installTranslator(broken)
    try:
        msg = Msg.of("port {port} is not between 1 and 65535", port=0)
        assert tr_text(msg) == "port 0 is not between 1 and 65535"
    finally:
        qapp.removeTranslator(broken)
    assert "does not fit its placeholders" in caplog.text


def test_history_warning_in_chinese(zh: str, tmp_path: Path) -> None:
    damaged = tmp_path / "history.sqlite3"
    damaged.write_bytes(b"this is not a database " * 200)
    history = History.open(damaged)
    try:
        assert history.warning is not None
        assert "was damaged" in history.warning  # English for the CLI
        shown = tr_text(history.warning)
        assert "已损坏" in shown and "已在" in shown and str(damaged) in shown
    finally:
        history.close()
