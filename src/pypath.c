/* pypath.c: a `package:dir` script location as a directory on the Python
 * path, found the way the import system would find the package. */
#include "pypath.h"

#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

int pypath_is_resource(const char *location)
{
    return location[0] != '/' && strchr(location, ':') != NULL;
}

static void add_root(struct strvec *roots, const char *dir)
{
    const char *d = *dir ? dir : "."; /* an empty sys.path entry is the working directory */
    if (is_dir(d) && !sv_contains(roots, d))
        sv_push(roots, d);
}

/* Every match of a pattern like PREFIX/lib/python3.*\/site-packages, newest
 * Python first (glob sorts python3.10 before python3.9; the last is not
 * always the newest, but an image holds one). */
static void add_glob(struct strvec *roots, const char *prefix, const char *pattern)
{
    char *full = xasprintf("%s%s", prefix, pattern);
    glob_t g;
    if (glob(full, 0, NULL, &g) == 0) {
        for (size_t i = g.gl_pathc; i-- > 0;)
            add_root(roots, g.gl_pathv[i]);
        globfree(&g);
    }
    free(full);
}

void pypath_roots(char *const *prepend, size_t n_prepend, env_lookup_fn env, struct strvec *roots)
{
    for (size_t i = 0; i < n_prepend; i++)
        add_root(roots, prepend[i]);
    const char *pp = env("PYTHONPATH");
    if (pp && *pp) {
        char *copy = xstrdup(pp);
        char *save = NULL;
        for (char *part = strtok_r(copy, ":", &save); part; part = strtok_r(NULL, ":", &save))
            add_root(roots, part);
        free(copy);
    }
    add_root(roots, ".");
    const char *venv = env("VIRTUAL_ENV");
    if (venv && *venv)
        add_glob(roots, venv, "/lib/python3*/site-packages");
    add_glob(roots, "/app/.venv", "/lib/python3*/site-packages");
    add_glob(roots, "/usr/local", "/lib/python3*/site-packages");
    add_root(roots, "/usr/lib/python3/dist-packages");
    add_glob(roots, "/usr", "/lib/python3*/site-packages");
}

char *pypath_resolve(const char *resource, const struct strvec *roots, size_t *root_index, char *err,
                     size_t errlen)
{
    const char *colon = strchr(resource, ':');
    char *package = xstrndup(resource, (size_t)(colon - resource));
    if (!*package || strstr(package, "..") || package[0] == '.' || strchr(package, '/')) {
        snprintf(err, errlen, "'%s': '%s' is not a Python package name", resource, package);
        free(package);
        return NULL;
    }
    for (char *p = package; *p; p++)
        if (*p == '.')
            *p = '/';
    /* Further colons separate path parts, as Alembic joins every token. */
    char *rest = xstrdup(colon + 1);
    for (char *p = rest; *p; p++)
        if (*p == ':')
            *p = '/';
    /* As the import system: a regular package (its top-level directory has
     * __init__.py) anywhere on the path wins; else the namespace package's
     * first portion that holds the directory. */
    size_t top_len = strcspn(package, "/");
    char *found = NULL, *namespace_hit = NULL, *regular_root = NULL;
    size_t namespace_root = 0;
    for (size_t i = 0; i < roots->n && !found && !regular_root; i++) {
        char *init = xasprintf("%s/%.*s/__init__.py", roots->v[i], (int)top_len, package);
        char *top = xasprintf("%s/%.*s", roots->v[i], (int)top_len, package);
        char *target = *rest ? xasprintf("%s/%s/%s", roots->v[i], package, rest)
                             : xasprintf("%s/%s", roots->v[i], package);
        if (is_file(init) && is_dir(target)) {
            found = target;
            *root_index = i;
        } else if (is_file(init)) {
            regular_root = xstrdup(roots->v[i]);
            free(target);
        } else if (is_dir(top) && is_dir(target) && !namespace_hit) {
            namespace_hit = target;
            namespace_root = i;
        } else {
            free(target);
        }
        free(init);
        free(top);
    }
    if (regular_root) {
        free(namespace_hit);
        namespace_hit = NULL;
        snprintf(err, errlen, "'%s': the package is in %s, which has no %s/%s", resource, regular_root, package,
                 rest);
        free(regular_root);
        free(package);
        free(rest);
        return NULL;
    }
    if (!found && namespace_hit) {
        found = namespace_hit;
        namespace_hit = NULL;
        *root_index = namespace_root;
    }
    free(namespace_hit);
    if (!found) {
        struct strbuf b = {0};
        for (size_t i = 0; i < roots->n && b.len < 600; i++)
            sb_appendf(&b, "%s%s", i ? ", " : "", roots->v[i]);
        snprintf(err, errlen, "'%s': no package directory %s holding '%s' in %s (PYTHONPATH, the working "
                 "directory, prepend_sys_path, site-packages); set PYTHONPATH or give --script-location DIR", resource, package, rest, b.s ? b.s : "(none)");
        sb_free(&b);
    }
    free(package);
    free(rest);
    return found;
}
