"""letta.orm.custom_columns: JSON-backed TypeDecorators (impl = JSON, as the
real ones), CommonVector on BINARY (bytea)."""
from sqlalchemy import JSON
from sqlalchemy.types import BINARY, TypeDecorator


class LLMConfigColumn(TypeDecorator):
    impl = JSON
    cache_ok = True


class EmbeddingConfigColumn(TypeDecorator):
    impl = JSON
    cache_ok = True


class CompactionSettingsColumn(TypeDecorator):
    impl = JSON
    cache_ok = True


class ToolRulesColumn(TypeDecorator):
    impl = JSON
    cache_ok = True


class ToolCallColumn(TypeDecorator):
    impl = JSON
    cache_ok = True


class ToolReturnColumn(TypeDecorator):
    impl = JSON
    cache_ok = True


class ApprovalsColumn(TypeDecorator):
    impl = JSON
    cache_ok = True


class MessageContentColumn(TypeDecorator):
    impl = JSON
    cache_ok = True


class CreateBatchResponseColumn(TypeDecorator):
    impl = JSON
    cache_ok = True


class PollBatchResponseColumn(TypeDecorator):
    impl = JSON
    cache_ok = True


class BatchRequestResultColumn(TypeDecorator):
    impl = JSON
    cache_ok = True


class AgentStepStateColumn(TypeDecorator):
    impl = JSON
    cache_ok = True


class ResponseFormatColumn(TypeDecorator):
    impl = JSON
    cache_ok = True


class MCPStdioServerConfigColumn(TypeDecorator):
    impl = JSON
    cache_ok = True


class CommonVector(TypeDecorator):
    impl = BINARY
    cache_ok = True
