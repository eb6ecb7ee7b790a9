from letta.orm import agent, custom_columns, message  # noqa: F401  (letta.orm.X.Y in the scripts)
