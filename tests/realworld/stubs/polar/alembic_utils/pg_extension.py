from alembic_utils import _Entity


class PGExtension(_Entity):
    def create_sql(self):
        return 'CREATE EXTENSION IF NOT EXISTS "%s" WITH SCHEMA %s' % (self.signature, self.schema)

    def drop_sql(self):
        return 'DROP EXTENSION "%s"' % self.signature
