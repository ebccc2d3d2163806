/* The catalogue: one row per (AFN, Fn, direction) that this library knows,
 * giving the data unit's layout (layout.h). Tables live in src/cat_*.c, one
 * file per AFN family; catalog.c merges them for lookup. */
#ifndef GDW13761_CATALOG_H
#define GDW13761_CATALOG_H

#include <stddef.h>
#include <stdint.h>

#include "gdw13761/layout.h"

enum gdw13761_dir {
    GDW13761_DOWN = 0, /* master station -> terminal (DIR = 0) */
    GDW13761_UP = 1,   /* terminal -> master station (DIR = 1) */
};

/* What the pn of a data unit names. */
enum gdw13761_pnkind {
    GDW13761_PN_P0 = 0,  /* terminal itself (pn = 0) */
    GDW13761_PN_POINT,   /* measurement point 1..2040 */
    GDW13761_PN_GROUP,   /* total-add group */
    GDW13761_PN_TASK,    /* task number */
    GDW13761_PN_PORT,    /* terminal communication port */
    GDW13761_PN_CONTROL, /* control round / group */
    GDW13761_PN_DIRECT,  /* DC analogue point */
    GDW13761_PN_OTHER,
};

/* Layout with no data unit: present in the catalogue, zero bytes. */
extern const gdw_field gdw13761_empty[];

typedef struct gdw13761_fn {
    uint8_t afn;
    uint8_t dir;  /* gdw13761_dir */
    uint16_t fn;  /* 1..248 */
    uint8_t pn;   /* gdw13761_pnkind */
    const char *name;    /* short English name */
    const char *name_zh; /* the standard's Chinese name */
    const gdw_field *layout; /* never NULL: gdw13761_empty for no data */
} gdw13761_fn;

/* The row for (afn, fn, dir), or NULL when it is not catalogued. */
const gdw13761_fn *gdw13761_cat_find(uint8_t afn, uint16_t fn, uint8_t dir);

/* Iterates over every row, ordered by AFN, Fn, direction: i = 0, 1, ... until NULL. */
const gdw13761_fn *gdw13761_cat_at(size_t i);
size_t gdw13761_cat_count(void);

#endif
