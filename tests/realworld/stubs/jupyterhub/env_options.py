# JupyterHub's env.py runs each migration in its own transaction
# (transaction_per_migration=True): 651f5419b74d inspects over a second
# connection (sa.inspect(op.get_bind().engine)) and must see the tables
# 833da8570507 dropped as gone.
OPTIONS = {"transaction_per_migration": True}
