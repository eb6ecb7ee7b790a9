/* explain.c: the gate's model of each revision, printed for an operator
 * (text) or a tool (JSON). Each revision becomes one `struct rev_view`
 * (effects, verdict) and is then written by the chosen format. */
#include "explain.h"

#include <stdlib.h>
#include <string.h>

#include "show.h"
#include "util.h"

/* ---- one effect, whatever op kind produced it ---- */

struct effect_view {
    const char *verb;     /* create, drop, rename, alter, touch */
    enum obj_kind kind;
    const char *schema, *table, *name, *new_name;
    const char *attrs;
    unsigned flags;
    int line;
    char *const *columns; /* the first model's create_table lists its columns */
    size_t n_columns;
};

/* The first model's op kinds, as the generic verb and object kind they are. */
static const struct {
    enum op_kind op;
    const char *verb;
    enum obj_kind kind;
} legacy_ops[] = {
    {OP_CREATE_TABLE, "create", OBJ_TABLE},   {OP_DROP_TABLE, "drop", OBJ_TABLE},
    {OP_RENAME_TABLE, "rename", OBJ_TABLE},   {OP_ADD_COLUMN, "create", OBJ_COLUMN},
    {OP_DROP_COLUMN, "drop", OBJ_COLUMN},     {OP_RENAME_COLUMN, "rename", OBJ_COLUMN},
    {OP_CREATE_INDEX, "create", OBJ_INDEX},   {OP_DROP_INDEX, "drop", OBJ_INDEX},
    {OP_CREATE_SCHEMA, "create", OBJ_SCHEMA},
};

static struct effect_view view_of(const struct schema_op *op)
{
    struct effect_view v = {op_kind_name(op->kind), op->obj, op->schema, op->table, op->name,
                            op->new_name, op->attrs, op->flags, op->line, op->columns, op->n_columns};
    for (size_t i = 0; i < sizeof legacy_ops / sizeof legacy_ops[0]; i++) {
        if (legacy_ops[i].op != op->kind)
            continue;
        v.verb = legacy_ops[i].verb;
        v.kind = legacy_ops[i].kind;
        if (v.kind == OBJ_SCHEMA) { /* the first model kept a schema's name in name */
            v.schema = op->name;
            v.name = NULL;
        } else if (v.kind == OBJ_INDEX) { /* an index's table is an attribute */
            v.table = NULL;
        }
    }
    return v;
}

static int certain(const struct effect_view *v)
{
    return strcmp(v->verb, "touch") != 0 && !(v->flags & (OPF_MAYBE | OPF_AT_IMPORT));
}

int explain_is_unobservable(const struct upgrade_effects *e)
{
    if (e->effect == EFFECT_EMPTY)
        return 0;
    for (size_t i = 0; i < e->n_ops; i++) {
        struct effect_view v = view_of(&e->ops[i]);
        if (certain(&v))
            return 0;
    }
    return 1;
}

/* "table public.users", "column public.users.email", "index public.ix",
 * "schema audit", "extension pg_trgm"; a touch's missing parts are "(any)". */
static char *object_text(enum obj_kind kind, const char *schema, const char *table, const char *name)
{
    const struct obj_kind_info *ki = obj_kind_info(kind);
    struct strbuf b = {0};
    if (!ki) {
        sb_appendf(&b, "anything named %s", name ? name : table ? table : "(any)");
        return sb_take(&b);
    }
    sb_appendf(&b, "%s ", ki->name);
    if (kind == OBJ_SCHEMA) {
        sb_append(&b, schema ? schema : "(any)");
    } else if (kind == OBJ_EXTENSION) {
        sb_append(&b, name ? name : "(any)");
    } else {
        if (schema) /* else the connection's default schema, unknown without a database */
            sb_appendf(&b, "%s.", schema);
        if (kind == OBJ_TABLE)
            sb_append(&b, table ? table : "(any)");
        else if (ki->in_table)
            sb_appendf(&b, "%s.%s", table ? table : "(any)", name ? name : "(any)");
        else
            sb_append(&b, name ? name : "(any)");
    }
    return sb_take(&b);
}

/* ---- the catalog, by identity ---- */

