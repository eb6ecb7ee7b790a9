# JSON columns as gnocchi/indexer/sqlalchemy_base.py defines them.
import sqlalchemy_utils


class ArchivePolicyDefinitionType(sqlalchemy_utils.JSONType):
    pass


class SetType(sqlalchemy_utils.JSONType):
    pass
