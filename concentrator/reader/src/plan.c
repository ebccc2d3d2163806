/* The item plan: what a round reads from each meter, in the 2007 form. A 1997
 * meter gets the 1997 counterpart of each entry (dlt645_di_map_07_to_97);
 * entries without one are skipped for it. Block entries have members that are
 * read singly once the meter has denied the block. See docs/reader.md. */
#include "rd.h"

#define TAR(di, fl, what)                                                                          \
    {                                                                                              \
        di, (uint8_t)(RD_F_TARIFF | (fl)), 0, {0}, what                                            \
    }
#define PH3(di, fl, what)                                                                          \
    {                                                                                              \
        di, (uint8_t)(RD_F_PHASE | (fl)), 0, {0}, what                                             \
    }
#define ONE(di, fl, what)                                                                          \
    {                                                                                              \
        di, (uint8_t)(fl), 0, {0}, what                                                            \
    }

static const rd_item meter_plan[] = {
    /* current energies */
    TAR(0x0000FF00u, 0, "combined active energy"),
    TAR(0x0001FF00u, 0, "forward active energy"),
    TAR(0x0002FF00u, 0, "reverse active energy"),
    TAR(0x0003FF00u, 0, "combined reactive 1"),
    TAR(0x0004FF00u, 0, "combined reactive 2"),
    TAR(0x0005FF00u, 0, "quadrant I reactive"),
    TAR(0x0006FF00u, 0, "quadrant II reactive"),
    TAR(0x0007FF00u, 0, "quadrant III reactive"),
    TAR(0x0008FF00u, 0, "quadrant IV reactive"),
    /* last settlement day */
    TAR(0x0000FF01u, RD_F_DAILY, "combined active, last settlement"),
    TAR(0x0001FF01u, RD_F_DAILY, "forward active, last settlement"),
    TAR(0x0002FF01u, RD_F_DAILY, "reverse active, last settlement"),
    TAR(0x0003FF01u, RD_F_DAILY, "combined reactive 1, last settlement"),
    TAR(0x0004FF01u, RD_F_DAILY, "combined reactive 2, last settlement"),
    /* maximum demand */
    TAR(0x0101FF00u, 0, "forward active max demand"),
    TAR(0x0102FF00u, 0, "reverse active max demand"),
    TAR(0x0103FF00u, 0, "combined reactive 1 max demand"),
    TAR(0x0104FF00u, 0, "combined reactive 2 max demand"),
    TAR(0x0101FF01u, RD_F_DAILY, "forward active max demand, last settlement"),
    TAR(0x0102FF01u, RD_F_DAILY, "reverse active max demand, last settlement"),
    /* instantaneous */
    PH3(0x0201FF00u, 0, "voltage"),
    PH3(0x0202FF00u, 0, "current"),
    PH3(0x0203FF00u, RD_F_TOTAL, "active power"),
    PH3(0x0204FF00u, RD_F_TOTAL, "reactive power"),
    PH3(0x0205FF00u, RD_F_TOTAL, "apparent power"),
    PH3(0x0206FF00u, RD_F_TOTAL, "power factor"),
    /* clock: date then time (the deviation is measured at the time's reply) */
    ONE(0x04000101u, RD_F_CLOCK, "date"),
    ONE(0x04000102u, RD_F_CLOCK, "time"),
    /* status words */
    {0x040005FFu,
     0,
     7,
     {0x04000501u, 0x04000502u, 0x04000503u, 0x04000504u, 0x04000505u, 0x04000506u, 0x04000507u},
     "status words"},
    /* events: counts and the last record */
    ONE(0x03300000u, RD_F_COUNT, "programming count"),
    ONE(0x03300001u, RD_F_CHANGE, "last programming"),
    ONE(0x03300400u, RD_F_COUNT, "clock-set count"),
    ONE(0x03300401u, RD_F_CHANGE, "last clock set"),
    ONE(0x03300D00u, RD_F_COUNT, "cover-open count"),
    ONE(0x03300D01u, RD_F_CHANGE, "last cover open"),
    ONE(0x03300E00u, RD_F_COUNT, "terminal-box-open count"),
    ONE(0x03300E01u, RD_F_CHANGE, "last terminal-box open"),
    ONE(0x1D000001u, RD_F_COUNT, "trip count"),
    ONE(0x1D000101u, RD_F_CHANGE, "last trip time"),
    ONE(0x1E000001u, RD_F_COUNT, "close count"),
    ONE(0x1E000101u, RD_F_CHANGE, "last close time"),
    ONE(0x03350000u, RD_F_COUNT, "magnetic interference count"),
    ONE(0x03350001u, RD_F_CHANGE, "last magnetic interference"),
    /* prepayment */
    ONE(0x00900100u, 0, "remaining energy"),
    ONE(0x00900101u, 0, "overdraft energy"),
    ONE(0x00900200u, 0, "remaining money"),
    ONE(0x00900201u, 0, "overdraft money"),
    ONE(0x03330201u, 0, "purchase count (after the last purchase)"),
    /* the meter's daily freeze (the most recent) */
    ONE(0x05060001u, RD_F_DAILY | RD_F_2007, "daily freeze time"),
    ONE(0x05060101u, RD_F_DAILY | RD_F_2007, "daily freeze forward active"),
    ONE(0x05060201u, RD_F_DAILY | RD_F_2007, "daily freeze reverse active"),
    ONE(0x05060901u, RD_F_DAILY | RD_F_2007, "daily freeze forward max demand"),
};

