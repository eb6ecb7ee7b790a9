# Stand-in for mwdb-core's application package (tests/realworld/stubhook.py).
