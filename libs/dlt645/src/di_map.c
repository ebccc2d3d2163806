/* DL/T 645-1997 <-> 2007 DI mapping for the items both editions carry, and
 * data conversion between them through the value tree. */
#include <string.h>

#include "di_internal.h"

/* di97 = b97 + i*a97 + j*c97, di07 = b07 + i*a07 + j*c07 for i < na, j < nc. */
typedef struct map_row {
    uint16_t b97;
    uint32_t b07;
    uint8_t na;
    uint16_t a97;
    uint32_t a07;
    uint8_t nc;
    uint16_t c97;
    uint32_t c07;
    uint8_t conv;
    const char *member;
    const char *note;
} map_row;

#define SAME    DLT645_CONV_SAME
#define RESCALE DLT645_CONV_RESCALE
#define PART    DLT645_CONV_PART
/* Tariffs 0..4 (1997 DI0 +1, 2007 DI1 +1) over months (1997 DI1 +4, 2007 DI0 +1). */
#define TM(b97, b07, conv, member, note)                                                           \
    {                                                                                              \
        b97, b07, 5, 0x0001, 0x00000100u, 3, 0x0400, 0x00000001u, conv, member, note               \
    }
/* Block over months. */
#define BM(b97, b07, conv, note)                                                                   \
    {                                                                                              \
        b97, b07, 3, 0x0400, 0x00000001u, 1, 0, 0, conv, NULL, note                                \
    }
/* n consecutive phases (1997 DI0 +1, 2007 DI1 +1). */
#define PHS(b97, b07, n, conv, note)                                                               \
    {                                                                                              \
        b97, b07, n, 0x0001, 0x00000100u, 1, 0, 0, conv, NULL, note                                \
    }
#define ONE(b97, b07, conv, note)                                                                  \
    {                                                                                              \
        b97, b07, 1, 0, 0, 1, 0, 0, conv, NULL, note                                               \
    }

static const map_row map[] = {
    TM(0x9010, 0x00010000u, SAME, NULL, "same format XXXXXX.XX; last month = settlement day 1"),
    BM(0x901F, 0x0001FF00u, SAME, "block: total + tariffs (1997 at most 14 tariffs)"),
    TM(0x9020, 0x00020000u, SAME, NULL, "same format XXXXXX.XX"),
    BM(0x902F, 0x0002FF00u, SAME, "block: total + tariffs"),
    TM(0x9110, 0x00030000u, SAME, NULL,
       "field-practice mapping: 1997 forward reactive = 2007 combined reactive 1 (signed in 2007)"),
    BM(0x911F, 0x0003FF00u, SAME, "field-practice mapping (combined reactive 1 block)"),
    TM(0x9120, 0x00040000u, SAME, NULL,
       "field-practice mapping: 1997 reverse reactive = 2007 combined reactive 2 (signed in 2007)"),
    BM(0x912F, 0x0004FF00u, SAME, "field-practice mapping (combined reactive 2 block)"),
    TM(0x9130, 0x00050000u, SAME, NULL, "quadrant I reactive"),
    TM(0x9140, 0x00080000u, SAME, NULL, "quadrant IV reactive (1997 DI0 4x)"),
    TM(0x9150, 0x00060000u, SAME, NULL, "quadrant II reactive (1997 DI0 5x)"),
    TM(0x9160, 0x00070000u, SAME, NULL, "quadrant III reactive (1997 DI0 6x)"),
    BM(0x913F, 0x0005FF00u, SAME, "quadrant I reactive block"),
    BM(0x914F, 0x0008FF00u, SAME, "quadrant IV reactive block"),
    BM(0x915F, 0x0006FF00u, SAME, "quadrant II reactive block"),
    BM(0x916F, 0x0007FF00u, SAME, "quadrant III reactive block"),
    TM(0xA010, 0x01010000u, PART, "value",
       "1997 demand only (time is B010, MMDDhhmm); 2007 carries XX.XXXX + YYMMDDhhmm"),
    TM(0xA020, 0x01020000u, PART, "value", "1997 demand only (time is B020)"),
    PHS(0xB611, 0x02010100u, 3, RESCALE, "1997 XXX whole volts, 2007 XXX.X"),
    ONE(0xB61F, 0x0201FF00u, RESCALE, "1997 XXX whole volts, 2007 XXX.X"),
    PHS(0xB621, 0x02020100u, 3, RESCALE, "1997 XX.XX unsigned, 2007 XXX.XXX signed"),
    ONE(0xB62F, 0x0202FF00u, RESCALE, "1997 XX.XX unsigned, 2007 XXX.XXX signed"),
    PHS(0xB630, 0x02030000u, 4, RESCALE, "1997 XX.XXXX unsigned, 2007 signed"),
    ONE(0xB63F, 0x0203FF00u, RESCALE, "1997 XX.XXXX unsigned, 2007 signed"),
    PHS(0xB640, 0x02040000u, 4, RESCALE, "1997 XX.XX kvar, 2007 XX.XXXX signed"),
    ONE(0xB64F, 0x0204FF00u, RESCALE, "1997 XX.XX kvar, 2007 XX.XXXX signed"),
    PHS(0xB650, 0x02060000u, 4, RESCALE, "1997 X.XXX unsigned, 2007 signed"),
    ONE(0xB65F, 0x0206FF00u, RESCALE, "1997 X.XXX unsigned, 2007 signed"),
    ONE(0xB212, 0x03300000u, RESCALE, "1997 NNNN (2 bytes), 2007 XXXXXX (3 bytes)"),
    ONE(0xB213, 0x03300200u, RESCALE, "1997 NNNN (2 bytes), 2007 XXXXXX (3 bytes)"),
    ONE(0xB214, 0x0280000Au, RESCALE, "1997 NNNNNN (3 bytes), 2007 XXXXXXXX (4 bytes), minutes"),
    ONE(0xC010, 0x04000101u, SAME, "YYMMDDWW"),
    ONE(0xC011, 0x04000102u, SAME, "hhmmss"),
    ONE(0xC030, 0x04000409u, SAME, "XXXXXX"),
    ONE(0xC031, 0x0400040Au, SAME, "XXXXXX"),
    ONE(0xC032, 0x04000402u, SAME, "meter number, 6 bytes"),
    ONE(0xC111, 0x04000103u, SAME, "NN minutes"),
    ONE(0xC112, 0x04000104u, SAME, "NN minutes"),
    ONE(0xC117, 0x04000B01u, SAME, "DDhh"),
};

