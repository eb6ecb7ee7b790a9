from letta.orm.custom_columns import ToolCallColumn  # noqa: F401
