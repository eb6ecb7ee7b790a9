/* Fuzzes op extraction: the input is an upgrade() body (indented under a
 * fixed def line). The SQL of op.execute has its own target, fuzz_sql. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ops.h"
#include "pytok.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct strbuf src = {0};
    sb_append(&src, "def upgrade():\n");
    sb_appendn(&src, (const char *)data, size);
    struct token_list tl = {0};
    char err[256];
    if (pytok_tokenize(src.s, src.len, &tl, err, sizeof err) == 0) {
        size_t body = 0;
        while (body < tl.n && !tok_is_op(&tl.t[body], ":"))
            body++;
        struct upgrade_effects e;
        ops_extract(&tl, body < tl.n ? body + 1 : (size_t)-1, &e);
        if (e.effect == EFFECT_OPAQUE && !e.opaque_reason)
            abort();
        upgrade_effects_free(&e);
        token_list_free(&tl);
    }
    sb_free(&src);
    return 0;
}
