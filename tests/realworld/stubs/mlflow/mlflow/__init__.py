# Stand-in for mlflow's package: only what its migration scripts import
# (tests/realworld/stubhook.py).
