"""The settings dialog, which is also the first-run dialog.

Layer 4 (``mypbxdesk.ui``): PySide6 widgets over :class:`PbxBridge`.

The fields are in sections (tabs: Connection, Phone, Pop-up & CRM, Contacts,
Shortcuts, Advanced). The first run shows only what it must — PBX address,
user, secret, extension and Test — and the other fields keep their defaults.
Typing right after it opens goes into the first empty field. A connection
test's result sits beside its button and goes when a value it tested changes.

Every edit rebuilds a :class:`Settings` from the form and runs
:meth:`Settings.validate`, so the rules live in ``config.py`` only: each
problem shows in red under its field (objectName ``error_<field>``) and Save
stays disabled while there is one. The secret field is a password field that
is never pre-filled: an empty field keeps the secret in use. Without an OS
keyring the user is asked before the secret goes into the (0600) settings file.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Callable, Coroutine
from dataclasses import replace
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QRegularExpressionValidator, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..settings.config import POP_CORNERS, SECRET_ENV, Settings
from .bridge import PbxBridge
from .hotkey import GlobalHotkey
from .i18n import QT_TRANSLATE_NOOP, tr_text
from .plainbuttons import plain_buttons
from .settingsmore import MoreFields

log = logging.getLogger("mypbxdesk.ui.settings")

ERROR_COLOUR = "#c5221f"
OK_COLOUR = "#1e8e3e"
PHONE_TYPE_LABELS = (
    ("sip", "SIP"),
    ("iax2", "IAX2"),
    ("pjsip", "PJSIP"),
    ("dahdi", QT_TRANSLATE_NOOP("SettingsDialog", "Analog (DAHDI)")),
)
FIELD_LABELS = {
    "host": QT_TRANSLATE_NOOP("SettingsDialog", "PBX host"),
    "port": QT_TRANSLATE_NOOP("SettingsDialog", "port"),
    "username": QT_TRANSLATE_NOOP("SettingsDialog", "AMI username"),
    "secret": QT_TRANSLATE_NOOP("SettingsDialog", "AMI secret"),
    "extension": QT_TRANSLATE_NOOP("SettingsDialog", "my extension"),
    "dahdi_port": QT_TRANSLATE_NOOP("SettingsDialog", "analog port"),
    "context": QT_TRANSLATE_NOOP("SettingsDialog", "dial context"),
    "crm_url": QT_TRANSLATE_NOOP("SettingsDialog", "CRM link"),
    "default_region": QT_TRANSLATE_NOOP("SettingsDialog", "country for numbers"),
    "crm_mode": QT_TRANSLATE_NOOP("SettingsDialog", "CRM mode"),
    "crm_command": QT_TRANSLATE_NOOP("SettingsDialog", "CRM command"),
}
CORNER_LABELS = {
    "bottom-right": QT_TRANSLATE_NOOP("SettingsDialog", "Bottom right"),
    "bottom-left": QT_TRANSLATE_NOOP("SettingsDialog", "Bottom left"),
    "top-right": QT_TRANSLATE_NOOP("SettingsDialog", "Top right"),
    "top-left": QT_TRANSLATE_NOOP("SettingsDialog", "Top left"),
}
#: Fields a connection test depends on: editing one clears its result.
CONNECTION_FIELDS = frozenset({"host", "port", "username", "secret", "tls", "plain_login"})
WELCOME = QT_TRANSLATE_NOOP("SettingsDialog", "Welcome — connect mypbxdesk to your phone system")


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def _label(
    text: str = "", name: str = "", *, scale: float = 1.0, bold: bool = False, colour: str = ""
) -> QLabel:
    """A word-wrapped label (font scaled, never a fixed pixel size)."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)  # a test result quotes the PBX
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    label.setObjectName(name)
    if scale != 1.0 or bold:
        font = QFont(label.font())
        font.setPointSizeF(font.pointSizeF() * scale)
        font.setBold(bold)
        label.setFont(font)
    if colour:
        label.setStyleSheet(f"color: {colour};")
    return label


