/* catalog_read: the gate's own catalog reader (db.c) on names given by hand,
 * for tests of the kinds no extractor may mention yet. Prints what it read,
 * one object a line as the gate's -v log does ("kind schema.name {k=v ...}"),
 * then "unmentioned: <object>" lines and "unmentioned_total: N[+]".
 *
 * Usage: catalog_read URL [KIND:SCHEMA:TABLE:NAME ...]  (empty fields: none;
 * SCHEMA empty is the connection's default schema). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "dburl.h"
#include "objects.h"
#include "scope.h"
#include "util.h"

static char *part(char **p)
{
    char *s = *p, *colon = s ? strchr(s, ':') : NULL;
    if (colon)
        *colon = '\0';
    *p = colon ? colon + 1 : NULL;
    return s && *s ? s : NULL;
}

int main(int argc, char **argv)
{
    char err[1024];
    struct conninfo ci = {0};
    struct db *db = NULL;
    /* As the gate does: no readiness query of its own, and names in the
     * default schema paired with SCOPE_DEFAULT_SCHEMA for the read to resolve. */
    const char *dflt = SCOPE_DEFAULT_SCHEMA;
    if (argc < 2 || conninfo_from_url(argv[1], "URL", &ci, err, sizeof err) != 0 ||
        db_connect(&ci, 10, -1, 0, NULL, &db, err, sizeof err) != DB_OK) {
        fprintf(stderr, "catalog_read: %s\n", argc < 2 ? "usage: catalog_read URL [KIND:SCHEMA:TABLE:NAME ...]" : err);
        return 2;
    }
    struct scope sc = {0};
    scope_add(&sc, OBJ_SCHEMA, dflt, NULL, NULL);
    for (int i = 2; i < argc; i++) {
        char *copy = xstrdup(argv[i]), *p = copy;
        char *kind = part(&p), *schema = part(&p), *table = part(&p), *name = part(&p);
        int k = kind ? obj_kind_from_name(kind) : -1;
        if (k < 0) {
            fprintf(stderr, "catalog_read: %s: no such kind\n", argv[i]);
            return 2;
        }
        scope_add(&sc, (enum obj_kind)k, schema ? schema : dflt, table, name);
        free(copy);
    }
    struct catalog cat = {0};
    struct version_record ver = {0};
    if (db_read_state(db, NULL, "alembic_version", &sc, &cat, &ver, err, sizeof err) != DB_OK) {
        fprintf(stderr, "catalog_read: %s\n", err);
        return 1;
    }
    for (size_t i = 0; i < cat.n; i++) {
        char *d = db_object_describe(&cat.objs[i]);
        char *a = xstrdup(cat.objs[i].attrs ? cat.objs[i].attrs : "");
        for (char *c = a; *c; c++)
            if (*c == '\n')
                *c = ' ';
        printf("%s {%s}\n", d, a);
        free(d);
        free(a);
    }
    for (size_t i = 0; i < cat.unmentioned.n; i++)
        printf("unmentioned: %s\n", cat.unmentioned.v[i]);
    printf("unmentioned_total: %zu%s\n", cat.unmentioned_total, cat.unmentioned_truncated ? "+" : "");
    catalog_free(&cat);
    version_record_free(&ver);
    scope_free(&sc);
    conninfo_free(&ci);
    db_close(db);
    return 0;
}
