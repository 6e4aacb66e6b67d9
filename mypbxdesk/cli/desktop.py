"""Command-line parts for the desktop: contacts, handler registration, self-test.

Composition root for ``mypbxdesk contacts …``, ``mypbxdesk --register-handlers``
and the hidden ``mypbxdesk --self-test`` that packaged builds run to prove Qt
and the app's modules load (packaging/build-linux.sh). Split from
:mod:`mypbxdesk.cli` to keep both files readable; exit codes are the same.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .. import __version__
from ..base.text import display_text
from ..settings.config import ConfigError, data_dir, load_settings
from .lineout import LineOutput
from .stderr import error as _error

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def contacts_path() -> Path:
    return data_dir() / "contacts.json"


def run_contacts(args: argparse.Namespace) -> int:
    from ..contacts.book import ContactBook, ContactImportError

    try:
        region = load_settings(args.config, missing_ok=args.config is None).default_region
        book = ContactBook.open(contacts_path(), region)
        if args.contacts_command == "import":
            count = book.import_file(args.file, replace=args.replace, encoding=args.encoding)
            print(f"Imported {count} contacts from {args.file}; {len(book)} stored.")
        elif args.contacts_command == "lookup":
            name = book.lookup(args.number)
            if name is None:
                _error(f"no contact for {args.number}")
                return EXIT_FAILED
            print(name)
        else:
            # A name is shown through the one sanitiser (an imported file may hold
            # control characters); `contacts list | head` ends quietly.
            out = LineOutput()
            for contact in book.contacts:
                if not out.write(f"{display_text(contact.name)}\t{', '.join(contact.numbers)}"):
                    break
    except (ConfigError, ContactImportError) as exc:
        _error(str(exc))
        return EXIT_USAGE
    return EXIT_OK


def run_register_handlers() -> int:
    if sys.platform != "linux" and not sys.platform.startswith("freebsd"):
        _error(
            "--register-handlers is for Linux; the Windows installer and the macOS app "
            "bundle register the tel:, callto: and sip: handlers themselves"
        )
        return EXIT_USAGE
    from ..desktop.handlers import register_handlers

    try:
        for line in register_handlers():
            print(line)
    except OSError as exc:
        _error(f"cannot register: {exc}")
        return EXIT_FAILED
    return EXIT_OK


def run_self_test() -> int:
    """For packaged builds: Qt, the app's modules and phone numbers load; then exit."""
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    from ..contacts import book as contacts
    from ..ui import app as _app  # noqa: F401 - the import is the test
    from ..ui import icons

    qapp = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(qapp, QApplication)
    qapp.setWindowIcon(icons.app_icon())  # QPainter rendering works
    key = contacts.match_key("+86 138 0601 2345", "CN")
    ok = (
        key == "+8613806012345"
        and QGuiApplication.platformName() != ""
        and not qapp.windowIcon().isNull()
    )
    print(
        f"mypbxdesk {__version__} self-test {'ok' if ok else 'FAILED'}: "
        f"Qt platform {QGuiApplication.platformName()}, {key}",
        flush=True,
    )
    return EXIT_OK if ok else EXIT_FAILED
