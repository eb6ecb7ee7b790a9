# As fief/crypto/encryption.py: sqlalchemy-utils' StringEncryptedType over Text.
from sqlalchemy import Text
from sqlalchemy_utils.types.encrypted.encrypted_type import (
    StringEncryptedType as BaseStringEncryptedType,
)


class StringEncryptedType(BaseStringEncryptedType):
    impl = Text
