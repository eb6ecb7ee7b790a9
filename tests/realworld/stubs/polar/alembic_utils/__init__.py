"""Stand-in for alembic_utils (not in Debian): the entity classes the squash
migration uses and op.create_entity / op.drop_entity, with the SQL
alembic_utils emits on PostgreSQL."""
from alembic.operations import MigrateOperation, Operations
from sqlalchemy import text


class _Entity:
    def __init__(self, schema, signature, definition="", on_entity=None, is_constraint=False):
        self.schema = schema
        self.signature = signature
        self.definition = definition
        self.on_entity = on_entity
        self.is_constraint = is_constraint


@Operations.register_operation("create_entity")
class CreateEntityOp(MigrateOperation):
    def __init__(self, target):
        self.target = target

    @classmethod
    def create_entity(cls, operations, target, **kw):
        return operations.invoke(cls(target))


@Operations.register_operation("drop_entity")
class DropEntityOp(MigrateOperation):
    def __init__(self, target):
        self.target = target

    @classmethod
    def drop_entity(cls, operations, target, **kw):
        return operations.invoke(cls(target))


@Operations.implementation_for(CreateEntityOp)
def _create(operations, op):
    operations.execute(text(op.target.create_sql()))


@Operations.implementation_for(DropEntityOp)
def _drop(operations, op):
    operations.execute(text(op.target.drop_sql()))
