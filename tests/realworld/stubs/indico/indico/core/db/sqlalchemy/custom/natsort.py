SQL_FUNCTION_NATSORT = '''
    CREATE FUNCTION indico.natsort(value TEXT)
        RETURNS bytea
    AS $$
    SELECT string_agg(
        convert_to(coalesce(r[2], length(length(r[1])::text) || length(r[1])::text || r[1]), 'SQL_ASCII'),
        ' '
    )
    FROM regexp_matches(value, '0*([0-9]+)|([^0-9]+)', 'g') r;
    $$
    LANGUAGE SQL IMMUTABLE STRICT;
'''
