# Stand-in for quay's helper: on PostgreSQL it copies one table's rows into
# another (no schema change).
def copy_table_contents(source_table, destination_table, conn):
    conn.execute('INSERT INTO "%s" SELECT * FROM "%s"' % (destination_table, source_table))
