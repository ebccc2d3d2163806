/* One ERC event record (Q/GDW 1376.1-2013 §5.14.2.4, Table 353, Appendix B):
 * ERC (BIN 1), Le (BIN 1), then Le bytes of content laid out by the ERC's
 * table (Tables 354..396). Encoding and decoding use the catalogue's own ERC
 * layouts (the ones AFN0E F1/F2 decode records with), so a record built here
 * reads back through the message layer field for field.
 *
 * The content is an OBJECT whose members are named as the ERC layout
 * (docs/gdw13761.md, libs/gdw13761/src/cat_afn0e_erc.c), e.g. ERC14
 * {power_off, power_on} or ERC31 {time, pn, occurred, last_ok, fwd_active,
 * fwd_reactive}. An ERC without a layout (ERC42..64 spare, 0, 65..255) has
 * raw BYTES as its content. No allocation: values live in the caller's arena. */
#ifndef GDW13761_ERC_H
#define GDW13761_ERC_H

#include <stddef.h>
#include <stdint.h>

#include "gdw13761/layout.h"
#include "mdc/value.h"

/* Largest record: ERC, Le and 255 bytes of content. */
#define GDW13761_ERC_RECORD_MAX 257u

/* The content layout of ERC erc, or NULL when the standard defines none. */
const gdw_field *gdw13761_erc_layout(uint8_t erc);

/* A readable name ("ERC14 terminal power off/on"), or NULL when none. Static. */
const char *gdw13761_erc_name(uint8_t erc);

/* Encodes one record of ERC erc into out[0..cap): ERC, Le, content.
 * content: an OBJECT laid out as gdw13761_erc_layout(erc) (BYTES for an ERC
 * without a layout). Convenience: a top-level field (also one of an included
 * head such as "time"/"pn") that is absent is written as EEH when its format
 * has a "missing" form (A.n formats; not BIN, BS, bit fields), and an absent
 * list (ERC3 "changed", ERC14 "flags") is written empty. Returns 0 with
 * *written = Le + 2, or -1 with err: E_MISSING / E_FORMAT naming the field,
 * E_COUNT when the content exceeds 255 bytes, E_SPACE when cap is too small.
 * content is not modified. */
int gdw13761_erc_encode(uint8_t erc, const mdc_value *content, uint8_t *out, size_t cap,
                        size_t *written, gdw13761_err *err);

/* Decodes the record at p[0..len): *erc, *content (an OBJECT for an ERC with
 * a layout, with BYTES "rest" when Le is longer than the layout, e.g. a
 * field device's ERC14 of Le 11 gives one "flags" element; raw BYTES for
 * one without), *used = Le + 2 (the bytes after it are not read). Returns 0,
 * or -1 with err (E_SHORT when the record is cut, E_FORMAT...). The tree
 * lives in a and points into p for raw bytes: keep p while it is used. */
int gdw13761_erc_decode(const uint8_t *p, size_t len, size_t *used, uint8_t *erc, mdc_arena *a,
                        mdc_value **content, gdw13761_err *err);

#endif
