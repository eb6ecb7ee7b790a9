# Stand-in for dify's libs.uuid_utils (data migrations over zero rows call it).
import uuid


def uuidv7(timestamp_ms=None):
    return uuid.uuid4()
