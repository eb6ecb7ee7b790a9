class ModelVersionStatus:
    PENDING_REGISTRATION, FAILED_REGISTRATION, READY = 1, 2, 3
    _NAMES = {1: "PENDING_REGISTRATION", 2: "FAILED_REGISTRATION", 3: "READY"}

    @classmethod
    def to_string(cls, status):
        return cls._NAMES[status]
