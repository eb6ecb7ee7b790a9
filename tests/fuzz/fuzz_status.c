/* Fuzzes the status-file reader that `alembic-gate status` probes run. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "status.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char outcome[32];
    int r = status_parse_ready((const char *)data, size, outcome, sizeof outcome);
    if (r < -1 || r > 1)
        abort();
    if (r >= 0 && strlen(outcome) >= sizeof outcome)
        abort();
    return 0;
}
