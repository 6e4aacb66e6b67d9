"""The settings dialog's "Contacts, CRM and shortcuts" group.

Layer 4 (``mypbxdesk.ui``): PySide6 widgets over :class:`PbxBridge`. Split
from ``settingsdialog.py`` (which owns validation and saving) to keep both
readable; the dialog calls :meth:`MoreFields.load`, :meth:`apply` and
:meth:`problems`, and registers the fields through its ``_field`` helper so
errors show under them like everywhere else.

The CRM command is typed as one line in shell-like syntax (quotes group
words) and stored as an argument list; it is never run through a shell.
The global dial hotkey is shown as unavailable: this version has no global
hotkey (Qt has no portable API for one, and Wayland forbids them); the
tray's "Dial clipboard" is the portable way.
"""

from __future__ import annotations

import shlex
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from ..config import CRM_MODES, Settings
from ..contacts import ContactImportError, system_region
from .bridge import PbxBridge
from .i18n import QT_TRANSLATE_NOOP

CRM_MODE_LABELS = {"never": QT_TRANSLATE_NOOP("MoreFields", "Never"),
                   "on_click": QT_TRANSLATE_NOOP("MoreFields",
                                                 "When I click “Open CRM” in the pop-up"),
                   "auto": QT_TRANSLATE_NOOP("MoreFields", "Automatically when a call rings")}
translate = QCoreApplication.translate
FieldAdder = Callable[[QFormLayout, str, str, QWidget, str], object]


def hotkey_status() -> str:
    """Why there is no global dial hotkey on this platform (shown in Settings)."""
    if QGuiApplication.platformName() == "wayland":
        return translate(
            "MoreFields",
            "Not available on Wayland: Wayland does not let applications watch keys "
            "pressed in other windows. Use “Dial clipboard” in the tray menu instead.")
    return translate(
        "MoreFields",
        "Not available in this version (no global hotkey on this platform yet). "
        "Use “Dial clipboard” in the tray menu: copy or select a number, then click it.")


class MoreFields:
    """Region, CRM mode and command, contacts import, hotkey status."""

    def __init__(self, bridge: PbxBridge, parent: QWidget, field: FieldAdder,
                 form_factory: Callable[[str], tuple[QGroupBox, QFormLayout]],
                 pick_file: Callable[[], str] | None = None) -> None:
        self._bridge = bridge
        self._parent = parent
        self._pick_file = pick_file or self._ask_for_file
        self.group, form = form_factory(translate("MoreFields", "Contacts, CRM and shortcuts"))
        self.region = QLineEdit(placeholderText=translate(
            "MoreFields", "automatic ({region})").format(region=system_region()))
        self.region.setMaxLength(2)
        field(form, translate("MoreFields", "Country for &numbers:"), "default_region",
              self.region,
              translate("MoreFields",
                        "Two letters (CN, DE, US …): how numbers without a country code are "
                        "read when matching callers to contacts."))
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        self.import_button = QPushButton(translate("MoreFields", "&Import contacts…"),
                                         autoDefault=False)
        self.import_button.setObjectName("importContacts")
        self.import_button.clicked.connect(self.import_contacts)
        self.contacts_label = QLabel()
        self.contacts_label.setObjectName("contactsCount")
        self.contacts_label.setWordWrap(True)
        line.addWidget(self.import_button)
        line.addWidget(self.contacts_label, 1)
        form.addRow(translate("MoreFields", "Contacts:"), row)
        self.crm_mode = QComboBox()
        for mode in CRM_MODES:
            self.crm_mode.addItem(translate("MoreFields", CRM_MODE_LABELS[mode]), mode)
        field(form, translate("MoreFields", "Open the CRM:"), "crm_mode", self.crm_mode, "")
        self.crm_command = QLineEdit(placeholderText="/usr/bin/crm-lookup --phone {number} "
                                                     "{name}")
        field(form, translate("MoreFields", "CRM &command:"), "crm_command", self.crm_command,
              translate("MoreFields",
                        "A program to run with the caller: {number} and {name} become "
                        "separate arguments. Never run through a shell."))
        self.hotkey = QLabel(hotkey_status())
        self.hotkey.setObjectName("hotkeyStatus")
        self.hotkey.setWordWrap(True)
        form.addRow(translate("MoreFields", "Dial hotkey:"), self.hotkey)
        self._show_count()

    def load(self, s: Settings) -> None:
        self.region.setText(s.default_region)
        self.crm_mode.setCurrentIndex(max(0, self.crm_mode.findData(s.crm_mode)))
        self.crm_command.setText(shlex.join(s.crm_command))

    def connect(self, changed: Callable[[str], None]) -> None:
        self.region.textChanged.connect(lambda _t: changed("default_region"))
        self.crm_mode.currentIndexChanged.connect(lambda _i: changed("crm_mode"))
        self.crm_command.textChanged.connect(lambda _t: changed("crm_command"))

    def command(self) -> tuple[str, ...]:
        try:
            return tuple(shlex.split(self.crm_command.text()))
        except ValueError:
            return ()

    def apply(self, s: Settings) -> Settings:
        return replace(s, default_region=self.region.text().strip().upper(),
                       crm_mode=str(self.crm_mode.currentData()), crm_command=self.command())

    def problems(self) -> dict[str, str]:
        try:
            shlex.split(self.crm_command.text())
        except ValueError as exc:
            return {"crm_command": translate(
                "MoreFields", "the CRM command has unbalanced quotes ({reason})").format(
                    reason=exc)}
        return {}

    # -- contacts -------------------------------------------------------------------
    def _show_count(self) -> None:
        n = len(self._bridge.contacts)
        text = (translate("MoreFields", "1 contact stored (CSV or vCard files)") if n == 1
                else translate("MoreFields", "{count} contacts stored (CSV or vCard files)"))
        self.contacts_label.setText(text.format(count=n))

    def _ask_for_file(self) -> str:
        path, _ = QFileDialog.getOpenFileName(
            self._parent, translate("MoreFields", "Import contacts"), str(Path.home()),
            translate("MoreFields", "Contacts (*.csv *.vcf *.vcard *.txt);;All files (*)"))
        return path

    def import_contacts(self) -> str:
        """Ask for a file and import it; returns the message shown."""
        path = self._pick_file()
        if not path:
            return ""
        try:
            count = self._bridge.import_contacts(Path(path))
        except ContactImportError as exc:
            message = translate("MoreFields", "Nothing was imported: {reason}").format(
                reason=exc)
            self.contacts_label.setText(message)
            self.contacts_label.setStyleSheet("color: #c5221f;")
            return message
        self.contacts_label.setStyleSheet("")
        self._show_count()
        message = translate("MoreFields", "Imported {count} contacts. {stored}").format(
            count=count, stored=self.contacts_label.text())
        self.contacts_label.setText(message)
        return message


__all__ = ["MoreFields", "hotkey_status"]
