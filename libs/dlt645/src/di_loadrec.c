/* DL/T 645-2007 load records (DI3 = 06): the reply is one or more records
 *   A0 A0 | L | YYMMDDhhmm | 6 blocks, each "data AA" or just "AA" | CS | E5 E5
 * where L counts the bytes from the time to the last AA and CS is the byte sum
 * of A0 A0 .. last AA (our reading; a record whose CS differs keeps the sent
 * CS in "cs" so it re-encodes unchanged). Blocks: V/I/f, P/Q, PF, energies,
 * quadrant reactive energies, current demand (notes 1.10.7). */
#include <string.h>

#include "di_internal.h"

#define BLOCK DLT645_DK_BLOCK

static const di_layout *const blocks[6] = {
    DI_OBJ(BLOCK, NULL, DI_FLD("va", DI_F_V2), DI_FLD("vb", DI_F_V2), DI_FLD("vc", DI_F_V2),
           DI_FLD("ia", DI_F_I3S), DI_FLD("ib", DI_F_I3S), DI_FLD("ic", DI_F_I3S),
           DI_FLD("f", DI_F_HZ2)),
    DI_OBJ(BLOCK, NULL, DI_FLD("p", DI_F_P3S), DI_FLD("pa", DI_F_P3S), DI_FLD("pb", DI_F_P3S),
           DI_FLD("pc", DI_F_P3S), DI_FLD("q", DI_F_Q3S), DI_FLD("qa", DI_F_Q3S),
           DI_FLD("qb", DI_F_Q3S), DI_FLD("qc", DI_F_Q3S)),
    DI_OBJ(BLOCK, NULL, DI_FLD("total", DI_F_PF2S), DI_FLD("a", DI_F_PF2S), DI_FLD("b", DI_F_PF2S),
           DI_FLD("c", DI_F_PF2S)),
    DI_OBJ(BLOCK, NULL, DI_FLD("forward_active", DI_F_E4), DI_FLD("reverse_active", DI_F_E4),
           DI_FLD("combined_reactive_1", DI_F_Q4S), DI_FLD("combined_reactive_2", DI_F_Q4S)),
    DI_OBJ(BLOCK, NULL, DI_FLD("q1", DI_F_Q4), DI_FLD("q2", DI_F_Q4), DI_FLD("q3", DI_F_Q4),
           DI_FLD("q4", DI_F_Q4)),
    DI_OBJ(BLOCK, NULL, DI_FLD("active_demand", DI_F_D3), DI_FLD("reactive_demand", DI_F_DQ3)),
};
static const char *const block_key[6] = {"vif", "power", "pf", "energy", "reactive", "demand"};

static uint8_t sum8(const uint8_t *p, size_t n)
{
    unsigned s = 0;
    for (size_t i = 0; i < n; i++)
        s += p[i];
    return (uint8_t)s;
}

/* One record at p[0..n); returns its length or 0 (with *reason). */
static size_t dec_one(const uint8_t *p, size_t n, mdc_arena *a, mdc_value *arr, bool *invalid,
                      const char **reason)
{
    if (n < 6 || p[0] != 0xA0 || p[1] != 0xA0) {
        *reason = "load record: no A0 A0 start code";
        return 0;
    }
    size_t L = p[2], end = 3 + L;
    if (L < 5 + 6 || end + 3 > n || p[end + 1] != 0xE5 || p[end + 2] != 0xE5) {
        *reason = "load record: length byte does not lead to CS E5 E5";
        return 0;
    }
    mdc_value *o = mdc_v_add_obj(a, arr, NULL);
    if (!o || !dlt645_di_prim_decode(&DI_F_T_YMDHM, p + 3, 5, a, o, "time", invalid))
        return 0;
    size_t pos = 8;
    for (int b = 0; b < 6; b++) {
        size_t bl = dlt645_di_lay_len(blocks[b]);
        if (pos < end && p[pos] == 0xAA) {
            pos++;
            continue; /* empty block */
        }
        if (pos + bl + 1 > end || p[pos + bl] != 0xAA) {
            *reason = "load record: a block is not followed by AA";
            return 0;
        }
        if (!dlt645_di_lay_decode(blocks[b], p + pos, bl, a, o, block_key[b], invalid))
            return 0;
        pos += bl + 1;
    }
    if (pos != end) {
        *reason = "load record: bytes left after the six blocks";
        return 0;
    }
    if (sum8(p, end) != p[end] && !mdc_v_add_int(a, o, "cs", p[end], NULL))
        return 0;
    return end + 3;
}

