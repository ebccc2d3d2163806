/* The data formats of Q/GDW 1376.1-2013 Appendix A (A.1 .. A.28) and the
 * plain types of gdw_fmt (BIN, SBIN, BS, ASCII, BCD, RAW, DADT): one field's
 * bytes <-> one value of mdc/value.h. docs/gdw13761-formats.md gives the
 * value shape of each format and the choices made.
 *
 * Common rules:
 *  - all BCD formats are low byte first;
 *  - a field whose bytes are all EEH decodes to NULL (missing), and NULL
 *    encodes to EEH bytes (every format except BS, RAW, DADT and 1-byte
 *    BIN/SBIN, where EEH is an ordinary value);
 *  - bytes that break the format (a non-BCD nibble, a month 13, reserved
 *    bits set) decode to INVALID holding the raw bytes, and INVALID encodes
 *    those bytes back unchanged (its length must match);
 *  - numbers encode from INT or DEC of any scale as long as no digit is lost.
 */
#ifndef GDW13761_FORMATS_H
#define GDW13761_FORMATS_H

#include <stddef.h>
#include <stdint.h>

#include "gdw13761/layout.h"
#include "mdc/value.h"

/* Wire size in bytes of a field of format fmt; `len` is the field's len (used
 * by the plain types BIN/SBIN/BS/ASCII/BCD/RAW). 0 when the combination is not
 * valid (unknown format, BIN longer than 8 bytes, BCD longer than 9, len 0). */
size_t gdw13761_fmt_size(gdw_fmt fmt, uint16_t len);

/* Short name of a format for messages: "A.15", "BIN"... ("?" when unknown). */
const char *gdw13761_fmt_name(gdw_fmt fmt);

/* Decodes one field from p[0 .. gdw13761_fmt_size(fmt, len)). The caller has
 * checked the size. Never fails on the data (bad bytes become INVALID).
 * Returns a new detached node (key NULL) carrying `unit` for numbers, or NULL
 * when the arena is full. Memory: the node lives in `a`. */
mdc_value *gdw13761_fmt_decode(gdw_fmt fmt, uint16_t len, const char *unit, const uint8_t *p,
                               mdc_arena *a);

/* Encodes v into out[0 .. gdw13761_fmt_size(fmt, len)). Returns GDW13761_OK,
 * or GDW13761_E_FORMAT with a readable reason in why[0..whycap) when v does
 * not fit (wrong kind, too many digits or decimals, negative for an unsigned
 * format, a time without the parts the format carries, ...). out may be
 * partly written on error. */
gdw13761_errc gdw13761_fmt_encode(gdw_fmt fmt, uint16_t len, const mdc_value *v, uint8_t *out,
                                  char *why, size_t whycap);

/* True when a field of this format decodes all-EEH bytes to NULL. */
int gdw13761_fmt_has_null(gdw_fmt fmt, uint16_t len);

#endif
