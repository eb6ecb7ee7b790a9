from enum import Enum


class UserRole(Enum):  # as fittrackee/users/roles.py
    OWNER = 100
    ADMIN = 50
    MODERATOR = 30
    AUTH_USER = 20  # only for the application, never stored
    USER = 10

    @classmethod
    def values(cls):
        return [e.value for e in cls]

    @classmethod
    def db_values(cls):
        return [str(e.value) for e in cls if e.name != "AUTH_USER"]

    @classmethod
    def db_choices(cls):
        return [e.name.lower() for e in cls if e.name != "AUTH_USER"]
