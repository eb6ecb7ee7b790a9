/* proc.c: signals, exec and --init supervision. The only module that forks,
 * execs or installs signal handlers.
 *
 * Every handler writes the signal number as one byte to a self-pipe. The
 * phases before exec poll the pipe's read end (cancel_fd) alongside the
 * network and stop at the first byte; the supervisor drains the pipe and
 * forwards each signal to the child. The pipe is never drained before the
 * supervisor runs, so a terminating signal keeps every later wait cancelled. */
#include "proc.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "exitcode.h"
#include "log.h"
#include "util.h"

static int sig_pipe[2] = {-1, -1};
static volatile sig_atomic_t first_terminating;
/* The core-file limit the gate was started with, given back to the command. */
static struct rlimit saved_core_limit;
static int core_limit_saved;
/* The signal mask the gate was started with, given back to the command. */
static sigset_t entry_mask;
static int entry_mask_saved;

void proc_harden(void)
{
    /* Nothing the gate holds (a password, a URL) may end up in a core file,
     * and a non-dumpable process's /proc files and ptrace are root's only.
     * execve makes the command dumpable again by itself. */
    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
    if (sigprocmask(SIG_SETMASK, NULL, &entry_mask) == 0)
        entry_mask_saved = 1;
    if (getrlimit(RLIMIT_CORE, &saved_core_limit) == 0) {
        core_limit_saved = 1;
        struct rlimit none = {0, saved_core_limit.rlim_max};
        setrlimit(RLIMIT_CORE, &none);
    }
    /* Started with 0, 1 or 2 closed, the first descriptor the gate opens
     * (the database socket) would take the number and the log would be
     * written into the protocol stream. */
    for (int fd = 0; fd <= 2; fd++) {
        if (fcntl(fd, F_GETFD) != -1 || errno != EBADF)
            continue;
        int nul = open("/dev/null", O_RDWR);
        if (nul >= 0 && nul != fd) {
            /* open takes the lowest free number, so this is only defensive */
            dup2(nul, fd);
            close(nul);
        }
    }
}

/* The descriptor limit the gate was started with, when it raised it. */
static struct rlimit saved_nofile_limit;
static int nofile_raised;

int proc_reserve_fds(char *err, size_t errlen)
{
    struct rlimit lim;
    if (getrlimit(RLIMIT_NOFILE, &lim) != 0 || lim.rlim_cur == RLIM_INFINITY || lim.rlim_cur >= PROC_FDS_NEEDED)
        return 0;
    if (lim.rlim_max == RLIM_INFINITY || lim.rlim_max >= PROC_FDS_NEEDED) {
        struct rlimit raised = {PROC_FDS_NEEDED, lim.rlim_max};
        if (setrlimit(RLIMIT_NOFILE, &raised) == 0) {
            saved_nofile_limit = lim;
            nofile_raised = 1;
            return 0;
        }
    }
    snprintf(err, errlen, "too few file descriptors: ulimit -n allows %llu (hard limit %llu), the gate needs %d",
             (unsigned long long)lim.rlim_cur, (unsigned long long)lim.rlim_max, PROC_FDS_NEEDED);
    return -1;
}

/* Ends the gate's own work: the phases stop and report 128+N. */
static const int terminating_signals[] = {SIGTERM, SIGINT, SIGHUP, SIGQUIT};
/* Forwarded to the command under --init, in addition to the terminating ones. */
static const int forwarded_only_signals[] = {SIGUSR1, SIGUSR2, SIGWINCH};

#define N_TERMINATING (sizeof terminating_signals / sizeof terminating_signals[0])
#define N_FORWARDED_ONLY (sizeof forwarded_only_signals / sizeof forwarded_only_signals[0])

static void on_signal(int sig)
{
    int saved = errno;
    int terminating = 0;
    for (size_t i = 0; i < N_TERMINATING; i++)
        if (terminating_signals[i] == sig)
            terminating = 1;
    if (terminating && !first_terminating)
        first_terminating = sig;
    unsigned char b = (unsigned char)sig;
    /* Non-blocking: a full pipe already wakes every reader. */
    if (write(sig_pipe[1], &b, 1) < 0) {
        /* nothing to do: the byte is a wake-up, not a record */
    }
    errno = saved;
}

