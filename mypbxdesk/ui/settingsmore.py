"""The settings dialog's contacts, CRM and shortcut fields.

Layer 4 (``mypbxdesk.ui``): PySide6 widgets over :class:`PbxBridge`. Split
from ``settingsdialog.py`` (which owns validation and saving) to keep both
readable; the dialog calls :meth:`MoreFields.load`, :meth:`apply` and
:meth:`problems`, and registers the fields through its ``_field`` helper so
errors show under them like everywhere else. The fields go into the dialog's
sections (``forms``: ``"crm"`` — the CRM mode and command, next to the CRM
link —, ``"contacts"`` and ``"shortcuts"``).

The CRM command is typed as one line in shell-like syntax (quotes group
words) and stored as an argument list; it is never run through a shell.
The global dial hotkey is recorded with a :class:`QKeySequenceEdit` (one
chord) and checked with :func:`mypbxdesk.hotkeys.parse_chord` as it is typed;
under it a line says what the running :class:`GlobalHotkey` made of the
saved chord (active, taken by another program, or why this desktop cannot
have one, e.g. Wayland). The app grabs the chord when the settings are saved.
"""

from __future__ import annotations

import shlex
from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QKeySequenceEdit,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from ..contacts.book import ContactImportError, system_region
from ..contacts.encoding import EncodingUncertain
from ..desktop.hotkeys import HotkeyError, parse_chord
from ..settings.config import CRM_MODES, Settings
from .bridge import PbxBridge
from .hotkey import GlobalHotkey, HotkeyStatus
from .i18n import QT_TRANSLATE_NOOP, tr_text

CRM_MODE_LABELS = {
    "never": QT_TRANSLATE_NOOP("MoreFields", "Never"),
    "on_click": QT_TRANSLATE_NOOP("MoreFields", "When I click “Open CRM” in the pop-up"),
    "auto": QT_TRANSLATE_NOOP("MoreFields", "Automatically when a call rings"),
}
translate = QCoreApplication.translate
FieldAdder = Callable[[QFormLayout, str, str, QWidget, str], object]


