"""Layer 0: stdlib-only helpers that every layer may use.

``text`` (translatable sentences), ``numbers`` (cleaning and checking what a
user dials) and ``logsetup`` (logging with the secret redacted). Nothing here
imports any other part of mypbxdesk, asyncio or Qt.
"""
