"""The enums the migrations read (mlflow.entities: RunStatus, ViewType)."""


class RunStatus:
    RUNNING, SCHEDULED, FINISHED, FAILED, KILLED = 1, 2, 3, 4, 5
    _NAMES = {1: "RUNNING", 2: "SCHEDULED", 3: "FINISHED", 4: "FAILED", 5: "KILLED"}

    @classmethod
    def to_string(cls, status):
        return cls._NAMES[status]


class ViewType:
    ACTIVE_ONLY, DELETED_ONLY, ALL = 1, 2, 3