static void fill(const map_row *r, uint32_t i, uint32_t j, dlt645_di_map *o)
{
    o->di97 = (uint16_t)(r->b97 + i * r->a97 + j * r->c97);
    o->di07 = r->b07 + i * r->a07 + j * r->c07;
    o->conv = r->conv;
    o->member = r->member;
    o->note = r->note;
}

static bool find(bool from97, uint32_t di, dlt645_di_map *out)
{
    for (size_t k = 0; k < sizeof map / sizeof map[0]; k++) {
        const map_row *r = &map[k];
        for (uint32_t j = 0; j < r->nc; j++)
            for (uint32_t i = 0; i < r->na; i++) {
                uint32_t d = from97 ? (uint32_t)(r->b97 + i * r->a97 + j * r->c97)
                                    : r->b07 + i * r->a07 + j * r->c07;
                if (d == di) {
                    fill(r, i, j, out);
                    return true;
                }
            }
    }
    return false;
}

bool dlt645_di_map_97_to_07(uint16_t di97, dlt645_di_map *out)
{
    return out && find(true, di97, out);
}

bool dlt645_di_map_07_to_97(uint32_t di07, dlt645_di_map *out)
{
    return out && find(false, di07, out);
}

dlt645_di_status dlt645_di_convert(unsigned from_ed, uint32_t from_di, const uint8_t *data,
                                   size_t len, mdc_arena *arena, uint32_t *to_di, uint8_t *out,
                                   size_t cap, size_t *out_len, dlt645_di_err *err)
{
    dlt645_di_err e0;
    dlt645_di_map m;
    mdc_value *v = NULL;
    if (!err)
        err = &e0;
    err->where = NULL;
    bool from97 = from_ed == DLT645_DI_ED_1997;
    if ((!from97 && from_ed != DLT645_DI_ED_2007) || !to_di || !out_len ||
        !(from97 ? dlt645_di_map_97_to_07((uint16_t)from_di, &m)
                 : dlt645_di_map_07_to_97(from_di, &m))) {
        err->reason = "no counterpart for this DI in the other edition";
        return err->status = DLT645_DI_EINVAL;
    }
    dlt645_di_status st = dlt645_di_decode(from_ed, from_di, data, len, arena, &v, err);
    if (st == DLT645_DI_EINVAL || st == DLT645_DI_ENOMEM)
        return st;
    if (st != DLT645_DI_OK) {
        err->reason = st == DLT645_DI_BAD_LENGTH ? "source data has the wrong length"
                                                 : "source data has invalid parts";
        return err->status = DLT645_DI_EVALUE;
    }
    if (m.conv == DLT645_CONV_PART) {
        if (from97) {
            err->reason = "the 1997 item carries only part of the 2007 record (no demand time)";
            return err->status = DLT645_DI_EVALUE;
        }
        v = (mdc_value *)mdc_v_get(v, m.member);
    }
    unsigned to_ed = from97 ? DLT645_DI_ED_2007 : DLT645_DI_ED_1997;
    *to_di = from97 ? m.di07 : m.di97;
    return dlt645_di_encode_ex(to_ed, *to_di, v, out, cap, out_len, true, err);
}
