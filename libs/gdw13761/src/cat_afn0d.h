/* AFN0D (class 2 data): field-list macros shared by cat_afn0d.c and
 * cat_afn0d_extra.c, and the layouts defined in cat_afn0d_extra.c (private
 * to the catalogue; the table gdw13761_cat_afn0d is in cat_afn0d.c). */
#ifndef GDW13761_CAT_AFN0D_H
#define GDW13761_CAT_AFN0D_H

#include "cat_afn0c.h"
#include "gdw13761/layout.h"

/* Time labels (§5.13.1.3): Td_d (Table 223), Td_m (Table 224), and Td_c
 * (Table 222), the GROUP "td_c" {time: start A.15, density m (Appendix C),
 * points n}. A curve's values count on "td_c.points". */
extern const gdw_field gdw13761_td_c[];
#define GDW0D_TD_D      GDW_F("td_d", GDW_A20, NULL)
#define GDW0D_TD_M      GDW_F("td_m", GDW_A21, NULL)
#define GDW0D_TD_C      GDW_GROUP("td_c", gdw13761_td_c)
#define GDW0D_READ_TIME GDW_CAT_READ_TIME
/* a curve: the time label, then one value (elem) per point */
#define GDW0D_CURVE(elem) GDW0D_TD_C, GDW_REP("values", "td_c.points", 0, elem)
/* an AFN0C data unit after a time label (AFN0D "as §5.12.2.4.n") */
#define GDW0D_AS_0C(td, l0c)                                                                       \
    {                                                                                              \
        td, GDW_INCLUDE(l0c), GDW_END                                                              \
    }

/* cat_afn0d_extra.c: capacitors, losses, total-add groups, harmonics, DC
 * analogue, phase readings, meter records (see the comments there) */
extern const gdw_field gdw13761_l0d_f41[], gdw13761_l0d_f42[], gdw13761_l0d_f43[],
    gdw13761_l0d_f44[], gdw13761_l0d_f45[], gdw13761_l0d_f46[];
extern const gdw_field gdw13761_l0d_f57[], gdw13761_l0d_f58[], gdw13761_l0d_f59[],
    gdw13761_l0d_f60[], gdw13761_l0d_f61[], gdw13761_l0d_f62[], gdw13761_l0d_f65[];
extern const gdw_field gdw13761_l0d_f73[], gdw13761_l0d_f74[], gdw13761_l0d_f75[],
    gdw13761_l0d_f76[];
extern const gdw_field gdw13761_l0d_f113[], gdw13761_l0d_f116[], gdw13761_l0d_f124[];
extern const gdw_field gdw13761_l0d_f129[], gdw13761_l0d_f130[], gdw13761_l0d_f138[];
extern const gdw_field gdw13761_l0d_f153[], gdw13761_l0d_f154[], gdw13761_l0d_f157[],
    gdw13761_l0d_f158[];
extern const gdw_field gdw13761_l0d_f209[], gdw13761_l0d_f210[], gdw13761_l0d_f211[],
    gdw13761_l0d_f212[], gdw13761_l0d_f213[], gdw13761_l0d_f214[], gdw13761_l0d_f215[],
    gdw13761_l0d_f216[], gdw13761_l0d_f217[], gdw13761_l0d_f218[];

#endif
