import datetime
import uuid


def utcnow():
    return datetime.datetime.utcnow()


def ResourceUUID(value, creator):  # only called on existing rows
    return uuid.uuid5(uuid.NAMESPACE_URL, "%s\x00%s" % (creator, value))