def _current_secret(bridge: PbxBridge) -> str:
    """The secret the running service logs in with (the bridge has no accessor yet)."""
    return bridge.current_secret()


class SettingsDialog(QDialog):
    """PBX connection, my phone and pop-up settings; Save applies them at once.

    Signals:
        saved(str): the settings were saved and applied; the text says where the
            secret went (for a tray notification).
    """

    saved = Signal(str)

    def __init__(
        self,
        bridge: PbxBridge,
        settings: Settings,
        *,
        first_run: bool = False,
        confirm: Callable[[str], bool] | None = None,
        config_path: Path | None = None,
        current_secret: str | None = None,
        hotkey: GlobalHotkey | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle(
            self.tr("Welcome to mypbxdesk") if first_run else self.tr("Settings — mypbxdesk")
        )
        self._bridge = bridge
        self._hotkey = hotkey
        self._original = settings
        self._first_run = first_run
        self._confirm = confirm
        self._config_path = config_path or bridge.config_path
        known = current_secret if current_secret is not None else _current_secret(bridge)
        self._existing_secret = known or settings.secret
        self._touched: set[str] = set()
        self._errors: dict[str, QLabel] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self.result_message = ""
        self._save_error = ""
        self._refocus = False
        self._focused = False
        self._build()
        self._load(settings)
        self._connect_changes()
        self._revalidate()

    # -- layout ---------------------------------------------------------------------
    def _field(
        self, form: QFormLayout, label: str, name: str, widget: QWidget, hint: str = ""
    ) -> QLabel | None:
        box = QWidget()
        col = QVBoxLayout(box)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(2)
        col.addWidget(widget)
        note = _label(hint, f"hint_{name}", scale=0.9) if hint else None  # full contrast
        if note is not None:
            col.addWidget(note)
        self._errors[name] = error = _label("", f"error_{name}", colour=ERROR_COLOUR)
        error.hide()
        col.addWidget(error)
        buddy = QLabel(label)
        buddy.setBuddy(widget)
        form.addRow(buddy, box)
        return note

    @staticmethod
    def _page_form() -> tuple[QWidget, QFormLayout]:
        """A section's page: a form whose label column lines up down the page."""
        page = QWidget()
        form = QFormLayout(page)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        form.setFormAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        return page, form

    def _add_page(self, page: QWidget, title: str, name: str) -> None:
        """A tab whose page scrolls when the screen is short (200 % on a laptop)."""
        scroll = QScrollArea()
        scroll.setObjectName(f"page_{name}")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(page)
        self.tabs.addTab(scroll, title)

    def _address_row(self, form: QFormLayout) -> None:
        """PBX host and port on one row ("the PBX address"), errors under them."""
        box = QWidget()
        col = QVBoxLayout(box)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(2)
        line = QHBoxLayout()
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.host, 1)
        port_label = QLabel(self.tr("&Port:"))
        port_label.setBuddy(self.port)
        line.addSpacing(self.fontMetrics().averageCharWidth() * 2)
        line.addWidget(port_label)
        self.port.setMaximumWidth(self.fontMetrics().horizontalAdvance("0") * 8)
        line.addWidget(self.port)
        col.addLayout(line)
        for name in ("host", "port"):
            self._errors[name] = error = _label("", f"error_{name}", colour=ERROR_COLOUR)
            error.hide()
            col.addWidget(error)
        buddy = QLabel(self.tr("PBX &address:"))
        buddy.setBuddy(self.host)
        form.addRow(buddy, box)

    def _build(self) -> None:
        # Sections as tabs; the first run shows only what it must (PBX address,
        # user, secret, extension and Test); the other fields exist with their
        # defaults (validated and saved as they are) on pages that are not shown.
        root = self._root = QVBoxLayout(self)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 90)  # scales with DPI
        if self._first_run:
            root.addWidget(_label(self.tr(WELCOME), "welcome", scale=1.3, bold=True))
            root.addWidget(
                _label(
                    self.tr(
                        "Your IT administrator can tell you these values. On a "
                        "MyPBX they are under System › System › Preference › AMI Settings."
                    )
                )
            )
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("settingsTabs")
        self.tabs.setDocumentMode(True)
        root.addWidget(self.tabs, 1)

        connection, form = self._page_form()
        self.host = QLineEdit(placeholderText=self.tr("192.168.5.142 or pbx.example.com"))
        self.port = QLineEdit(placeholderText="5038")
        self.port.setValidator(QRegularExpressionValidator(r"\d{0,5}", self.port))
        self._address_row(form)
        self.username = QLineEdit()
        self._field(form, self.tr("AMI &username:"), "username", self.username)
        self.secret = QLineEdit(
            echoMode=QLineEdit.EchoMode.Password,
            placeholderText=(
                self.tr("unchanged") if self._existing_secret else self.tr("AMI secret")
            ),
        )
        self._field(
            form,
            self.tr("AMI &secret:"),
            "secret",
            self.secret,
            self.tr("Leave empty to keep the current secret.") if self._existing_secret else "",
        )
        self.extension = QLineEdit(placeholderText=self.tr("e.g. 474"))
        phone, phone_form = self._page_form()
        self._field(
            form if self._first_run else phone_form,
            self.tr("My &extension:"),
            "extension",
            self.extension,
        )
        self.test_button = QPushButton(self.tr("&Test connection"), autoDefault=False)
        self.test_button.setObjectName("testButton")
        self.test_button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.test_button.clicked.connect(self._on_test_clicked)
        # The result sits beside the button (one line kept for it), so a
        # result neither adds a row nor grows the window.
        self.test_result = _label("", "testResult")
        self.test_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.test_result.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.test_result.setMinimumHeight(self.fontMetrics().lineSpacing() * 2)
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_button, 0, Qt.AlignmentFlag.AlignTop)
        test_row.addWidget(self.test_result, 1)
        form.addRow("", test_row)

        self.phone_type = QComboBox()
        for value, label in PHONE_TYPE_LABELS:
            self.phone_type.addItem(self.tr(label), value)
        self._field(phone_form, self.tr("Phone t&ype:"), "phone_type", self.phone_type)
        self.dahdi_port = QSpinBox(minimum=0, maximum=999)
        self.dahdi_port.setSpecialValueText(self.tr("not set"))
        self._field(phone_form, self.tr("Analog &port (DAHDI):"), "dahdi_port", self.dahdi_port)
        self.timeout = QSpinBox(minimum=1, maximum=600, suffix=self.tr(" s"))
        self.timeout.setToolTip(
            self.tr("How long your phone rings when you click to dial, before the call is given up")
        )
        self._field(phone_form, self.tr("&Ring timeout:"), "originate_timeout_ms", self.timeout)

        popup, popup_form = self._page_form()
        self.pop_corner = QComboBox()
        for corner in POP_CORNERS:
            corner_label = CORNER_LABELS.get(corner)
            self.pop_corner.addItem(
                self.tr(corner_label) if corner_label else corner.replace("-", " ").capitalize(),
                corner,
            )
        self._field(popup_form, self.tr("Pop-up c&orner:"), "pop_corner", self.pop_corner)
        self.crm_url = QLineEdit(placeholderText="https://crm.example.com/search?q={number}")
        self._field(
            popup_form,
            self.tr("CR&M link:"),
            "crm_url",
            self.crm_url,
            self.tr("Opened from the pop-up; {number} and {name} are filled in."),
        )

        contacts, contacts_form = self._page_form()
        shortcuts, shortcuts_form = self._page_form()
        self.more = MoreFields(
            self._bridge,
            self,
            self._field,
            {"crm": popup_form, "contacts": contacts_form, "shortcuts": shortcuts_form},
            hotkey=self._hotkey,
        )

        advanced, advanced_form = self._page_form()
        self.start_at_login = QCheckBox(self.tr("Start mypbxdesk when I log in"))
        self.start_at_login.setToolTip(
            self.tr("Adds mypbxdesk to your login items when you save (it starts in the tray)")
        )
        advanced_form.addRow("", self.start_at_login)
        self.tls = QCheckBox(self.tr("Encrypted connection (TLS)"))
        advanced_form.addRow("", self.tls)
        self.plain_login = QCheckBox(self.tr("Allow plain-text login (PBX without MD5 login)"))
        self.plain_login.setObjectName("plainLogin")
        self.plain_login.setToolTip(
            self.tr(
                "Only for a PBX that does not offer MD5 login: the secret then crosses the "
                "network readable. It is never used with a PBX that offered MD5 before."
            )
        )
        advanced_form.addRow("", self.plain_login)
        self.context = QLineEdit()
        self._context_hint = self._field(
            advanced_form, self.tr("Dial &context:"), "context", self.context, " "
        )

        sections = (
            (connection, self.tr("Connection"), "connection"),
            (phone, self.tr("Phone"), "phone"),
            (popup, self.tr("Pop-up && CRM"), "popup"),
            (contacts, self.tr("Contacts"), "contacts"),
            (shortcuts, self.tr("Shortcuts"), "shortcuts"),
            (advanced, self.tr("Advanced"), "advanced"),
        )
        for page, title, name in sections:
            if self._first_run and name != "connection":
                page.setParent(self)  # kept (values, validation), not shown
                page.hide()
                continue
            self._add_page(page, title, name)
        self.tabs.tabBar().setVisible(not self._first_run)
        # Every section's name in view (no scroll arrows), in any language.
        margins = self._root.contentsMargins()
        tabs_width = self.tabs.tabBar().sizeHint().width() + margins.left() + margins.right()
        self.setMinimumWidth(max(self.minimumWidth(), tabs_width + self.fontMetrics().height()))

        self.status = _label("", "saveStatus")
        root.addWidget(self.status)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        plain_buttons(buttons)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setObjectName("saveButton")
        self.save_button.clicked.connect(self._on_save_clicked)
        buttons.rejected.connect(self.reject)
        root.addWidget(buttons)

    def first_empty_field(self) -> QWidget:
        """Where typing should go when the dialog opens: the first empty field
        of the first section (the PBX address on the first run)."""
        for edit in (self.host, self.port, self.username, self.secret, self.extension):
            unchanged_secret = edit is self.secret and bool(self._existing_secret)
            if not edit.text() and not unchanged_secret and not self._on_hidden_page(edit):
                return edit
        return self.host

    def _on_hidden_page(self, widget: QWidget) -> bool:
        """On a section the first run does not show."""
        return self.tabs.indexOf(widget) < 0 and not self.tabs.isAncestorOf(widget)

    def _load(self, s: Settings) -> None:
        for edit, text in (
            (self.host, s.host),
            (self.port, str(s.port)),
            (self.username, s.username),
            (self.extension, s.extension),
            (self.context, s.context),
            (self.crm_url, s.crm_url),
        ):
            edit.setText(text)
        for box, value in ((self.phone_type, s.phone_type), (self.pop_corner, s.pop_corner)):
            box.setCurrentIndex(max(0, box.findData(value)))
        self.tls.setChecked(s.tls)
        self.plain_login.setChecked(s.plain_login)
        self.start_at_login.setChecked(s.start_at_login)
        self.dahdi_port.setValue(s.dahdi_port or 0)
        self.timeout.setValue(max(1, min(600, round(s.originate_timeout_ms / 1000))))
        self.more.load(s)

    def _connect_changes(self) -> None:
        for name, edit in (
            ("host", self.host),
            ("port", self.port),
            ("username", self.username),
            ("secret", self.secret),
            ("extension", self.extension),
            ("context", self.context),
            ("crm_url", self.crm_url),
        ):
            edit.textChanged.connect(lambda _t, n=name: self._changed(n))
        self.tls.toggled.connect(lambda _on: self._changed("tls"))
        self.plain_login.toggled.connect(lambda _on: self._changed("plain_login"))
        self.phone_type.currentIndexChanged.connect(lambda _i: self._changed("dahdi_port"))
        self.dahdi_port.valueChanged.connect(lambda _v: self._changed("dahdi_port"))
        self.timeout.valueChanged.connect(lambda _v: self._changed("originate_timeout_ms"))
        self.more.connect(self._changed)

    # -- validation ------------------------------------------------------------------
    def form_settings(self) -> Settings:
        """The settings the form describes (no secret: that travels separately)."""
        port_text = self.port.text().strip()
        dahdi = self.phone_type.currentData() == "dahdi"
        return self.more.apply(
            replace(
                self._original,
                host=self.host.text().strip(),
                port=int(port_text) if port_text else 0,
                username=self.username.text().strip(),
                secret="",
                tls=self.tls.isChecked(),
                plain_login=self.plain_login.isChecked(),
                extension=self.extension.text().strip(),
                phone_type=str(self.phone_type.currentData()),
                dahdi_port=(self.dahdi_port.value() or None)
                if dahdi
                else self._original.dahdi_port,
                context=self.context.text().strip(),
                originate_timeout_ms=self.timeout.value() * 1000,
                pop_corner=str(self.pop_corner.currentData()),
                crm_url=self.crm_url.text().strip(),
                start_at_login=self.start_at_login.isChecked(),
            )
        )

    def problems(self) -> dict[str, str]:
        """Every problem of the form as ``{field: message}`` (first one per field)."""
        found: dict[str, str] = {}
        if not self.port.text().strip():
            found["port"] = self.tr("enter the AMI port (usually 5038)")
        found.update(self.more.problems())
        for name, message in self.form_settings().validate():
            found.setdefault(name, tr_text(message))
        try:
            self.crm_url.text().format(number="1", name="x")
        except (ValueError, KeyError, IndexError):
            found["crm_url"] = self.tr("the CRM link may only contain {number} and {name}")
        if not (self.secret.text() or self._existing_secret or os.environ.get(SECRET_ENV)):
            found["secret"] = self.tr("enter the AMI secret (password)")
        return found

    def _changed(self, name: str) -> None:
        self._touched.add(name)
        if name in CONNECTION_FIELDS:
            self._forget_test()
        self._revalidate()

    def _forget_test(self) -> None:
        """A test result belongs to the values it tested: an edit to them takes
        it away (and stops a test still running with the old values)."""
        for task in list(self._tasks):
            if task.get_name() == "settings-test":
                task.cancel()
        self.test_result.setText("")
        self.test_result.setStyleSheet("")

    def _revalidate(self) -> None:
        found = self.problems()
        hidden: list[str] = []
        for name, label in self._errors.items():
            message = found.get(name, "")
            visible = bool(message) and (not self._first_run or name in self._touched)
            label.setText(_sentence(message))
            label.setVisible(visible)
            if message and not visible:
                label_text = FIELD_LABELS.get(name)
                hidden.append(self.tr(label_text) if label_text else name)
        stray = [m for n, m in found.items() if n not in self._errors]
        self.dahdi_port.setEnabled(self.phone_type.currentData() == "dahdi")
        if self._context_hint is not None:
            ok = "context" not in found and "extension" not in found
            self._context_hint.setText(
                self.tr("Calls are dialled in {context}").format(
                    context=self.form_settings().dial_context
                )
                if ok
                else self.tr("Use {extension} where your extension number goes.")
            )
        self.save_button.setEnabled(not found and not self._running("settings-save"))
        link = ("host", "port", "username", "secret")
        self.test_button.setEnabled(
            not any(n in found for n in link) and not self._running("settings-test")
        )
        if stray or (self._save_error and not found):
            text = _sentence(self.tr("; ").join(stray) or self._save_error)
            colour = ERROR_COLOUR
        elif hidden:
            text, colour = (
                self.tr("Still needed: {fields}.").format(fields=self.tr(", ").join(hidden)),
                "",
            )
        else:
            text = self.tr("Correct the fields marked in red to save.") if found else ""
            colour = ""
        if self._running("settings-save"):
            text, colour = self.tr("Saving…"), ""
        self.status.setText(text)
        self.status.setStyleSheet(f"color: {colour};" if colour else "")

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._focused:  # typing right after it opens goes into a field
            self._focused = True
            self._fit_pages()
            self.activateWindow()
            self.first_empty_field().setFocus(Qt.FocusReason.OtherFocusReason)

    def _fit_pages(self) -> None:
        """Tall enough for the tallest section, so no page scrolls (and the
        window does not jump between tabs) unless the screen is too short."""
        pages = [self.tabs.widget(i) for i in range(self.tabs.count())]
        scrolls = [p for p in pages if isinstance(p, QScrollArea)]
        width = max(self.width(), self.minimumWidth())
        margins = self._root.contentsMargins()
        inner = width - margins.left() - margins.right() - self.fontMetrics().height()
        tallest = 0
        for scroll in scrolls:
            content = scroll.widget()
            if content is None or content.layout() is None:
                continue
            layout = content.layout()
            assert layout is not None
            layout.activate()
            hfw = layout.totalHeightForWidth(inner) if layout.hasHeightForWidth() else -1
            tallest = max(tallest, hfw if hfw > 0 else content.sizeHint().height())
        screen = self.screen()
        if screen is not None:
            tallest = min(tallest, screen.availableGeometry().height() * 2 // 3)
        for scroll in scrolls:
            scroll.setMinimumHeight(tallest)
        self.adjustSize()

    def _running(self, name: str) -> bool:
        return any(t.get_name() == name and not t.done() for t in self._tasks)

    def _secret_to_use(self) -> str:
        return self.secret.text() or self._existing_secret or os.environ.get(SECRET_ENV, "")

    def _spawn(self, coro: Coroutine[Any, Any, None], name: str) -> asyncio.Task[None]:
        task = asyncio.ensure_future(coro)
        task.set_name(name)
        self._tasks.add(task)

        def done(t: asyncio.Task[None]) -> None:
            self._tasks.discard(t)
            if not t.cancelled() and t.exception() is not None:
                log.error("settings dialog: %s failed", name, exc_info=t.exception())
            if self._alive():
                self._revalidate()

        task.add_done_callback(done)
        return task

    def _alive(self) -> bool:
        """False once Qt has deleted the dialog (a task may outlive it)."""
        return shiboken6.isValid(self)

    def done(self, r: int) -> None:
        """Closing (Save, Cancel, Esc, the window's X) stops a running connection test."""
        for task in list(self._tasks):
            if task.get_name() == "settings-test":
                task.cancel()
        super().done(r)

    # -- test connection -------------------------------------------------------------
    def _on_test_clicked(self) -> None:
        self._refocus = self.test_button.hasFocus()  # disabling moves the focus away
        self.test_button.setEnabled(False)
        self.test_result.setStyleSheet("")
        self.test_result.setText(self.tr("Testing…"))
        self._spawn(self.test_connection(), "settings-test")

    async def test_connection(self) -> None:
        """Log in once with the form's values and say how it went, inline."""
        try:
            outcome = await self._bridge.test_connection(
                self.form_settings(), self._secret_to_use()
            )
        except Exception as exc:  # never leave the button disabled
            log.warning("connection test failed: %s", type(exc).__name__)
            ok, message = (
                False,
                self.tr("the test failed: {error}").format(error=type(exc).__name__),
            )
        else:
            ok, message = outcome.ok, tr_text(outcome.message)
        if not self._alive():
            return
        colour = OK_COLOUR if ok else ERROR_COLOUR
        self.test_result.setStyleSheet(f"color: {colour};")
        self.test_result.setText(("✓ " if ok else "✗ ") + _sentence(message))
        if self._refocus:
            self.test_button.setEnabled(True)
            self.test_button.setFocus()

    # -- save --------------------------------------------------------------------------
    async def _ask(self, question: str) -> bool:
        """Yes/No, through ``confirm`` if given, else a window-modal box that does not
        block the loop (no nested event loop inside a running task)."""
        if self._confirm is not None:
            return self._confirm(question)
        yes, no = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Store the secret in the settings file?"),
            question,
            yes | no,
            self,
        )
        box.setDefaultButton(yes)
        answered: asyncio.Future[bool] = asyncio.get_running_loop().create_future()

        def finished(_result: int) -> None:
            if not answered.done():
                answered.set_result(box.standardButton(box.clickedButton()) == yes)

        box.finished.connect(finished)
        box.open()
        try:
            return await answered
        finally:
            box.deleteLater()

    def _question(self, why: str) -> str:
        return self.tr(
            "{why}\n\nStore the AMI secret in {path} (readable only by "
            "you)?\n\nIf you choose No, mypbxdesk connects now, but you must give "
            "the secret again when it next starts (or set {env})."
        ).format(why=why, path=self._config_path, env=SECRET_ENV)

    def _on_save_clicked(self) -> None:
        if self.problems() or self._running("settings-save"):
            return
        self._save_error = ""
        self._spawn(self.save(), "settings-save")
        self._revalidate()  # "Saving…", Save disabled

    async def save(self) -> None:
        """Save the form through the bridge (asking where the secret may go), then close."""
        settings, secret = self.form_settings(), self._secret_to_use()
        unchanged = not self.secret.text()
        from_env = unchanged and secret == os.environ.get(SECRET_ENV)
        asked = in_file = False
        why = self.tr("this computer has no keyring")
        if secret and not from_env and not self._bridge.keyring_available():
            in_file = unchanged and secret == self._original.secret  # agreed before
            if not in_file:
                asked, in_file = (
                    True,
                    await self._ask(
                        self._question(
                            self.tr("This computer has no keyring to keep the secret safe.")
                        )
                    ),
                )
        try:
            where = await self._apply(settings, secret, in_file)
            # A keyring that exists but refused (locked, access denied): offer the file.
            if (
                where == ""
                and secret
                and not (from_env or asked or in_file)
                and await self._ask(
                    self._question(self.tr("The system keyring refused the secret."))
                )
            ):
                why = self.tr("the system keyring refused it")
                where = await self._apply(settings, secret, True)
        except OSError as exc:  # shown by _revalidate when the task is done
            self._save_error = self.tr("the settings could not be saved: {reason}").format(
                reason=exc.strerror or exc
            )
            return
        if where == "keyring":
            note = self.tr("The secret is stored in the system keyring.")
        elif where == "settings file":
            note = self.tr(
                "The secret is stored in {path} (readable only by you) because {why}."
            ).format(path=self._config_path, why=why)
        elif secret and not from_env:
            note = self.tr(
                "The secret was not stored: give it again when mypbxdesk next "
                "starts (or set {env})."
            ).format(env=SECRET_ENV)
        elif secret:
            note = self.tr("The secret comes from {env}.").format(env=SECRET_ENV)
        else:
            note = self.tr("No secret is stored.")
        self.result_message = self.tr("Settings saved. {note}").format(note=note)
        if self._alive():
            self.saved.emit(self.result_message)
            self.accept()

    async def _apply(self, settings: Settings, secret: str, in_file: bool) -> str:
        stored = replace(settings, secret=secret if in_file else "")
        return await self._bridge.apply_settings(stored, secret, secret_in_file=in_file)
