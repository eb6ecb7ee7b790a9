#!/usr/bin/python3
"""Runs Alembic with its version directory listed in sorted order.

SPEC section 5 reads revision files in sorted order. Debian's Alembic 1.8.1
lists them in directory order (os.listdir), which on most file systems is
hash order, so its `heads` and `history` order for graphs with several heads
or branches would change with the file system. This wrapper gives Alembic
the same sorted listing; nothing else about Alembic is changed.
Usage: alembic_sorted.py ALEMBIC-ARGS...
"""
import os
import sys

_listdir = os.listdir


def sorted_listdir(path="."):
    return sorted(_listdir(path))


os.listdir = sorted_listdir
from alembic.config import main  # noqa: E402

sys.exit(main(argv=sys.argv[1:], prog="alembic"))
