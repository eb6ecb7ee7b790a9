# Stand-in for fides.api.db.encryption_utils (as the real one builds it).
from sqlalchemy import Text
from sqlalchemy_utils.types.encrypted.encrypted_type import AesGcmEngine, StringEncryptedType

from fides.config import CONFIG


def get_encryption_key():
    return CONFIG.security.app_encryption_key


def encrypted_type(type_in=None):
    if type_in is None:
        type_in = Text()
    return StringEncryptedType(type_in=type_in, key=get_encryption_key,
                               engine=AesGcmEngine, padding="pkcs5")
