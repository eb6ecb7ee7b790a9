/* Fuzzes the revision-file reader: tokenizer, literal reader, docstring,
 * upgrade() op extraction, as one file's text. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "script.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct revision r;
    struct token_list tokens = {0};
    char err[512];
    int rc = script_parse("versions/0123abcd.py", (const char *)data, size, &tokens, &r, err, sizeof err);
    if (rc == 0) {
        if (!r.id || !r.doc || !r.down_revisions)
            abort();
    } else if (strlen(err) == 0) {
        abort();
    }
    /* The same text through the reused token list must read the same. */
    struct revision again;
    if (script_parse("versions/0123abcd.py", (const char *)data, size, &tokens, &again, err, sizeof err) != rc)
        abort();
    if (rc == 0 && (strcmp(again.id, r.id) != 0 || again.n_down != r.n_down || strcmp(again.doc, r.doc) != 0))
        abort();
    revision_free(&again);
    revision_free(&r);
    token_list_free(&tokens);
    return 0;
}
