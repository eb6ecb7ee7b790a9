/* Fuzzes DATABASE_URL parsing; a password-like marker in the input must
 * never appear in an error message. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dburl.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *url = xstrndup((const char *)data, size);
    struct conninfo ci = {0};
    char err[512] = "";
    int rc = conninfo_from_url(url, "DATABASE_URL", &ci, err, sizeof err);
    if (rc != 0 && !err[0])
        abort();
    const char *pw = conninfo_get(&ci, "password");
    if (rc != 0 && pw && strlen(pw) >= 8 && strstr(err, pw))
        abort();
    if (rc != 0 && strstr(url, "://") && strstr(err, "SECRETPW"))
        abort();
    conninfo_free(&ci);
    free(url);
    return 0;
}
