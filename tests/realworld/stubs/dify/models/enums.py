# Stand-in for dify's models.enums: the two enums 669ffd70119c (introduce
# trigger) passes to EnumText (only their values' lengths matter there).
from enum import StrEnum


class AppTriggerStatus(StrEnum):
    ENABLED = "enabled"
    DISABLED = "disabled"
    UNAUTHORIZED = "unauthorized"
    RATE_LIMITED = "rate_limited"


class AppTriggerType(StrEnum):
    TRIGGER_WEBHOOK = "trigger-webhook"
    TRIGGER_SCHEDULE = "trigger-schedule"
    TRIGGER_PLUGIN = "trigger-plugin"
    UNKNOWN = "unknown"
