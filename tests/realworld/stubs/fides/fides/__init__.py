# Stand-in for fides' application package (tests/realworld/stubhook.py): only
# what its migration scripts import; the rest is fabricated (fabricate).
