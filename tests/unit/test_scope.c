/* Unit tests of scope.c: the names the catalog reader looks up, per list,
 * from ops built by hand the way the extractors make them. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "graph.h"
#include "ops.h"
#include "scope.h"
#include "script.h"
#include "util.h"

struct fixture {
    struct script_set s;
    struct graph g;
    struct scope sc;
};

static struct upgrade_effects *one_rev(struct fixture *f)
{
    xgrow(&f->s.revs, &f->s.cap, f->s.n + 1, sizeof *f->s.revs);
    struct revision *r = &f->s.revs[f->s.n++];
    memset(r, 0, sizeof *r);
    return &r->effects;
}

static void compute(struct fixture *f, const char *dflt)
{
    f->g.scripts = &f->s;
    f->g.n = f->s.n;
    scope_compute(&f->g, dflt, &f->sc);
}

static void teardown(struct fixture *f)
{
    for (size_t i = 0; i < f->s.n; i++)
        upgrade_effects_free(&f->s.revs[i].effects);
    free(f->s.revs);
    scope_free(&f->sc);
}

/* "schema.name" pairs of one list, ","-joined, in order of first mention. */
static char *pairs(const struct scope *sc, enum scope_list l)
{
    struct strbuf b = {0};
    for (size_t i = 0; i < sc->lists[l].names.n; i++)
        sb_appendf(&b, "%s%s.%s", i ? "," : "", sc->lists[l].schemas.v[i], sc->lists[l].names.v[i]);
    return sb_take(&b);
}

static void check_list(const struct scope *sc, enum scope_list l, const char *want)
{
    char *got = pairs(sc, l);
    CHECK_STR(got, want);
    free(got);
}

static void first_model_ops_name_their_tables_and_indexes(void)
{
    struct fixture f = {0};
    struct upgrade_effects *e = one_rev(&f);
    upgrade_effects_add(e, OP_CREATE_TABLE, NULL, "users", NULL, NULL, 1);
    upgrade_effects_add(e, OP_ADD_COLUMN, NULL, "legacy", "x", NULL, 2);
    upgrade_effects_add(e, OP_CREATE_INDEX, "audit", "events", "ix_events_at", NULL, 3);
    upgrade_effects_add(e, OP_RENAME_TABLE, NULL, "users", NULL, "accounts", 4);
    upgrade_effects_add(e, OP_CREATE_SCHEMA, NULL, NULL, "tenant", NULL, 5);
    compute(&f, "public");
    check_list(&f.sc, SCOPE_RELATION, "public.users,public.legacy,audit.events,audit.ix_events_at,public.accounts");
    CHECK_INT(f.sc.schemas.n, 3);
    CHECK_STR(f.sc.schemas.v[0], "public");
    CHECK_STR(f.sc.schemas.v[1], "audit");
    CHECK_STR(f.sc.schemas.v[2], "tenant");
    teardown(&f);
}

static void generic_ops_fill_each_list(void)
{
    struct fixture f = {0};
    struct upgrade_effects *e = one_rev(&f);
    upgrade_effects_add_obj(e, OP_CREATE, OBJ_CONSTRAINT, NULL, "orders", "fk_orders_user", NULL, NULL, 0, 1);
    upgrade_effects_add_obj(e, OP_CREATE, OBJ_TYPE, NULL, NULL, "mood", NULL, "values=a,b", 0, 2);
    upgrade_effects_add_obj(e, OP_CREATE, OBJ_FUNCTION, "app", NULL, "touch(integer,text)", NULL, NULL, 0, 3);
    upgrade_effects_add_obj(e, OP_CREATE, OBJ_FUNCTION, "app", NULL, "touch()", NULL, NULL, 0, 4);
    upgrade_effects_add_obj(e, OP_CREATE, OBJ_TRIGGER, NULL, "orders", "trg_touch", NULL, NULL, 0, 5);
    upgrade_effects_add_obj(e, OP_CREATE, OBJ_EXTENSION, NULL, NULL, "pg_trgm", NULL, NULL, 0, 6);
    upgrade_effects_add_obj(e, OP_CREATE, OBJ_SEQUENCE, NULL, NULL, "order_no", NULL, "table=orders", 0, 7);
    upgrade_effects_add_obj(e, OP_RENAME, OBJ_VIEW, NULL, NULL, "v_old", "v_new", NULL, 0, 8);
    upgrade_effects_add_obj(e, OP_CREATE, OBJ_TABLE, NULL, "items", NULL, NULL, NULL, 0, 9);
    compute(&f, "public");
    check_list(&f.sc, SCOPE_RELATION, "public.orders,public.order_no,public.v_old,public.v_new,public.items");
    check_list(&f.sc, SCOPE_CONSTRAINT, "public.fk_orders_user");
    check_list(&f.sc, SCOPE_TYPE, "public.mood");
    check_list(&f.sc, SCOPE_FUNCTION, "app.touch");
    CHECK_INT(f.sc.extensions.n, 1);
    CHECK_STR(f.sc.extensions.v[0], "pg_trgm");
    CHECK(sv_contains(&f.sc.schemas, "app"));
    teardown(&f);
}

