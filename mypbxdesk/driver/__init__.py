"""Layer 2: the asyncio driver of the sans-IO AMI protocol.

Connection, login, keepalive, reconnect and the sleep/resume watchdog, over an
injected transport and clock (httpcore's shape), so that every timing rule is
tested on a fake clock. Imports ``mypbxdesk.ami`` and ``mypbxdesk.base``; never Qt.
"""