/* What each signal was when the gate started, given back to the command:
 * ignored signals stay ignored across exec, so the gate's SIG_IGN on SIGPIPE
 * must not leak into the application, while a SIGHUP the gate's parent
 * ignored (nohup) must stay ignored for it, as for any Unix program. */
static struct sigaction entry_action[NSIG];
static unsigned char entry_saved[NSIG];

static void set_handler(int sig, void (*handler)(int))
{
    if (!entry_saved[sig]) {
        if (sigaction(sig, NULL, &entry_action[sig]) != 0)
            return;
        entry_saved[sig] = 1;
    }
    /* A signal ignored on entry is not the gate's to catch: nohup means it. */
    if (handler == on_signal && sig != SIGCHLD && entry_action[sig].sa_handler == SIG_IGN)
        return;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = handler;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    sigaction(sig, &sa, NULL);
}

int proc_signals_install(void)
{
    if (sig_pipe[0] >= 0)
        return sig_pipe[0];
    if (pipe2(sig_pipe, O_CLOEXEC | O_NONBLOCK) != 0) {
        log_error("cannot create the signal pipe: %s", strerror(errno));
        exit(70);
    }
    for (size_t i = 0; i < N_TERMINATING; i++)
        set_handler(terminating_signals[i], on_signal);
    /* A gate that is not PID 1 should not die of SIGPIPE on a closed stderr. */
    set_handler(SIGPIPE, SIG_IGN);
    return sig_pipe[0];
}

int proc_pending_signal(void)
{
    return first_terminating;
}

int proc_sleep_ms(long ms)
{
    long long deadline = now_ms() + ms;
    for (;;) {
        if (first_terminating)
            return first_terminating;
        long long left = deadline - now_ms();
        if (left <= 0)
            return 0;
        struct pollfd p = {.fd = sig_pipe[0], .events = POLLIN};
        int n = poll(sig_pipe[0] >= 0 ? &p : NULL, sig_pipe[0] >= 0 ? 1 : 0,
                     left > 60000 ? 60000 : (int)left);
        if (n < 0 && errno != EINTR)
            return 0;
    }
}

/* The child starts with the dispositions and mask the gate itself was
 * started with, and with the core-file and descriptor limits it was
 * started with. */
static void restore_entry_state(void)
{
    if (nofile_raised)
        setrlimit(RLIMIT_NOFILE, &saved_nofile_limit);
    for (int sig = 1; sig < NSIG; sig++)
        if (entry_saved[sig])
            sigaction(sig, &entry_action[sig], NULL);
    if (entry_mask_saved)
        sigprocmask(SIG_SETMASK, &entry_mask, NULL);
    /* The command's own cores are its operator's business. */
    if (core_limit_saved)
        setrlimit(RLIMIT_CORE, &saved_core_limit);
}

static int exec_failure_code(int err)
{
    return err == ENOENT || err == ENOTDIR ? EXIT_NOT_FOUND : EXIT_CANNOT_EXEC;
}

int proc_exec(char *const *argv)
{
    restore_entry_state();
    execvp(argv[0], argv);
    int err = errno;
    int code = exec_failure_code(err);
    /* The handlers are gone; the caller exits right after this. */
    log_error("cannot run %s: %s (exit %d)", argv[0],
              code == EXIT_NOT_FOUND ? "command not found" : strerror(err), code);
    return code;
}

static int wait_status_code(int status)
{
    if (WIFEXITED(status))
        return WEXITSTATUS(status);
    if (WIFSIGNALED(status))
        return EXIT_SIGNAL_BASE + WTERMSIG(status);
    return 1;
}

