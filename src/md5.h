/* md5.h: MD5 (RFC 1321), for the names SQLAlchemy shortens with a hash of
 * the full name. Not for anything security-related. Pure. */
#ifndef AG_MD5_H
#define AG_MD5_H

#include <stddef.h>

/* The digest of data as 32 lowercase hex digits into hex (33 bytes). */
void md5_hex(const void *data, size_t len, char hex[33]);

#endif
