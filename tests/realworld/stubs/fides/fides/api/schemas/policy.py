# Stand-in for fides.api.schemas.policy (a data migration binds ActionType.erasure.value).
from enum import Enum


class ActionType(str, Enum):
    access = "access"
    consent = "consent"
    erasure = "erasure"
    update = "update"
