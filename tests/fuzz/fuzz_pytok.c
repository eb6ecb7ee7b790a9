/* Fuzzes the Python tokenizer: any bytes tokenize or fail with a message,
 * and a successful list is well formed (ends with END, tokens in order). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pytok.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct token_list tl = {0};
    char err[256] = "";
    const char *src = (const char *)data;
    if (pytok_tokenize(src, size, &tl, err, sizeof err) != 0) {
        if (!err[0])
            abort();
        return 0;
    }
    if (tl.n == 0 || tl.t[tl.n - 1].kind != TOK_END)
        abort();
    int indents = 0;
    for (size_t i = 0; i < tl.n; i++) {
        const struct token *t = &tl.t[i];
        if (t->start < src || t->start + t->len > src + size)
            abort();
        indents += t->kind == TOK_INDENT ? 1 : t->kind == TOK_DEDENT ? -1 : 0;
        if (indents < 0)
            abort();
    }
    if (indents != 0)
        abort();
    token_list_free(&tl);
    return 0;
}
