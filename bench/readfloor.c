/* readfloor.c: the least it costs to read a versions directory's scripts
 * with the system calls the gate makes for each (open, fstat, read,
 * close), and nothing else: the floor under the gate's "core" time, which
 * parses what these calls return. Built static with musl, as the gate.
 *
 * Usage: readfloor DIR. Prints the milliseconds the reads took (wall
 * clock, as the gate's timing line) and the number of files. */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: readfloor DIR\n");
        return 2;
    }
    double start = now_ms();
    DIR *d = opendir(argv[1]);
    if (!d) {
        perror(argv[1]);
        return 1;
    }
    static char buf[1 << 20];
    char path[4096];
    long files = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t n = strlen(e->d_name);
        if (n < 4 || strcmp(e->d_name + n - 3, ".py") != 0)
            continue;
        snprintf(path, sizeof path, "%s/%s", argv[1], e->d_name);
        int fd = open(path, O_RDONLY);
        if (fd < 0)
            continue;
        struct stat st;
        if (fstat(fd, &st) == 0 && read(fd, buf, sizeof buf) >= 0)
            files++;
        close(fd);
    }
    closedir(d);
    printf("%.3f %ld\n", now_ms() - start, files);
    return 0;
}
