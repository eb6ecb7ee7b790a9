from alembic_utils import _Entity


class PGFunction(_Entity):
    def create_sql(self):
        return "CREATE FUNCTION %s.%s %s" % (self.schema, self.signature, self.definition)

    def drop_sql(self):
        return "DROP FUNCTION %s.%s" % (self.schema, self.signature.split("(")[0])
