/* exitcode.h: the exit codes of SPEC section 3, in one place. */
#ifndef AG_EXITCODE_H
#define AG_EXITCODE_H

enum {
    EXIT_READY = 0,
    EXIT_WOULD_REPAIR = 1,      /* --check-only: a repair is needed */
    EXIT_UNREACHABLE = 3,
    EXIT_INVALID_SCRIPTS = 4,
    EXIT_NEEDS_HUMAN = 5,
    EXIT_DB_REFUSED = 6,
    EXIT_USAGE = 64,
    EXIT_CONFIG = 78,
    EXIT_SIGNAL_BASE = 128,
    EXIT_CANNOT_EXEC = 126,
    EXIT_NOT_FOUND = 127,
};

#endif
