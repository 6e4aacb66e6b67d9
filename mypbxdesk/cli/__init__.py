"""The command line: ``mypbxdesk`` (the app), ``dial``, ``monitor``, ``history``,
``contacts``, ``simulate`` … (``main``), and its desktop-side helpers (``desktop``).
"""
