"""PyInstaller entry point: the same ``main`` as the ``mypbxdesk`` console script."""

import sys

from mypbxdesk.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
