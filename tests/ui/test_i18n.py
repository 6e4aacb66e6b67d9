"""The UI in Simplified Chinese: the zh_CN translation loads, is complete, and is fresh.

Every test that installs the translator removes it again (fixture ``zh``), so
the other tests keep seeing the English source texts.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QCheckBox, QLabel, QPushButton, QTabWidget
from pytestqt.qtbot import QtBot

from mypbxdesk.calls import Call, CallState, Direction
from mypbxdesk.driver.client import ConnectionState
from mypbxdesk.settings.config import Settings
from mypbxdesk.sim import SimulatedPbx
from mypbxdesk.ui import i18n
from mypbxdesk.ui.bridge import PbxBridge
from mypbxdesk.ui.callinfo import status_text
from mypbxdesk.ui.dialer import DialerWindow
from mypbxdesk.ui.popcard import ScreenPop
from mypbxdesk.ui.settingsdialog import SettingsDialog
from mypbxdesk.ui.tray import Openers, TrayController, build_menu

from .conftest import child, until

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "translations" / "mypbxdesk_zh_CN.ts"
QM = ROOT / "mypbxdesk" / "ui" / "translations" / "mypbxdesk_zh_CN.qm"
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
CJK = re.compile(r"[\u4e00-\u9fff]")


def openers() -> Openers:
    return Openers(*(lambda: None for _ in range(5)))


def fake_call(number: str = "13806012345", name: str = "Bob Smith") -> Call:
    return Call(
        call_id="zh-1",
        direction=Direction.INCOMING,
        number=number,
        name=name,
        extension="474",
        state=CallState.RINGING,
        my_channel="SIP/474-00000099",
        peer_channel="SIP/trunk-sps-test1-00000098",
        trunk="trunk-sps-test1",
        started_at=time.time(),
    )


def messages() -> list[tuple[str, str, ET.Element]]:
    """(context, source, translation element) for every message of the .ts file."""
    found = []
    for context in ET.parse(TS).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None
            found.append((name, message.findtext("source") or "", translation))
    return found


# -- loading ---------------------------------------------------------------------------------------
def test_locale_resolution(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(i18n.LANG_ENV, "zh_CN.UTF-8")
    assert i18n.resolve_locale() == "zh_CN"
    assert i18n.resolve_locale("en_US") == "en_US"  # --lang wins over the environment
    assert i18n.resolve_locale("zh-CN") == "zh_CN"
    monkeypatch.delenv(i18n.LANG_ENV)
    assert i18n.resolve_locale() == i18n.resolve_locale(None)  # the system's, whatever it is


def test_the_compiled_translation_matches_the_ts_file() -> None:
    """The packaged .qm says what the .ts says (else: run pyside6-lrelease)."""
    translator = QTranslator()
    assert translator.load(str(QM))
    stale = [
        (context, source)
        for context, source, translation in messages()
        if translator.translate(context, source) != (translation.text or "")
    ]
    assert not stale, (
        "run: pyside6-lrelease resources/translations/mypbxdesk_zh_CN.ts "
        "-qm mypbxdesk/ui/translations/mypbxdesk_zh_CN.qm"
    )


def test_english_and_removal_leave_the_source_texts(qapp: QApplication) -> None:
    assert i18n.install_translator(qapp, "en_US") == "en_US"
    assert QCoreApplication.translate("CallInfo", "Ringing…") == "Ringing…"
    i18n.install_translator(qapp, "zh_CN")
    assert QCoreApplication.translate("CallInfo", "Ringing…") == "振铃中…"
    i18n.remove_translators(qapp)
    assert QCoreApplication.translate("CallInfo", "Ringing…") == "Ringing…"


def test_qt_standard_buttons_are_translated_too(zh: str) -> None:
    """qtbase_zh_CN.qm (Save, Cancel, Yes, No in standard dialogs) is loaded when Qt has it."""
    from PySide6.QtCore import QLibraryInfo

    directory = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    if not (directory / "qtbase_zh_CN.qm").is_file():
        pytest.skip("this Qt has no qtbase_zh_CN.qm")
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") != "Cancel"


# -- widgets in Chinese ----------------------------------------------------------------------------
def test_pure_texts_in_chinese(zh: str) -> None:
    call = fake_call()
    assert status_text(call) == "振铃中…"


@pytest.mark.qt
@pytest.mark.asyncio
async def test_widgets_show_chinese(
    zh: str, qtbot: QtBot, sim: SimulatedPbx, bridge: PbxBridge, tmp_path: Path
) -> None:
    menu = build_menu(None, bridge, openers(), lambda: None)
    texts = {a.objectName(): a.text() for a in menu.findChildren(QAction) if a.objectName()}
    assert texts["actDial"] == "拨号…"
    assert texts["actDnd"] == "免打扰（不弹窗）"
    assert texts["actSettings"] == "设置…"
    assert texts["actQuit"] == "退出"
    menu.deleteLater()

    tray = TrayController(bridge, openers(), use_tray=False)
    window = tray.window
    assert window is not None
    qtbot.addWidget(window)
    assert window.text_label.text().startswith("已连接，分机 474")
    assert child(window, QPushButton, "btnHistory").text() == "通话记录"
    assert child(window, QCheckBox, "btnDnd").text() == "免打扰"

    dialer = DialerWindow(bridge)
    qtbot.addWidget(dialer)
    assert dialer.call_button.text() == "拨号"
    assert dialer.windowTitle() == "拨号 — mypbxdesk"

    pop = ScreenPop(bridge, bridge.service.resolver.view(fake_call()))
    qtbot.addWidget(pop)
    status = pop.findChild(QLabel, "popStatus")
    assert status is not None and status.text() == "振铃中…"
    number = pop.findChild(QLabel, "popNumber")
    assert number is not None and number.text() == "138 0601 2345"
    direction = pop.findChild(QLabel, "popDirection")
    assert direction is not None and direction.text() == "来电 · 经由 trunk-sps-test1"
    assert "13806012345" in pop.accessibleName().replace(" ", "")
    assert child(pop, QPushButton, "popTransfer").text() == "转接…"

    dialog = SettingsDialog(
        bridge, bridge.settings, confirm=lambda _q: True, config_path=tmp_path / "config.toml"
    )
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "设置 — mypbxdesk"
    tabs = dialog.findChild(QTabWidget)
    assert tabs is not None
    titles = {tabs.tabText(i) for i in range(tabs.count())}
    assert {"连接", "话机", "弹屏 && CRM", "联系人", "快捷键", "高级"} == titles
    labels = {label.text() for label in dialog.findChildren(QLabel)}
    assert {"PBX 地址(&A)：", "我的分机(&E)："} <= labels
    tray.hide()


@pytest.mark.qt
@pytest.mark.asyncio
async def test_first_run_dialog_in_chinese(
    zh: str, qtbot: QtBot, sim: SimulatedPbx, bridge: PbxBridge, tmp_path: Path
) -> None:
    dialog = SettingsDialog(
        bridge,
        Settings(),
        first_run=True,
        confirm=lambda _q: True,
        config_path=tmp_path / "config.toml",
        current_secret="",
    )
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "欢迎使用 mypbxdesk"
    labels = [label.text() for label in dialog.findChildren(QLabel)]
    assert "欢迎使用 — 将 mypbxdesk 连接到您的电话系统" in labels


# -- the .ts file ----------------------------------------------------------------------------------
def test_translation_is_complete() -> None:
    found = messages()
    assert len(found) > 200
    for context, source, translation in found:
        where = f"{context}: {source!r}"
        assert translation.get("type") not in ("unfinished", "obsolete", "vanished"), where
        text = translation.text or ""
        assert text.strip(), where
        # Every {placeholder} survives, none is invented (str.format would fail).
        assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(source)), where
        if "&" in source and "*" not in source:
            assert "&" in text, f"{where}: the keyboard shortcut is lost"
        words = PLACEHOLDER.sub("", source).replace("mypbxdesk", "")  # the name stays
        if re.search("[A-Za-z]{3}", words):
            assert CJK.search(text), f"{where}: not translated"


def _lupdate() -> str | None:
    exe = shutil.which("pyside6-lupdate") or str(Path(sys.executable).parent / "pyside6-lupdate")
    return exe if Path(exe).exists() else None


def test_ts_file_is_fresh(tmp_path: Path) -> None:
    """The committed .ts has exactly the strings the source code has (re-run lupdate if not)."""
    exe = _lupdate()
    if exe is None:
        pytest.skip("pyside6-lupdate is not installed")
    fresh = tmp_path / "fresh.ts"
    sources = sorted(str(p) for p in (ROOT / "mypbxdesk" / "ui").rglob("*.py"))
    subprocess.run(
        [exe, *sources, "-ts", str(fresh), "-no-obsolete", "-locations", "none"],
        check=True,
        capture_output=True,
        timeout=120,
    )

    def keys(path: Path) -> set[tuple[str, str]]:
        return {
            (c.findtext("name") or "", m.findtext("source") or "")
            for c in ET.parse(path).getroot().iter("context")
            for m in c.iter("message")
        }

    assert keys(fresh) == keys(TS), (
        "run: pyside6-lupdate mypbxdesk/ui/*.py mypbxdesk/ui/*/*.py "
        "-ts resources/translations/mypbxdesk_zh_CN.ts "
        "-no-obsolete -locations none -target-language zh_CN"
    )


# -- texts from the layers below the UI, in Chinese ------------------------------------------------
def _originates(sim: SimulatedPbx) -> list[object]:
    return [m for m in sim.actions_received if m.name.lower() == "originate"]


@pytest.mark.qt
@pytest.mark.asyncio
async def test_dial_result_in_chinese(
    zh: str, qtbot: QtBot, sim: SimulatedPbx, bridge: PbxBridge
) -> None:
    dialer = DialerWindow(bridge)
    qtbot.addWidget(dialer)
    shown: list[str] = []

    def record(text: str) -> None:
        shown.append(text)
        QLabel.setText(dialer.message, text)

    dialer.message.setText = record  # type: ignore[method-assign]
    dialer.open_with("13806012345")
    dialer.call_button.click()
    await until(lambda: dialer.message.text().startswith("已接通"))
    assert dialer.message.text() == "已接通：您的话机 474 正在呼叫 13806012345"
    assert "正在呼叫您的话机 474 — 拿起话机即可接通 13806012345" in shown
    assert len(_originates(sim)) == 1


@pytest.mark.qt
@pytest.mark.asyncio
async def test_refusal_from_the_pbx_in_chinese(
    zh: str, qtbot: QtBot, sim: SimulatedPbx, bridge: PbxBridge
) -> None:
    sim.set_phone("474", "busy")
    dialer = DialerWindow(bridge)
    qtbot.addWidget(dialer)
    dialer.open_with("306")
    dialer.call_button.click()
    await until(lambda: dialer.message.text().startswith("呼叫未发出"))
    assert dialer.message.text() == "呼叫未发出：SIP/474 正忙。"


@pytest.mark.qt
@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("12ab34", "电话号码不能包含字母（'a'）"),
        ("555\r\nAction: Hangup", "号码中包含控制字符（例如换行符）"),
    ],
)
async def test_invalid_number_in_chinese(
    zh: str, qtbot: QtBot, sim: SimulatedPbx, bridge: PbxBridge, text: str, reason: str
) -> None:
    dialer = DialerWindow(bridge)
    qtbot.addWidget(dialer)
    dialer.open_with()
    dialer.number.setText(text)
    dialer.call_button.click()
    await until(lambda: "无法拨打" in dialer.message.text())
    assert dialer.message.text() == f"无法拨打：{reason}。未发送任何呼叫。"
    assert _originates(sim) == []
    await bridge.service.client.wait_ready(5)


@pytest.mark.qt
@pytest.mark.asyncio
async def test_settings_problems_in_chinese(
    zh: str, qtbot: QtBot, sim: SimulatedPbx, bridge: PbxBridge, tmp_path: Path
) -> None:
    dialog = SettingsDialog(
        bridge, bridge.settings, confirm=lambda _q: True, config_path=tmp_path / "config.toml"
    )
    qtbot.addWidget(dialog)
    dialog.show()

    def error(name: str) -> QLabel:
        label = dialog.findChild(QLabel, f"error_{name}")
        assert label is not None
        return label

    dialog.port.setText("0")
    assert error("port").isVisible()
    assert error("port").text() == "端口 0 不在 1 到 65535 之间"
    dialog.host.clear()
    assert error("host").text() == "PBX 主机为空"
    dialog.context.setText("DLPN DialPlan{extension}")
    assert error("context").text() == "拨号上下文模板无效（请使用 {extension}，不能包含空格或换行）"
    dialog.more.hotkey_edit.setKeySequence(QKeySequence("Shift+D"))
    assert error("dial_hotkey").text().startswith("单独使用 Shift+D 会拦截正常输入")

    bad = tmp_path / "bad.vcf"
    bad.write_text("BEGIN:VCARD\nFN:Bob\nTEL:306\n", encoding="utf-8")
    dialog.more._pick_file = lambda: str(bad)
    assert dialog.more.import_contacts() == f"未导入任何内容：{bad}，第 1 行：名片缺少 END:VCARD"


@pytest.mark.qt
@pytest.mark.asyncio
async def test_connection_test_and_call_actions_in_chinese(
    zh: str, qtbot: QtBot, sim: SimulatedPbx, bridge: PbxBridge, tmp_path: Path
) -> None:
    dialog = SettingsDialog(
        bridge, bridge.settings, confirm=lambda _q: True, config_path=tmp_path / "config.toml"
    )
    qtbot.addWidget(dialog)
    await dialog.test_connection()
    result = dialog.findChild(QLabel, "testResult")
    assert result is not None
    assert result.text().startswith(f"✓ 已连接到 127.0.0.1:{sim.port}（AMI ")
    assert result.text().endswith("，md5 登录）")

    hangup = await bridge.hangup("no-such-call")
    assert hangup.message == "that call has already ended"  # English below the UI
    assert i18n.tr_text(hangup.message) == "该通话已结束"
    transfer = await bridge.transfer("no-such-call", "30a")
    assert i18n.tr_text(transfer.message) == "分机号应为 1 到 10 位数字，而不是 '30a'"


@pytest.mark.qt
@pytest.mark.asyncio
async def test_connection_status_detail_in_chinese(
    zh: str, qtbot: QtBot, sim: SimulatedPbx, bridge: PbxBridge
) -> None:
    detail = bridge.status.detail
    assert detail.startswith("connected to 127.0.0.1:")  # English below the UI (logs, CLI)
    assert i18n.tr_text(detail).startswith(f"已以 admin 身份连接到 127.0.0.1:{sim.port}（AMI ")

    tray = TrayController(bridge, openers(), use_tray=True)
    assert tray.tray is not None
    dialer = DialerWindow(bridge)
    qtbot.addWidget(dialer)
    dialer.open_with("306")
    await sim.stop()

    def shown_in_chinese() -> bool:
        status = bridge.status
        if status.state is not ConnectionState.RECONNECT_WAIT:
            return False
        reason = i18n.tr_text(status.detail)
        return (
            reason != status.detail
            and CJK.search(reason) is not None
            and reason in tray.detail  # the detail, one click from the short tooltip
            and dialer.message.text() == f"未连接到 PBX：{reason}"
            and dialer.call_button.toolTip() == dialer.message.text()
        )

    await until(shown_in_chinese)
    assert "秒后重新连接" in tray.detail
    tray.hide()