/* Residual-current devices (漏保): state, residual current, trips, clock. */
static const rd_item rcd_plan[] = {
    ONE(0x04000503u, RD_F_2007, "status word 3 (trip state)"),
    ONE(0x02900100u, RD_F_2007, "residual current"),
    ONE(0x02900200u, RD_F_2007, "rated residual operating current"),
    ONE(0x1D000001u, RD_F_2007 | RD_F_COUNT, "trip count"),
    ONE(0x1D000101u, RD_F_2007 | RD_F_CHANGE, "last trip time"),
    ONE(0x1D800101u, RD_F_2007 | RD_F_CHANGE, "last trip fault record"),
    ONE(0x04000101u, RD_F_CLOCK, "date"),
    ONE(0x04000102u, RD_F_CLOCK, "time"),
};

const rd_item *rd_plan(bool rcd, size_t *n)
{
    if (rcd) {
        *n = sizeof rcd_plan / sizeof rcd_plan[0];
        return rcd_plan;
    }
    *n = sizeof meter_plan / sizeof meter_plan[0];
    return meter_plan;
}

bool rd_item_is_block(const rd_item *it)
{
    return (it->flags & RD_F_BLOCK) != 0 || it->nmem > 0;
}

size_t rd_item_members(const rd_item *it, const cc_reader_meter *m, uint32_t *out, size_t cap)
{
    size_t k = 0;
    if (it->flags & RD_F_TARIFF) {
        unsigned t = m->tariffs ? m->tariffs : 4u;
        if (t > 12)
            t = 12;
        for (unsigned i = 0; i <= t && k < cap; i++)
            out[k++] = (it->di & 0xFFFF00FFu) | (i << 8);
    } else if (it->flags & RD_F_PHASE) {
        unsigned last = m->three_phase ? 3u : 1u;
        for (unsigned i = (it->flags & RD_F_TOTAL) ? 0u : 1u; i <= last && k < cap; i++)
            out[k++] = (it->di & 0xFFFF00FFu) | (i << 8);
    } else {
        for (unsigned i = 0; i < it->nmem && k < cap; i++)
            out[k++] = it->mem[i];
    }
    return k;
}

bool rd_wire_di(uint8_t protocol, uint32_t di07, uint32_t *wire)
{
    if (protocol == CC_PROTO_645_2007) {
        *wire = di07;
        return true;
    }
    if (protocol == CC_PROTO_645_1997 &&
        (di07 == (0x01010000u | RD_DEM97_TIME) || di07 == (0x01020000u | RD_DEM97_TIME))) {
        *wire = (di07 >> 16) == 0x0101u ? 0xB010u : 0xB020u; /* the total's time only */
        return true;
    }
    if (protocol == CC_PROTO_645_1997 && (di07 == 0x01010000u || di07 == 0x01020000u)) {
        *wire = di07 == 0x01010000u ? 0xA010u : 0xA020u;
        return true;
    }
    dlt645_di_map mp;
    if (protocol != CC_PROTO_645_1997 || !dlt645_di_map_07_to_97(di07, &mp) ||
        mp.conv == DLT645_CONV_PART)
        return false;
    *wire = mp.di97;
    return true;
}
