/* Private to the dispatcher: AFN0C/AFN0D units of measurement points
 * (served by cc/mdata.h), AFN0C F11 (reader status) and F13 (found meters). */
#ifndef CC_AFN0C_MD_H
#define CC_AFN0C_MD_H

#include "disp_int.h"

/* Adds the answer units of every pn >= 1 unit of the request that
 * mdata_supports(afn, Fn): DA FF 00 (all points) means every point of AFN04
 * F10; a point with no data leaves its unit out. Each unit is encoded at
 * once into the work pool (BYTES), so the value arena holds one unit at a
 * time; when the unit table or the answer buffer is full the rest is left
 * out. Returns 0, or -1 after a deny on a store failure. */
int disp_md_units(disp_ctx *c, uint8_t afn);

/* AFN0C F11 from live->reader_ports (one block per reading port); without
 * reader ports the ports 1, 2, 31 with nothing read. */
mdc_value *disp_0c_f11(disp_ctx *c);

/* AFN0C F13: the found meters (store_found_list): the first block of at
 * most DISP_F13_PER_UNIT meters (total = all found). *more: meters left for
 * disp_0c_f13_more. NULL on a store error. */
#define DISP_F13_PER_UNIT 76u /* 4 + 76 x 13 = 992 bytes: fits a 1 KiB frame */
mdc_value *disp_0c_f13(disp_ctx *c, bool *more);
/* After disp_finish made a DATA answer: appends the further F13 blocks as
 * extra identifiers (one span each, so the link core sends them in later
 * frames). Returns 0, or -1 after a deny on failure. */
int disp_0c_f13_more(disp_ctx *c);

#endif
