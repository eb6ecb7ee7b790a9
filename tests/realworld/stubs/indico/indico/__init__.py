# Stand-in for Indico's package: only what its migration scripts import
# (tests/realworld/stubhook.py). Indico keeps no migration that creates its
# schema: baseline.sql beside this directory stands for `indico db prepare`.
