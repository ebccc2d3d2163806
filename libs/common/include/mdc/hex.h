/* Hex text <-> bytes. */
#ifndef MDC_HEX_H
#define MDC_HEX_H

#include <stddef.h>
#include <stdint.h>

/* Parses hex digits from s, ignoring spaces, tabs, ':' and '-' between byte
 * pairs and an optional "0x" prefix per token. Returns the byte count, or -1
 * with *bad set to the offending offset when s has a non-hex character, or an
 * odd number of digits (bad = strlen), or more than cap bytes (bad = offset). */
long mdc_hex_parse(const char *s, uint8_t *out, size_t cap, size_t *bad);

/* Writes n bytes as upper-case hex into out (2n+1 bytes incl. NUL), with
 * sep (0 = none) between bytes. Returns out. out must hold 3n+1 bytes with a separator. */
char *mdc_hex_format(const uint8_t *p, size_t n, char sep, char *out, size_t cap);

#endif
