/* The catalogue tables, one per AFN family (src/cat_*.c). Each is sorted by
 * (afn, fn, dir) and ends with a row whose layout is NULL. */
#ifndef GDW13761_CAT_TABLES_H
#define GDW13761_CAT_TABLES_H

#include <stddef.h>

#include "gdw13761/catalog.h"

extern const gdw13761_fn gdw13761_cat_afn00_02[]; /* AFN00 confirm/deny, 01 reset, 02 link */
extern const gdw13761_fn gdw13761_cat_afn04[];    /* AFN04 set parameters */
extern const gdw13761_fn gdw13761_cat_afn05[];    /* AFN05 control */
extern const gdw13761_fn gdw13761_cat_afn09[];    /* AFN09 terminal configuration */
extern const gdw13761_fn gdw13761_cat_afn0a[];    /* AFN0A query parameters */
extern const gdw13761_fn gdw13761_cat_afn0c[];    /* AFN0C class 1 data */
extern const gdw13761_fn gdw13761_cat_afn0d[];    /* AFN0D class 2 data */
extern const gdw13761_fn gdw13761_cat_afn0e[];    /* AFN0E class 3 data (events) */
extern const gdw13761_fn gdw13761_cat_afn0f_10[]; /* AFN0F file transfer, AFN10 forwarding */

/* Row counts (terminator excluded). */
extern const size_t gdw13761_cat_afn00_02_n;
extern const size_t gdw13761_cat_afn04_n;
extern const size_t gdw13761_cat_afn05_n;
extern const size_t gdw13761_cat_afn09_n;
extern const size_t gdw13761_cat_afn0a_n;
extern const size_t gdw13761_cat_afn0c_n;
extern const size_t gdw13761_cat_afn0d_n;
extern const size_t gdw13761_cat_afn0e_n;
extern const size_t gdw13761_cat_afn0f_10_n;

#endif
