from letta.orm.custom_columns import ToolRulesColumn  # noqa: F401