static char *identity_key(enum obj_kind kind, const char *schema, const char *table, const char *name)
{
    const struct obj_kind_info *ki = obj_kind_info(kind);
    int with_table = kind == OBJ_TABLE || (ki && ki->in_table);
    int with_name = kind != OBJ_TABLE && kind != OBJ_SCHEMA;
    return xasprintf("%d\x1f%s\x1f%s\x1f%s", (int)kind, kind == OBJ_EXTENSION || !schema ? "" : schema,
                     with_table && table ? table : "", with_name && name ? name : "");
}

static void catalog_index(const struct catalog *cat, struct strmap *m)
{
    for (size_t i = 0; i < cat->n; i++) {
        const struct db_object *o = &cat->objs[i];
        char *k = identity_key(o->kind, o->schema, o->table, o->name);
        strmap_put(m, k, i);
        free(k);
    }
}

/* 1 present, 0 absent, -1 when the question has no one answer (a touch). */
static int in_catalog(const struct strmap *m, const struct effect_view *v, const char *dflt)
{
    if (strcmp(v->verb, "touch") == 0 || !obj_kind_info(v->kind))
        return -1;
    const char *name = v->name, *table = v->table;
    if (strcmp(v->verb, "rename") == 0 && v->new_name) { /* what the rename leaves behind */
        if (v->kind == OBJ_TABLE)
            table = v->new_name;
        else
            name = v->new_name;
    }
    const char *schema = v->schema ? v->schema : dflt;
    if (v->kind == OBJ_SCHEMA && strcmp(v->verb, "rename") == 0 && v->new_name)
        schema = v->new_name;
    char *k = identity_key(v->kind, schema, table, name);
    size_t ignored;
    int found = strmap_get(m, k, &ignored);
    free(k);
    return found;
}

/* ---- one revision's verdict ---- */

enum verdict { V_NONE, V_APPLIED, V_NOT_APPLIED, V_CANNOT_TELL };

static const char *const verdict_names[] = {"", "applied", "not applied", "cannot tell"};
static const char *const verdict_json[] = {"", "applied", "not_applied", "cannot_tell"};

/* How many of the diagnosis's candidate sets contain each revision. */
static size_t *membership(const struct graph *g, const struct diagnosis *d)
{
    size_t *count = xcalloc(g->n ? g->n : 1, sizeof *count);
    unsigned char *mark = xmalloc(g->n ? g->n : 1);
    size_t *heads = xmalloc((g->n ? g->n : 1) * sizeof *heads);
    for (size_t c = 0; c < d->n_candidates; c++) {
        size_t nh = 0;
        for (size_t i = 0; i < d->candidates[c].n; i++)
            if (nh < g->n && graph_lookup(g, d->candidates[c].v[i], &heads[nh]) == LOOKUP_FOUND)
                nh++;
        memset(mark, 0, g->n ? g->n : 1);
        graph_ancestors(g, heads, nh, 1, mark);
        for (size_t r = 0; r < g->n; r++)
            count[r] += mark[r];
    }
    free(mark);
    free(heads);
    return count;
}

static enum verdict verdict_of(const struct diagnosis *d, size_t count, char *why, size_t whylen)
{
    size_t n = d->n_candidates;
    if (n == 0) {
        snprintf(why, whylen, "no set of revisions explains the schema (state %s)", gate_state_name(d->state));
        return V_CANNOT_TELL;
    }
    if (d->candidates_truncated) {
        snprintf(why, whylen, "the search for sets that explain the schema stopped after %zu; others may "
                 "differ here", n);
        return V_CANNOT_TELL;
    }
    if (count == n) {
        snprintf(why, whylen, "in %s explaining the schema", n == 1 ? "the one set of revisions" : "every set");
        return V_APPLIED;
    }
    if (count == 0) {
        snprintf(why, whylen, "in no set of revisions explaining the schema");
        return V_NOT_APPLIED;
    }
    snprintf(why, whylen, "in %zu of the %zu sets of revisions explaining the schema", count, n);
    return V_CANNOT_TELL;
}

/* ---- writers ---- */

