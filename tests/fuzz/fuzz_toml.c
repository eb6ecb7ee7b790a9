/* Fuzzes the TOML reader: [tool.alembic] of any input, and %(here)s on every
 * string it keeps. An error must name the file and a line; a success keeps
 * only strings that hold no NUL and are no longer than the input. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "toml.h"

static void check_string(const char *s, size_t size)
{
    if (!s || strlen(s) > size)
        abort();
    char err[256];
    char *v = toml_interpolate(s, "/here", err, sizeof err);
    if (!v && !err[0])
        abort();
    free(v);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const want[] = {"tool", "alembic"};
    struct toml_table t;
    char err[512] = "";
    if (toml_read_table((const char *)data, size, "pyproject.toml", want, 2, &t, err, sizeof err) != 0) {
        if (strncmp(err, "pyproject.toml:", 15) != 0 || t.n || t.e)
            abort();
        return 0;
    }
    for (size_t i = 0; i < t.n; i++) {
        const struct toml_entry *e = &t.e[i];
        if (e->line < 1 || toml_get(&t, e->key) != e)
            abort();
        if (e->type == TOML_STRING)
            check_string(e->str, size);
        for (size_t k = 0; e->type == TOML_STRING_ARRAY && k < e->n_items; k++)
            check_string(e->items[k], size);
        if (e->type == TOML_STRING_ARRAY && e->items[e->n_items])
            abort();
    }
    toml_table_free(&t);
    return 0;
}
