/* Internals of the data-unit layout interpreter (layout.h), shared by its
 * three files: layout.c (errors, member lookup, layout facts), layout_decode.c
 * and layout_encode.c; sample.c uses the lookups too. Private to the library. */
#ifndef GDW13761_LAYOUT_COMMON_H
#define GDW13761_LAYOUT_COMMON_H

#include <stdbool.h>
#include <stddef.h>

#include "gdw13761/layout.h"

#define GDW_LAY_MAX_DEPTH 16 /* nesting of GROUP / REPEAT / SWITCH / SIZED / INCLUDE */

/* One object being decoded or encoded, linked to the enclosing ones: refs are
 * looked up here first, then outwards; the chain also names the error path. */
typedef struct gdw_scope gdw_scope;
struct gdw_scope {
    const gdw_scope *up;
    const mdc_value *obj;
    const char *name; /* path component; NULL at the root */
    long idx;         /* element index when >= 0 */
    const char *note; /* shown after the name in error paths: the SWITCH case ("ERC31 ...") */
};

/* Sets *err to code at byte offset off with the message "path: reason", the
 * path being the scope chain plus `field` (may be NULL). Always returns -1. */
__attribute__((format(printf, 6, 7))) int gdw13761_lay_err(gdw13761_err *err, gdw13761_errc code,
                                                           size_t off, const gdw_scope *sc,
                                                           const char *field, const char *f, ...);

/* True when a REPEAT's `sub` is one unnamed FMT field (elements are plain values). */
bool gdw13761_lay_is_scalar(const gdw_field *sub);

/* The member named key (key[0..n)) of obj, the last one when there are
 * several; NULL when obj is not an OBJECT or has none. */
const mdc_value *gdw13761_lay_member(const mdc_value *obj, const char *key, size_t n);

/* For a ref "a.b.c" (or a plain "c") looked up in obj: the object that holds
 * its last component (obj itself for a plain name, else obj's member a, then
 * that one's member b, each an OBJECT), or NULL when the way is not there.
 * *last is set to the last component. */
const mdc_value *gdw13761_lay_holder(const mdc_value *obj, const char *ref, const char **last);

/* The value a ref names inside obj (dotted paths walk into member objects), or NULL. */
const mdc_value *gdw13761_lay_path(const mdc_value *obj, const char *ref);

/* The value a ref names, looked up in the scope chain from sc outwards: the
 * first scope in which the whole path resolves. NULL when none does. */
const mdc_value *gdw13761_lay_find(const gdw_scope *sc, const char *ref);

/* True when ref's last component (after the last '.') is name. */
bool gdw13761_lay_ref_is(const char *ref, const char *name);

/* The case of cs whose value is x, or NULL. */
const gdw_case *gdw13761_lay_case(const gdw_case *cs, int64_t x);

/* Smallest byte count the layout can take (0 for data-dependent parts). */
size_t gdw13761_lay_min_len(const gdw_field *l, int depth);

#endif
