from alembic_utils import _Entity


class PGTrigger(_Entity):
    def create_sql(self):
        return 'CREATE %sTRIGGER "%s" %s' % (
            "CONSTRAINT " if self.is_constraint else "", self.signature, self.definition)

    def drop_sql(self):
        return 'DROP TRIGGER "%s" ON %s' % (self.signature, self.on_entity)
