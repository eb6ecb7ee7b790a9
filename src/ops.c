/* ops.c: the op list a revision's upgrade() is read into (pyops.c reads the
 * Python, sql.c the SQL of op.execute). */
#include "ops.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

const char *op_kind_name(enum op_kind k)
{
    static const char *const names[] = {"create_table", "drop_table", "rename_table", "add_column",
                                        "drop_column", "rename_column", "create_index", "drop_index",
                                        "create_schema", "create", "drop", "rename", "alter", "touch"};
    return (unsigned)k < sizeof names / sizeof names[0] ? names[k] : "?";
}

static void free_op(struct schema_op *op)
{
    free(op->schema);
    free(op->table);
    free(op->name);
    free(op->new_name);
    free(op->attrs);
    for (size_t i = 0; i < op->n_columns; i++) {
        free(op->columns[i]);
        if (op->column_attrs)
            free(op->column_attrs[i]);
    }
    free(op->columns);
    free(op->column_attrs);
}

void upgrade_effects_free(struct upgrade_effects *e)
{
    for (size_t i = 0; i < e->n_ops; i++)
        free_op(&e->ops[i]);
    free(e->ops);
    free(e->opaque_reason);
    free(e->guard);
    memset(e, 0, sizeof *e);
}

void upgrade_effects_remove(struct upgrade_effects *e, size_t i)
{
    if (i >= e->n_ops)
        return;
    free_op(&e->ops[i]);
    memmove(&e->ops[i], &e->ops[i + 1], (e->n_ops - i - 1) * sizeof *e->ops);
    e->n_ops--;
}

struct schema_op *upgrade_effects_add(struct upgrade_effects *e, enum op_kind kind, const char *schema,
                                      const char *table, const char *name, const char *new_name, int line)
{
    xgrow(&e->ops, &e->cap, e->n_ops + 1, sizeof *e->ops);
    struct schema_op *op = &e->ops[e->n_ops++];
    memset(op, 0, sizeof *op);
    op->kind = kind;
    op->schema = schema ? xstrdup(schema) : NULL;
    op->table = table ? xstrdup(table) : NULL;
    op->name = name ? xstrdup(name) : NULL;
    op->new_name = new_name ? xstrdup(new_name) : NULL;
    op->line = line;
    return op;
}

struct schema_op *upgrade_effects_add_obj(struct upgrade_effects *e, enum op_kind kind, enum obj_kind obj,
                                          const char *schema, const char *table, const char *name,
                                          const char *new_name, const char *attrs, unsigned flags,
                                          int line)
{
    struct schema_op *op = upgrade_effects_add(e, kind, schema, table, name, new_name, line);
    op->obj = obj;
    op->attrs = attrs ? xstrdup(attrs) : NULL;
    op->flags = flags;
    return op;
}