int proc_supervise(char *const *argv, int watch_fd, int (*alive)(void *ctx), void *ctx, int *lost)
{
    *lost = 0;
    proc_signals_install();
    for (size_t i = 0; i < N_FORWARDED_ONLY; i++)
        set_handler(forwarded_only_signals[i], on_signal);
    set_handler(SIGCHLD, on_signal);
    if (getpid() != 1 && prctl(PR_SET_CHILD_SUBREAPER, 1) != 0)
        log_warn("cannot become a child subreaper (%s): orphans will not be reaped", strerror(errno));

    /* The child learns of its own exec failure through this pipe. */
    int exec_pipe[2];
    if (pipe2(exec_pipe, O_CLOEXEC) != 0) {
        log_error("cannot create a pipe: %s", strerror(errno));
        return EXIT_CANNOT_EXEC;
    }
    pid_t parent = getpid();
    pid_t child = fork();
    if (child < 0) {
        log_error("cannot fork: %s", strerror(errno));
        close(exec_pipe[0]);
        close(exec_pipe[1]);
        return EXIT_CANNOT_EXEC;
    }
    if (child == 0) {
        close(exec_pipe[0]);
        /* A gate killed outside a container (SIGKILL, OOM) cannot forward
         * anything: the command is told as it would be by the gate. */
        prctl(PR_SET_PDEATHSIG, SIGTERM);
        if (getppid() != parent)
            _exit(EXIT_SIGNAL_BASE + SIGTERM);
        setpgid(0, 0);
        /* A terminal's job control goes to the command's group, as with tini -g. */
        if (isatty(STDIN_FILENO)) {
            signal(SIGTTOU, SIG_IGN);
            tcsetpgrp(STDIN_FILENO, getpgrp());
        }
        restore_entry_state();
        execvp(argv[0], argv);
        int err = errno;
        if (write(exec_pipe[1], &err, sizeof err) < 0) {
            /* the parent then sees an ordinary exit status */
        }
        _exit(exec_failure_code(err));
    }
    setpgid(child, child); /* both sides, so signals forwarded early reach the group */
    close(exec_pipe[1]);
    int exec_err = 0;
    ssize_t got;
    do
        got = read(exec_pipe[0], &exec_err, sizeof exec_err);
    while (got < 0 && errno == EINTR);
    close(exec_pipe[0]);
    if (got == (ssize_t)sizeof exec_err) {
        int code = exec_failure_code(exec_err);
        log_error("cannot run %s: %s (exit %d)", argv[0],
                  code == EXIT_NOT_FOUND ? "command not found" : strerror(exec_err), code);
        waitpid(child, NULL, 0);
        return code;
    }
    log_debug("started %s as pid %d", argv[0], (int)child);

    int child_status = -1;
    int watching = watch_fd >= 0 && alive;
    while (child_status < 0) {
        struct pollfd p[2] = {{.fd = sig_pipe[0], .events = POLLIN}, {.fd = watch_fd, .events = POLLIN}};
        int n = poll(p, watching ? 2 : 1, 1000);
        if (n < 0 && errno != EINTR) {
            log_error("poll: %s", strerror(errno));
            break;
        }
        if (n > 0 && (p[0].revents & POLLIN)) {
            unsigned char sigs[64];
            ssize_t k;
            while ((k = read(sig_pipe[0], sigs, sizeof sigs)) > 0) {
                for (ssize_t i = 0; i < k; i++) {
                    if (sigs[i] == SIGCHLD)
                        continue;
                    log_debug("forwarding signal %d to pid %d", sigs[i], (int)child);
                    kill(child, sigs[i]);
                }
            }
        }
        if (watching && n > 0 && (p[1].revents & (POLLIN | POLLHUP | POLLERR)) && !alive(ctx)) {
            log_error("the database connection holding the advisory lock is gone; sending SIGTERM to pid %d",
                      (int)child);
            *lost = 1;
            watching = 0;
            kill(child, SIGTERM);
        }
        /* Reap everything: the command, and orphans re-parented to us. */
        for (;;) {
            int status;
            pid_t pid = waitpid(-1, &status, WNOHANG);
            if (pid <= 0)
                break;
            if (pid == child)
                child_status = status;
            else
                log_debug("reaped orphan pid %d", (int)pid);
        }
    }
    if (child_status < 0)
        return EXIT_CANNOT_EXEC;
    int code = wait_status_code(child_status);
    log_info("%s exited with status %d", argv[0], code);
    return code;
}