bool dlt645_di_loadrec_decode(const uint8_t *p, size_t n, mdc_arena *a, mdc_value **out,
                              bool *invalid, const char **reason)
{
    mdc_value *arr = mdc_v_add_arr(a, NULL, NULL);
    *reason = "load record: empty";
    if (!arr || n == 0)
        return false;
    for (size_t pos = 0; pos < n;) {
        size_t k = dec_one(p + pos, n - pos, a, arr, invalid, reason);
        if (!k)
            return false;
        pos += k;
    }
    *out = arr;
    return true;
}

static const char *enc_one(const mdc_value *o, uint8_t *p, size_t cap, size_t *n)
{
    const char *why, *where = NULL;
    if (o->kind != MDC_V_OBJECT)
        return "load record: each record must be an object";
    if (cap < 8)
        return "output buffer too small";
    p[0] = p[1] = 0xA0;
    if ((why = dlt645_di_prim_encode(&DI_F_T_YMDHM, mdc_v_get(o, "time"), p + 3, 5, false)))
        return why;
    size_t pos = 8;
    for (int b = 0; b < 6; b++) {
        const mdc_value *m = mdc_v_get(o, block_key[b]);
        size_t bl = m ? dlt645_di_lay_len(blocks[b]) : 0;
        if (pos + bl + 1 > cap)
            return "output buffer too small";
        if (m && (why = dlt645_di_lay_encode(blocks[b], m, p + pos, bl, &where)))
            return why;
        pos += bl;
        p[pos++] = 0xAA;
    }
    if (pos + 3 > cap)
        return "output buffer too small";
    p[2] = (uint8_t)(pos - 3);
    int64_t cs = sum8(p, pos);
    const mdc_value *c = mdc_v_get(o, "cs");
    if (c && (!mdc_v_int(c, &cs) || cs < 0 || cs > 255))
        return "load record: cs must be 0..255";
    p[pos] = (uint8_t)cs;
    p[pos + 1] = p[pos + 2] = 0xE5;
    *n = pos + 3;
    return NULL;
}

const char *dlt645_di_loadrec_encode(const mdc_value *v, uint8_t *p, size_t cap, size_t *n)
{
    size_t pos = 0, k = 0;
    if (v->kind != MDC_V_ARRAY || v->u.list.n == 0)
        return "load record: an array of records was expected";
    for (const mdc_value *o = v->u.list.head; o; o = o->next) {
        const char *why = enc_one(o, p + pos, cap - pos, &k);
        if (why)
            return why;
        pos += k;
    }
    *n = pos;
    return NULL;
}

size_t dlt645_di_loadrec_request(uint32_t di, unsigned n, const mdc_tm *t, uint8_t *out, size_t cap)
{
    unsigned d3 = di >> 24, d2 = (di >> 16) & 0xFF, d1 = (di >> 8) & 0xFF, d0 = di & 0xFF;
    if (d3 != 0x06 || d2 > 6 || d1 != 0 || d0 > 2 || n == 0 || n > 99 || !out)
        return 0;
    size_t len = d0 == 1 ? 6 : 1;
    if (cap < len)
        return 0;
    if (d0 == 1) {
        mdc_value tv;
        memset(&tv, 0, sizeof tv);
        tv.kind = MDC_V_TIME;
        if (!t)
            return 0;
        tv.u.tm = *t;
        if (dlt645_di_prim_encode(&DI_F_T_YMDHM, &tv, out + 1, 5, false))
            return 0;
    }
    out[0] = (uint8_t)(((n / 10) << 4) | (n % 10));
    return len;
}
