/* Data-unit identifier DA/DT (§4.3.4.4): 4 bytes DA1 DA2 DT1 DT2 naming up to
 * 8 information points pn (one DA2 group) x up to 8 information classes Fn
 * (one DT2 group).
 *
 *   pn = (DA2 - 1) * 8 + bit + 1   (DA2 1..255: p1..p2040)
 *   DA = 00 00: p0, the terminal itself
 *   DA = FF 00: all valid measurement points, p0 excluded (2013): GDW13761_PN_ALL
 *   Fn = DT2 * 8 + bit + 1         (DT2 0..30: F1..F248)
 *
 * Data units follow their identifier in the standard's order (§4.3.4.5):
 * pn ascending outer, Fn ascending inner (all Fn of pi, then pi+1).
 * Pure functions; no allocation. */
#ifndef GDW13761_DADT_H
#define GDW13761_DADT_H

#include <stddef.h>
#include <stdint.h>

#include "gdw13761/layout.h"

#define GDW13761_PN_MAX 2040u
#define GDW13761_FN_MAX 248u
#define GDW13761_PN_ALL 0xFFFFu /* DA = FF 00: every valid measurement point */

typedef struct gdw13761_pnfn {
    uint16_t pn; /* 0..2040 or GDW13761_PN_ALL */
    uint16_t fn; /* 1..248 */
} gdw13761_pnfn;

/* One identifier expanded: pn[0..npn) and fn[0..nfn), both ascending. */
typedef struct gdw13761_dadt {
    uint16_t pn[8];
    uint16_t fn[8];
    uint8_t npn, nfn;
} gdw13761_dadt;

/* Expands the 4 bytes at p. npn or nfn may be 0 (DA1 = 0 with DA2 != 0, or
 * DT1 = 0: the terminal cleared every bit because it has no such data).
 * Returns 0, or -1 with err (E_FRAME) for DA2 = 0 with DA1 other than 00/FF
 * and DT2 > 30. */
int gdw13761_dadt_decode(const uint8_t p[4], gdw13761_dadt *out, gdw13761_err *err);

/* Builds one identifier from pn and fn lists (any order, duplicates allowed),
 * writing 4 bytes to out. Returns 0, or -1 with err when the pn are not in one
 * DA2 group (p0 and PN_ALL stand alone), the fn not in one DT2 group, a number
 * is out of range, or a list is empty. */
int gdw13761_dadt_encode(const uint16_t *pn, size_t npn, const uint16_t *fn, size_t nfn,
                         uint8_t out[4], gdw13761_err *err);

/* Groups (pn, Fn) pairs into identifiers: pairs sharing a DA2 group and a DT2
 * group go into one identifier when they form a full cross product. Within
 * each (DA2, DT2) block it takes the better of two exact partitions (pn with
 * equal Fn sets together, or Fn with equal pn sets together), so a full
 * block always becomes one identifier. Duplicate pairs count once.
 * Identifiers come out ordered by their smallest pn, then smallest Fn, so the
 * units follow pn-outer order overall. Writes up to cap identifiers of 4
 * bytes to out and their number to *n. Returns 0, or -1 with err (E_FORMAT
 * for a pn/Fn out of range, E_SPACE when more than cap are needed). */
int gdw13761_dadt_group(const gdw13761_pnfn *pairs, size_t npairs, uint8_t (*out)[4], size_t cap,
                        size_t *n, gdw13761_err *err);

#endif
