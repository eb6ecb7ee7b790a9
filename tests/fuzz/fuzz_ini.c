/* Fuzzes alembic.ini parsing and interpolation of the keys the gate reads. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ini.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[512] = "";
    struct ini *ini = ini_parse((const char *)data, size, "alembic.ini", "/here", err, sizeof err);
    if (!ini) {
        if (!err[0])
            abort();
        return 0;
    }
    static const char *const keys[] = {"script_location", "version_locations", "sqlalchemy.url",
                                       "version_path_separator", "here", "a"};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        const char *v = ini_get(ini, "alembic", keys[i], err, sizeof err);
        if (v && strlen(v) > (2u << 20))
            abort();
    }
    ini_free(ini);
    return 0;
}