static const struct {
    unsigned flag;
    const char *text;
} flag_names[] = {{OPF_IF_EXISTS, "if exists"}, {OPF_IF_NOT_EXISTS, "if not exists"},
                  {OPF_OR_REPLACE, "or replace"}, {OPF_CASCADE, "cascade"}, {OPF_MAYBE, "maybe"}, {OPF_GUARDED, "guarded"},
                  {OPF_AT_IMPORT, "at import"}, {OPF_DROP_ONLY, "drop only"}};

struct writer {
    FILE *out;
    const struct graph *g;
    const struct strmap *cat; /* NULL without a database */
    const char *dflt;         /* the default schema, when known */
    int json;
    size_t written;           /* revisions written so far (JSON commas) */
};

static const char *effect_word(enum rev_effect e)
{
    return e == EFFECT_EMPTY ? "empty" : e == EFFECT_OPAQUE ? "opaque" : "observable";
}

static void text_effect(struct writer *w, const struct revision *rev, const struct effect_view *v)
{
    char *obj = object_text(v->kind, v->schema ? v->schema : w->dflt, v->table, v->name);
    struct strbuf b = {0};
    sb_appendf(&b, "  %s %s", v->verb, obj);
    if (v->new_name)
        sb_appendf(&b, " -> %s", v->new_name);
    for (size_t k = 0; k < v->n_columns; k++)
        sb_appendf(&b, "%s%s%s", k ? ", " : " (columns ", v->columns[k], k + 1 == v->n_columns ? ")" : "");
    for (size_t k = 0; k < sizeof flag_names / sizeof flag_names[0]; k++)
        if (v->flags & flag_names[k].flag)
            sb_appendf(&b, " [%s]", flag_names[k].text);
    if (v->attrs) {
        sb_append(&b, " (");
        for (const char *p = v->attrs; *p; p++) {
            if (*p == '\n')
                sb_append(&b, ", ");
            else
                sb_appendc(&b, *p);
        }
        sb_append(&b, ")");
    }
    sb_appendf(&b, "  %s:%d", rev->path, v->line);
    if (w->cat) {
        int has = in_catalog(w->cat, v, w->dflt);
        if (has >= 0)
            sb_appendf(&b, "  catalog: %s", has ? "has it" : "does not have it");
    }
    fprintf(w->out, "%s\n", b.s);
    sb_free(&b);
    free(obj);
}

static void text_revision(struct writer *w, size_t r, enum verdict vd, const char *why)
{
    const struct revision *rev = &w->g->scripts->revs[r];
    const struct upgrade_effects *e = &rev->effects;
    fprintf(w->out, "%s%s %s\n", rev->id, w->g->nodes[r].n_children ? "" : " (head)", rev->doc);
    if (vd != V_NONE)
        fprintf(w->out, "  %s: %s\n", verdict_names[vd], why);
    if (e->effect == EFFECT_EMPTY)
        fprintf(w->out, "  nothing: upgrade() provably does nothing  %s\n", rev->path);
    for (size_t i = 0; i < e->n_ops; i++) {
        struct effect_view v = view_of(&e->ops[i]);
        text_effect(w, rev, &v);
    }
    if (e->effect == EFFECT_OPAQUE)
        fprintf(w->out, "  cannot see: %s  %s\n", e->opaque_reason ? e->opaque_reason : "(no reason given)",
                rev->path);
    else if (e->effect == EFFECT_OBSERVABLE && e->n_ops == 0)
        fprintf(w->out, "  cannot see: every statement is understood and none changes what the catalog shows  "
                        "%s\n", rev->path);
    fputc('\n', w->out);
}