class MoreFields:
    """Region, CRM mode and command, contacts import, hotkey status."""

    def __init__(
        self,
        bridge: PbxBridge,
        parent: QWidget,
        field: FieldAdder,
        forms: Mapping[str, QFormLayout],
        pick_file: Callable[[], str] | None = None,
        hotkey: GlobalHotkey | None = None,
    ) -> None:
        self._bridge = bridge
        self._parent = parent
        self._hotkey = hotkey
        self._pick_file = pick_file or self._ask_for_file
        self._pick_encoding: Callable[[EncodingUncertain], str | None] = self._ask_for_encoding
        form = forms["contacts"]
        self.region = QLineEdit(
            placeholderText=translate("MoreFields", "automatic ({region})").format(
                region=system_region()
            )
        )
        self.region.setMaxLength(2)
        field(
            form,
            translate("MoreFields", "Country for &numbers:"),
            "default_region",
            self.region,
            translate(
                "MoreFields",
                "Two letters (CN, DE, US …): how numbers without a country code are "
                "read when matching callers to contacts.",
            ),
        )
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        self.import_button = QPushButton(
            translate("MoreFields", "&Import contacts…"), autoDefault=False
        )
        self.import_button.setObjectName("importContacts")
        self.import_button.clicked.connect(self.import_contacts)
        self.contacts_label = QLabel()
        self.contacts_label.setObjectName("contactsCount")
        self.contacts_label.setWordWrap(True)
        line.addWidget(self.import_button)
        line.addWidget(self.contacts_label, 1)
        form.addRow(translate("MoreFields", "Contacts:"), row)
        form = forms["crm"]
        self.crm_mode = QComboBox()
        for mode in CRM_MODES:
            self.crm_mode.addItem(translate("MoreFields", CRM_MODE_LABELS[mode]), mode)
        field(form, translate("MoreFields", "Open the CRM:"), "crm_mode", self.crm_mode, "")
        self.crm_command = QLineEdit(placeholderText="/usr/bin/crm-lookup --phone {number} {name}")
        field(
            form,
            translate("MoreFields", "CRM &command:"),
            "crm_command",
            self.crm_command,
            translate(
                "MoreFields",
                "A program to run with the caller: {number} and {name} become "
                "separate arguments. Never run through a shell.",
            ),
        )
        form = forms["shortcuts"]
        self.hotkey_edit = QKeySequenceEdit()
        self.hotkey_edit.setObjectName("hotkeyEdit")
        self.hotkey_edit.setMaximumSequenceLength(1)
        self.hotkey_edit.setClearButtonEnabled(True)
        self.hotkey_edit.setToolTip(
            translate(
                "MoreFields",
                "Click here and press the keys, e.g. Ctrl+Alt+D; clear to turn the hotkey off",
            )
        )
        note = field(
            form, translate("MoreFields", "Dial &hotkey:"), "dial_hotkey", self.hotkey_edit, " "
        )
        assert isinstance(note, QLabel)
        self.hotkey = note
        self.hotkey.setObjectName("hotkeyStatus")
        self.hotkey.setWordWrap(True)
        self._saved_hotkey = ""
        if hotkey is not None:
            hotkey.status_changed.connect(lambda _s: self._show_hotkey())
            reason = hotkey.unavailable_reason()
            self.hotkey_edit.setEnabled(reason is None)
        self.hotkey_edit.keySequenceChanged.connect(lambda _k: self._show_hotkey())
        self._show_count()

    def load(self, s: Settings) -> None:
        self.region.setText(s.default_region)
        self.crm_mode.setCurrentIndex(max(0, self.crm_mode.findData(s.crm_mode)))
        self.crm_command.setText(shlex.join(s.crm_command))
        self._saved_hotkey = s.dial_hotkey
        self.hotkey_edit.setKeySequence(
            QKeySequence.fromString(s.dial_hotkey, QKeySequence.SequenceFormat.PortableText)
        )
        self._show_hotkey()

    def connect(self, changed: Callable[[str], None]) -> None:
        self.region.textChanged.connect(lambda _t: changed("default_region"))
        self.crm_mode.currentIndexChanged.connect(lambda _i: changed("crm_mode"))
        self.crm_command.textChanged.connect(lambda _t: changed("crm_command"))
        self.hotkey_edit.keySequenceChanged.connect(lambda _k: changed("dial_hotkey"))

    # -- dial hotkey ----------------------------------------------------------------
    def hotkey_text(self) -> str:
        """The recorded chord in Qt's portable text ("" when cleared)."""
        return self.hotkey_edit.keySequence().toString(QKeySequence.SequenceFormat.PortableText)

    def _hotkey_chord(self) -> str:
        """The recorded chord, canonical when it parses (as it will be stored)."""
        text = self.hotkey_text()
        try:
            chord = parse_chord(text)
        except HotkeyError:
            return text
        return chord.text if chord is not None else ""

    def hotkey_status_text(self) -> str:
        """The line under the hotkey field: what the chord does, or why it cannot."""
        reason = self._hotkey.unavailable_reason() if self._hotkey is not None else None
        if reason is not None:
            return translate("MoreFields", "Not available here: {reason}").format(
                reason=tr_text(reason)
            )
        chord = self._hotkey_chord()
        status: HotkeyStatus | None = self._hotkey.status if self._hotkey is not None else None
        if not chord:
            return translate(
                "MoreFields",
                "Click the field and press keys such as Ctrl+Alt+D. Then select "
                "or copy a number anywhere and press them to dial it.",
            )
        if status is not None and status.chord == chord and chord == self._saved_hotkey:
            return tr_text(status.message)
        return translate("MoreFields", "Save to start using {chord}.").format(chord=chord)

    def _show_hotkey(self) -> None:
        self.hotkey.setText(self.hotkey_status_text())

    def command(self) -> tuple[str, ...]:
        try:
            return tuple(shlex.split(self.crm_command.text()))
        except ValueError:
            return ()

    def apply(self, s: Settings) -> Settings:
        return replace(
            s,
            default_region=self.region.text().strip().upper(),
            crm_mode=str(self.crm_mode.currentData()),
            crm_command=self.command(),
            dial_hotkey=self._hotkey_chord(),
        )

    def problems(self) -> dict[str, str]:
        found: dict[str, str] = {}
        try:
            shlex.split(self.crm_command.text())
        except ValueError as exc:
            found["crm_command"] = translate(
                "MoreFields", "the CRM command has unbalanced quotes ({reason})"
            ).format(reason=exc)
        try:
            parse_chord(self.hotkey_text())
        except HotkeyError as exc:
            found["dial_hotkey"] = tr_text(str(exc))
        return found

    # -- contacts -------------------------------------------------------------------
    def _show_count(self) -> None:
        n = len(self._bridge.contacts)
        text = (
            translate("MoreFields", "1 contact stored (CSV or vCard files)")
            if n == 1
            else translate("MoreFields", "{count} contacts stored (CSV or vCard files)")
        )
        self.contacts_label.setText(text.format(count=n))

    def _ask_for_file(self) -> str:
        path, _ = QFileDialog.getOpenFileName(
            self._parent,
            translate("MoreFields", "Import contacts"),
            str(Path.home()),
            translate("MoreFields", "Contacts (*.csv *.vcf *.vcard *.txt);;All files (*)"),
        )
        return path

    def _ask_for_encoding(self, uncertain: EncodingUncertain) -> str | None:
        """Which reading of a file that is not UTF-8 shows the names right (None: cancel)."""
        items = [f"{r.encoding}: {' | '.join(r.samples) or r.encoding}" for r in uncertain.readings]
        item, ok = QInputDialog.getItem(
            self._parent,
            translate("MoreFields", "Import contacts"),
            translate(
                "MoreFields",
                "This file is not UTF-8, and it can be read more than one way. "
                "Choose the reading where the names look right:",
            ),
            items,
            0,
            False,
        )
        return uncertain.readings[items.index(item)].encoding if ok and item in items else None

    def import_contacts(self) -> str:
        """Ask for a file and import it; returns the message shown."""
        path = self._pick_file()
        if not path:
            return ""
        try:
            try:
                count = self._bridge.import_contacts(Path(path))
            except EncodingUncertain as uncertain:  # never guess: show the readings, ask
                encoding = self._pick_encoding(uncertain) if uncertain.readings else None
                if encoding is None:
                    raise
                count = self._bridge.import_contacts(Path(path), encoding=encoding)
        except ContactImportError as exc:
            message = translate("MoreFields", "Nothing was imported: {reason}").format(
                reason=tr_text(str(exc))
            )
            self.contacts_label.setText(message)
            self.contacts_label.setStyleSheet("color: #c5221f;")
            return message
        self.contacts_label.setStyleSheet("")
        self._show_count()
        message = translate("MoreFields", "Imported {count} contacts. {stored}").format(
            count=count, stored=self.contacts_label.text()
        )
        self.contacts_label.setText(message)
        return message


__all__ = ["MoreFields"]
