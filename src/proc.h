/* proc.h: the only module that forks, execs or handles signals.
 *
 * As PID 1 a process gets no default signal dispositions, so the gate
 * installs handlers for SIGTERM, SIGINT, SIGHUP and SIGQUIT at once; they
 * write to a self-pipe whose read end every blocking wait watches. */
#ifndef AG_PROC_H
#define AG_PROC_H
#include <stddef.h>

/* First thing in main, before any secret is read: no core dumps
 * (PR_SET_DUMPABLE 0, RLIMIT_CORE 0; the command gets the original limit
 * back and is dumpable again after execve), and descriptors 0, 1, 2 opened on
 * /dev/null when the gate was started with them closed. */
void proc_harden(void);

/* The descriptors the gate needs at most at once (stdio, the signal pipe,
 * the status file's directories, the scripts, two connections, the exec
 * pipe), with room to spare. */
#define PROC_FDS_NEEDED 16

/* Raises the soft RLIMIT_NOFILE to PROC_FDS_NEEDED when it is lower and the
 * hard limit allows. Returns 0, or -1 with err naming the limit. */
int proc_reserve_fds(char *err, size_t errlen);

/* Installs the handlers. Returns the self-pipe's read end (close-on-exec). */
int proc_signals_install(void);
/* The first terminating signal received, or 0. */
int proc_pending_signal(void);
/* Sleeps ms milliseconds or until a signal arrives; returns the signal or 0. */
int proc_sleep_ms(long ms);

/* Replaces the gate with argv[0] (PATH search as execvp), after restoring
 * default signal dispositions and the signal mask. The gate's own
 * descriptors are all close-on-exec; descriptors it inherited pass through
 * untouched, as with tini (socket activation hands some down). Returns only
 * on failure: EXIT_NOT_FOUND (127) or EXIT_CANNOT_EXEC (126), message logged. */
int proc_exec(char *const *argv);

/* --init: runs argv as a child in its own process group, forwards SIGTERM,
 * SIGINT, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2 and SIGWINCH to it, reaps every
 * zombie (as child subreaper when not PID 1), and returns the child's exit
 * status (128+N for signal N). When watch_fd >= 0, the descriptor is polled
 * and alive(ctx) called when it is readable; if alive returns 0 the child
 * gets SIGTERM and *lost is set to 1. */
int proc_supervise(char *const *argv, int watch_fd, int (*alive)(void *ctx), void *ctx, int *lost);

#endif
