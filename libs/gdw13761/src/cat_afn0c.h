/* AFN0C (class 1 data): the layouts that AFN0D (class 2 data) repeats after
 * its time label (§5.13.2.4 "as §5.12.2.4.n"), and that ERC records share.
 * Defined in cat_afn0c.c; private to the catalogue. */
#ifndef GDW13761_CAT_AFN0C_H
#define GDW13761_CAT_AFN0C_H

#include "cat_common.h"

/* group 3: total-add group energy (A.3) */
extern const gdw_field gdw13761_l0c_f19[], gdw13761_l0c_f20[];
/* group 4/5: phase breaks, readings and max demand with M <= 12 */
extern const gdw_field gdw13761_l0c_f26[], gdw13761_l0c_f33[], gdw13761_l0c_f34[],
    gdw13761_l0c_f35[], gdw13761_l0c_f36[];
/* groups 6-10: day/month energy, capacitors */
extern const gdw_field gdw13761_l0c_f41[], gdw13761_l0c_f42[], gdw13761_l0c_f66[],
    gdw13761_l0c_f67[];
/* groups 17-21: readings and max demand (any M), meter records */
extern const gdw_field gdw13761_l0c_f129[], gdw13761_l0c_f130[], gdw13761_l0c_f145[],
    gdw13761_l0c_f146[];
extern const gdw_field gdw13761_l0c_f161[], gdw13761_l0c_f165[], gdw13761_l0c_f166[],
    gdw13761_l0c_f167[], gdw13761_l0c_f168[];

#endif
