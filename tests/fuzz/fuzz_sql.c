/* Fuzzes the SQL of op.execute (sql_to_ops), the names of SQL it did not
 * understand (sql_names) and the type reader. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sql.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *sql = xstrndup((const char *)data, size);
    struct upgrade_effects e = {0};
    enum sql_result r = sql_to_ops(sql, 3, &e);
    if (r == SQL_NOT_UNDERSTOOD && e.n_ops != 0)
        abort(); /* not understood must add nothing */
    if (r == SQL_DATA_ONLY && e.n_ops != 0)
        abort();
    for (size_t i = 0; i < e.n_ops; i++) {
        const struct schema_op *o = &e.ops[i];
        if (o->line != 3 || o->kind < OP_CREATE || (unsigned)o->obj >= OBJ_KIND_COUNT)
            abort();
        /* Every name the server would store fits its 63 bytes. */
        const char *names[] = {o->schema, o->table, o->name};
        for (size_t k = 0; k < 3; k++)
            if (names[k] && strlen(names[k]) > PG_NAME_MAX && !(o->obj == OBJ_FUNCTION && k == 2))
                abort();
    }
    upgrade_effects_free(&e);
    struct strvec names = {0};
    if (sql_names(sql, 16, &names) > 17)
        abort(); /* one past the bound at most */
    for (size_t i = 0; i < names.n; i++)
        if (!names.v[i][0] || strlen(names.v[i]) > PG_NAME_MAX)
            abort(); /* names are the lexer's: non-empty, cut to 63 bytes */
    sv_free(&names);
    free(sql_canonical_type(sql, 1));
    free(sql);
    return 0;
}
