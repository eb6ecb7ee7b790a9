/* pypath.h: Alembic's `package:dir` script location, found without Python.
 *
 * Alembic hands `myapp:migrations` to importlib.resources: the directory
 * `migrations` inside the package `myapp` as the interpreter would import
 * it. In a container the package is a directory on the Python path, so the
 * gate looks for it on the path Python would have: prepend_sys_path from
 * the configuration (Alembic puts it first), PYTHONPATH, the working
 * directory, then the site-packages directories of the image. */
#ifndef AG_PYPATH_H
#define AG_PYPATH_H

#include <stddef.h>

#include "dburl.h"
#include "util.h"

/* Alembic's test: not an absolute path, and holds a colon. */
int pypath_is_resource(const char *location);

/* The directories searched, in order: prepend (relative entries are from
 * the working directory), PYTHONPATH, ".", $VIRTUAL_ENV and /app/.venv
 * lib/python3.x/site-packages, /usr/local/lib/python3.x/site-packages,
 * /usr/lib/python3/dist-packages, /usr/lib/python3.x/site-packages. Only
 * existing directories are kept. */
void pypath_roots(char *const *prepend, size_t n_prepend, env_lookup_fn env, struct strvec *roots);

/* Resolves "pkg.sub:dir/more" against roots: the first root where the
 * package is a regular package (has __init__.py) and holds the directory,
 * else the first where it is a namespace package holding it. Returns the
 * directory (malloc'd) and sets *root_index, or NULL with err naming the
 * resource and what was searched. */
char *pypath_resolve(const char *resource, const struct strvec *roots, size_t *root_index, char *err,
                     size_t errlen);

#endif