static void a_touch_of_any_kind_looks_its_name_up_everywhere(void)
{
    struct fixture f = {0};
    struct upgrade_effects *e = one_rev(&f);
    upgrade_effects_add_obj(e, OP_TOUCH, OBJ_KIND_COUNT, NULL, NULL, "thing", NULL, NULL, OPF_MAYBE, 1);
    upgrade_effects_add_obj(e, OP_TOUCH, OBJ_KIND_COUNT, NULL, NULL, NULL, NULL, NULL, OPF_MAYBE, 2);
    compute(&f, "s");
    for (int l = 0; l < SCOPE_LIST_COUNT; l++)
        check_list(&f.sc, (enum scope_list)l, "s.thing");
    CHECK_INT(f.sc.extensions.n, 1);
    teardown(&f);
}

static void names_are_listed_once(void)
{
    struct fixture f = {0};
    for (int i = 0; i < 3; i++) {
        struct upgrade_effects *e = one_rev(&f);
        upgrade_effects_add(e, OP_ADD_COLUMN, NULL, "users", "c", NULL, 1);
        upgrade_effects_add(e, OP_ADD_COLUMN, "other", "users", "c", NULL, 2);
    }
    compute(&f, "public");
    check_list(&f.sc, SCOPE_RELATION, "public.users,other.users");
    teardown(&f);
}

/* Computed before the default schema is known, then resolved: an op that
 * named the default schema and one that named none become one name. */
static void the_default_schema_is_resolved_later(void)
{
    struct fixture f = {0};
    struct upgrade_effects *e = one_rev(&f);
    upgrade_effects_add(e, OP_ADD_COLUMN, NULL, "users", "c", NULL, 1);
    upgrade_effects_add(e, OP_ADD_COLUMN, "app", "users", "c", NULL, 2);
    upgrade_effects_add(e, OP_ADD_COLUMN, "other", "users", "c", NULL, 3);
    upgrade_effects_add_obj(e, OP_CREATE, OBJ_TYPE, NULL, NULL, "mood", NULL, NULL, 0, 4);
    upgrade_effects_add_obj(e, OP_CREATE, OBJ_TYPE, "app", NULL, "mood", NULL, NULL, 0, 5);
    upgrade_effects_add_obj(e, OP_CREATE, OBJ_EXTENSION, NULL, NULL, "pg_trgm", NULL, NULL, 0, 6);
    compute(&f, SCOPE_DEFAULT_SCHEMA);
    check_list(&f.sc, SCOPE_RELATION, ".users,app.users,other.users");
    struct scope r;
    scope_resolve_default(&f.sc, "app", &r);
    check_list(&r, SCOPE_RELATION, "app.users,other.users");
    check_list(&r, SCOPE_TYPE, "app.mood");
    CHECK_INT(r.schemas.n, 2);
    CHECK_STR(r.schemas.v[0], "app");
    CHECK_STR(r.schemas.v[1], "other");
    CHECK_INT(r.extensions.n, 1);
    scope_free(&r);
    teardown(&f);
}

int main(void)
{
    RUN(first_model_ops_name_their_tables_and_indexes);
    RUN(generic_ops_fill_each_list);
    RUN(a_touch_of_any_kind_looks_its_name_up_everywhere);
    RUN(names_are_listed_once);
    RUN(the_default_schema_is_resolved_later);
    return check_exit();
}