static void json_effect(struct writer *w, struct strbuf *b, const struct effect_view *v)
{
    char *obj = object_text(v->kind, v->schema ? v->schema : w->dflt, v->table, v->name);
    sb_append(b, "{\"verb\":");
    sb_append_json_string(b, v->verb);
    sb_append(b, ",\"kind\":");
    sb_append_json_string(b, obj_kind_info(v->kind) ? obj_kind_name(v->kind) : "any");
    sb_append(b, ",\"object\":");
    sb_append_json_string(b, obj);
    if (v->new_name) {
        sb_append(b, ",\"new_name\":");
        sb_append_json_string(b, v->new_name);
    }
    if (v->n_columns) {
        sb_append(b, ",\"columns\":[");
        for (size_t k = 0; k < v->n_columns; k++) {
            sb_append(b, k ? "," : "");
            sb_append_json_string(b, v->columns[k]);
        }
        sb_append(b, "]");
    }
    sb_appendf(b, ",\"line\":%d,\"flags\":[", v->line);
    int n = 0;
    for (size_t k = 0; k < sizeof flag_names / sizeof flag_names[0]; k++)
        if (v->flags & flag_names[k].flag) {
            sb_append(b, n++ ? "," : "");
            sb_append_json_string(b, flag_names[k].text);
        }
    sb_append(b, "]");
    if (v->attrs) {
        sb_append(b, ",\"attrs\":");
        sb_append_json_string(b, v->attrs);
    }
    if (w->cat) {
        int has = in_catalog(w->cat, v, w->dflt);
        sb_appendf(b, ",\"in_catalog\":%s", has < 0 ? "null" : has ? "true" : "false");
    }
    sb_append(b, "}");
    free(obj);
}

static void json_revision(struct writer *w, size_t r, enum verdict vd, const char *why)
{
    const struct revision *rev = &w->g->scripts->revs[r];
    const struct upgrade_effects *e = &rev->effects;
    struct strbuf b = {0};
    sb_append(&b, w->written ? ",\n  {\"revision\":" : "\n  {\"revision\":");
    sb_append_json_string(&b, rev->id);
    sb_appendf(&b, ",\"head\":%s,\"message\":", w->g->nodes[r].n_children ? "false" : "true");
    sb_append_json_string(&b, rev->doc);
    sb_append(&b, ",\"path\":");
    sb_append_json_string(&b, rev->path);
    sb_appendf(&b, ",\"effect\":\"%s\",\"unobservable\":%s,\"cannot_see\":", effect_word(e->effect),
               explain_is_unobservable(e) ? "true" : "false");
    if (e->effect == EFFECT_OPAQUE)
        sb_append_json_string(&b, e->opaque_reason ? e->opaque_reason : "");
    else
        sb_append(&b, "null");
    if (vd != V_NONE) {
        sb_appendf(&b, ",\"applied\":\"%s\",\"applied_why\":", verdict_json[vd]);
        sb_append_json_string(&b, why);
    }
    sb_append(&b, ",\"effects\":[");
    for (size_t i = 0; i < e->n_ops; i++) {
        struct effect_view v = view_of(&e->ops[i]);
        if (i)
            sb_append(&b, ",");
        json_effect(w, &b, &v);
    }
    sb_append(&b, "]}");
    fputs(b.s, w->out);
    sb_free(&b);
}

size_t explain_write(FILE *out, const struct graph *g, const struct catalog *cat, const struct diagnosis *d,
                     const struct explain_options *opt)
{
    struct strmap cmap = {0};
    if (cat)
        catalog_index(cat, &cmap);
    struct writer w = {out, g, cat ? &cmap : NULL, cat ? cat->default_schema : NULL, opt->json, 0};
    size_t *count = d ? membership(g, d) : NULL;
    size_t *order = xmalloc((g->n ? g->n : 1) * sizeof *order);
    size_t n = show_history_order(g, order), unobservable = 0;
    if (opt->json)
        fprintf(out, "{\"database\":%s,\"state\":%s%s%s,\"revisions\":[", d ? "true" : "false", d ? "\"" : "",
                d ? gate_state_name(d->state) : "null", d ? "\"" : "");
    for (size_t i = 0; i < n; i++) {
        size_t r = order[i];
        int unobs = explain_is_unobservable(&g->scripts->revs[r].effects);
        unobservable += (size_t)unobs;
        if (opt->unobservable_only && !unobs)
            continue;
        char why[256] = "";
        enum verdict vd = d ? verdict_of(d, count[r], why, sizeof why) : V_NONE;
        if (opt->json)
            json_revision(&w, r, vd, why);
        else
            text_revision(&w, r, vd, why);
        w.written++;
    }
    if (opt->json)
        fprintf(out, "%s],\"unobservable\":%zu}\n", w.written ? "\n" : "", unobservable);
    else if (opt->unobservable_only)
        fprintf(out, "%zu revision%s with no observable effect\n", unobservable, unobservable == 1 ? "" : "s");
    free(order);
    free(count);
    strmap_free(&cmap);
    return unobservable;
}
