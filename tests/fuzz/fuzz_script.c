/* Fuzzes the revision-file reader: tokenizer, literal reader, docstring,
 * upgrade() op extraction, as one file's text. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "script.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct revision r;
    char err[512];
    if (script_parse("versions/0123abcd.py", (const char *)data, size, &r, err, sizeof err) == 0) {
        if (!r.id || !r.doc || !r.down_revisions)
            abort();
        revision_free(&r);
    } else {
        revision_free(&r);
        if (strlen(err) == 0)
            abort();
    }
    return 0;
}
