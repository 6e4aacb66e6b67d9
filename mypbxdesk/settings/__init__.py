"""Settings: the TOML file (``config``) and where the AMI secret comes from
(``credentials``: environment, OS keyring, private file). No asyncio, no Qt.
"""
