# Stand-in for open-webui's backend package (tests/realworld/stubhook.py):
# only what its migration scripts import.
