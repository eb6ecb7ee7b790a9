/* floor.c: the least any libpq client pays to ask PostgreSQL something: a
 * connection and `SELECT 1`. Built static against the same libpq and
 * OpenSSL as the gate (bench/run), so that the gate's whole-process time can
 * be read against it.
 *
 * Usage: floor CONNINFO-OR-URL. Exit 0 when the query ran. */
#include <stdio.h>

#include <libpq-fe.h>

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: floor CONNINFO\n");
        return 2;
    }
    PGconn *conn = PQconnectdb(argv[1]);
    int ok = PQstatus(conn) == CONNECTION_OK;
    if (ok) {
        PGresult *res = PQexec(conn, "SELECT 1");
        ok = PQresultStatus(res) == PGRES_TUPLES_OK;
        PQclear(res);
    }
    if (!ok)
        fprintf(stderr, "floor: %s", PQerrorMessage(conn));
    PQfinish(conn);
    return ok ? 0 : 1;
}
