"""The UI language: Qt translators for mypbxdesk's own texts and Qt's dialogs.

Layer 4 (``mypbxdesk.ui``). English is the source language; a translation
(``translations/mypbxdesk_<locale>.qm``, compiled from
``resources/translations/*.ts`` with ``pyside6-lrelease``) is loaded when the
locale asks for it: ``--lang``, else ``MYPBXDESK_LANG``, else the system locale.
Qt's own ``qtbase_<locale>.qm`` (standard dialog buttons such as Save, Cancel,
Yes, No) is loaded from Qt's translations directory when it is there.

Texts made by the Qt-free layers below (a dial result, a connection status, a
settings problem …) are :class:`mypbxdesk.base.text.Msg`: English ``str`` that keep
their template. :func:`tr_text` shows them in the UI language; their templates
are listed for lupdate in :mod:`mypbxdesk.ui.messages` (context ``Messages``).
"""

from __future__ import annotations

import logging
import os
from importlib import resources

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from ..base.text import Msg

__all__ = [
    "LANG_ENV",
    "MESSAGES",
    "QT_TRANSLATE_NOOP",
    "install_translator",
    "remove_translators",
    "resolve_locale",
    "tr_text",
]

log = logging.getLogger("mypbxdesk.ui")

LANG_ENV = "MYPBXDESK_LANG"
#: The translation context of the lower layers' :class:`~mypbxdesk.base.text.Msg` templates.
MESSAGES = "Messages"

_installed: list[QTranslator] = []


def QT_TRANSLATE_NOOP(context: str, source: str) -> str:  # noqa: N802 - lupdate's keyword
    """Mark ``source`` for lupdate (in ``context``); translate it where it is shown.

    For module-level tables built at import time, before any translator is
    installed. PySide6's own ``QT_TRANSLATE_NOOP`` is typed as returning ``object``.
    """
    return source


def tr_text(text: str) -> str:
    """``text`` in the UI language: a :class:`~mypbxdesk.base.text.Msg` is translated, else as is.

    The template is looked up in context :data:`MESSAGES` and formatted with the
    params; params that are :class:`~mypbxdesk.base.text.Msg` are translated the same way.
    Without a translation (English, or a template the .qm lacks) this is the
    English text; a translation whose placeholders do not fit is logged and the
    English text shown. Never raises.
    """
    if not isinstance(text, Msg):
        return text
    english = str.__str__(text)  # a plain copy
    params = {
        name: tr_text(value) if isinstance(value, Msg) else value
        for name, value in text.params.items()
    }
    translated = QCoreApplication.translate(MESSAGES, text.template)
    try:
        return translated.format(**params)
    except (KeyError, IndexError, ValueError, AttributeError, TypeError):
        log.warning("the translation of %r does not fit its placeholders", text.template)
        return english


def resolve_locale(locale: str | None = None) -> str:
    """The locale to use: ``locale`` if given, else ``$MYPBXDESK_LANG``, else the system's."""
    chosen = (locale or os.environ.get(LANG_ENV, "")).strip()
    if not chosen:
        chosen = QLocale.system().name()
    return chosen.split(".", 1)[0].replace("-", "_")  # "zh_CN.UTF-8" / "zh-CN" → "zh_CN"


def _candidates(locale: str) -> list[str]:
    """``zh_CN`` → ``["zh_CN", "zh"]``: the exact locale, then its language."""
    names = [locale]
    language = locale.split("_", 1)[0]
    if language and language != locale:
        names.append(language)
    return names


def _load_app_translator(locale: str) -> QTranslator | None:
    package = resources.files("mypbxdesk.ui") / "translations"
    for name in _candidates(locale):
        resource = package / f"mypbxdesk_{name}.qm"
        if not resource.is_file():
            continue
        translator = QTranslator()
        # A real file for installed packages; zip imports get a temporary copy.
        with resources.as_file(resource) as path:
            if translator.load(str(path)):
                return translator
        log.warning("could not load the translation %s", name)
    return None


def _load_qt_translator(locale: str) -> QTranslator | None:
    directory = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name in _candidates(locale):
        translator = QTranslator()
        if translator.load(f"qtbase_{name}", directory):
            return translator
    return None


def install_translator(app: QCoreApplication, locale: str | None = None) -> str:
    """Install the translators for ``locale`` (see :func:`resolve_locale`) on ``app``.

    Call before any window is built. Returns the locale that was resolved (for
    which there may be no translation: English is shown then). Translators
    installed by an earlier call are removed first.
    """
    remove_translators(app)
    chosen = resolve_locale(locale)
    if chosen.split("_", 1)[0] in ("en", "C", "POSIX", ""):
        return chosen
    for translator in (_load_app_translator(chosen), _load_qt_translator(chosen)):
        if translator is not None and app.installTranslator(translator):
            _installed.append(translator)
    if _installed:
        log.info("UI language: %s", chosen)
    return chosen


def remove_translators(app: QCoreApplication) -> None:
    """Back to the English source texts."""
    while _installed:
        app.removeTranslator(_installed.pop())
