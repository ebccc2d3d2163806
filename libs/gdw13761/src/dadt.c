/* DA/DT data-unit identifiers (§4.3.4.4). See dadt.h. */
#include "gdw13761/dadt.h"

#include <stdbool.h>
#include <string.h>

#include "gdw13761/frame.h"

/* DA "key": 0 = p0, 1..255 = DA2 group, 256 = all valid points. */
enum { DAKEY_P0 = 0, DAKEY_ALL = 256 };

static bool pn_split(uint16_t pn, unsigned *dakey, unsigned *bit)
{
    if (pn == 0) {
        *dakey = DAKEY_P0;
        *bit = 0;
        return true;
    }
    if (pn == GDW13761_PN_ALL) {
        *dakey = DAKEY_ALL;
        *bit = 0;
        return true;
    }
    if (pn > GDW13761_PN_MAX)
        return false;
    *dakey = (pn - 1u) / 8u + 1u;
    *bit = (pn - 1u) % 8u;
    return true;
}

static bool fn_split(uint16_t fn, unsigned *dt2, unsigned *bit)
{
    if (fn < 1 || fn > GDW13761_FN_MAX)
        return false;
    *dt2 = (fn - 1u) / 8u;
    *bit = (fn - 1u) % 8u;
    return true;
}

static void da_bytes(unsigned dakey, uint8_t rows, uint8_t out[2])
{
    if (dakey == DAKEY_P0) {
        out[0] = out[1] = 0;
    } else if (dakey == DAKEY_ALL) {
        out[0] = 0xFF;
        out[1] = 0;
    } else {
        out[0] = rows;
        out[1] = (uint8_t)dakey;
    }
}

int gdw13761_dadt_decode(const uint8_t p[4], gdw13761_dadt *out, gdw13761_err *err)
{
    memset(out, 0, sizeof *out);
    uint8_t da1 = p[0], da2 = p[1], dt1 = p[2], dt2 = p[3];
    if (da2 == 0) {
        if (da1 == 0)
            out->pn[out->npn++] = 0;
        else if (da1 == 0xFF)
            out->pn[out->npn++] = GDW13761_PN_ALL;
        else
            return gdw13761_err_set(err, GDW13761_E_FRAME, 0,
                                    "DA %02X 00: with DA2 = 0 only DA1 = 00 (p0) or FF (all "
                                    "points) is defined",
                                    da1);
    } else {
        for (unsigned b = 0; b < 8; b++)
            if ((unsigned)da1 >> b & 1u)
                out->pn[out->npn++] = (uint16_t)((da2 - 1u) * 8u + b + 1u);
    }
    if (dt2 > 30)
        return gdw13761_err_set(err, GDW13761_E_FRAME, 3, "DT2 = %u undefined (0..30)", dt2);
    for (unsigned b = 0; b < 8; b++)
        if ((unsigned)dt1 >> b & 1u)
            out->fn[out->nfn++] = (uint16_t)(dt2 * 8u + b + 1u);
    return 0;
}

int gdw13761_dadt_encode(const uint16_t *pn, size_t npn, const uint16_t *fn, size_t nfn,
                         uint8_t out[4], gdw13761_err *err)
{
    if (npn == 0 || nfn == 0)
        return gdw13761_err_set(err, GDW13761_E_FORMAT, 0, "DA/DT needs at least one pn and Fn");
    unsigned key0 = 0, dt0 = 0, k, b;
    uint8_t rows = 0, cols = 0;
    for (size_t i = 0; i < npn; i++) {
        if (!pn_split(pn[i], &k, &b))
            return gdw13761_err_set(err, GDW13761_E_FORMAT, 0, "p%u out of range 0..2040", pn[i]);
        if (i == 0)
            key0 = k;
        else if (k != key0)
            return gdw13761_err_set(err, GDW13761_E_FORMAT, 0,
                                    "p%u and p%u are not in one DA group", pn[0], pn[i]);
        rows |= (uint8_t)(1u << b);
    }
    for (size_t i = 0; i < nfn; i++) {
        if (!fn_split(fn[i], &k, &b))
            return gdw13761_err_set(err, GDW13761_E_FORMAT, 0, "F%u out of range 1..248", fn[i]);
        if (i == 0)
            dt0 = k;
        else if (k != dt0)
            return gdw13761_err_set(err, GDW13761_E_FORMAT, 0,
                                    "F%u and F%u are not in one DT group", fn[0], fn[i]);
        cols |= (uint8_t)(1u << b);
    }
    da_bytes(key0, rows, out);
    out[2] = cols;
    out[3] = (uint8_t)dt0;
    return 0;
}

static unsigned block_key(unsigned dakey, unsigned dt2)
{
    return dakey << 5 | dt2;
}

static unsigned lowbit(unsigned m)
{
    unsigned b = 0;
    while (m && !(m >> b & 1u))
        b++;
    return b;
}

typedef struct rect {
    uint8_t rows, cols;
} rect;

/* Partition m (m[row] = Fn bitmask) by rows with equal masks. */
static size_t part_rows(const uint8_t m[8], rect r[8])
{
    size_t n = 0;
    for (unsigned i = 0; i < 8; i++) {
        if (!m[i])
            continue;
        size_t j = 0;
        while (j < n && r[j].cols != m[i])
            j++;
        if (j == n)
            r[n++] = (rect){0, m[i]};
        r[j].rows |= (uint8_t)(1u << i);
    }
    return n;
}

/* Partition by columns with equal row sets, sorted by first row then column. */
static size_t part_cols(const uint8_t m[8], rect r[8])
{
    uint8_t t[8] = {0};
    for (unsigned i = 0; i < 8; i++)
        for (unsigned c = 0; c < 8; c++)
            if ((unsigned)m[i] >> c & 1u)
                t[c] |= (uint8_t)(1u << i);
    rect tr[8];
    size_t n = part_rows(t, tr);
    for (size_t i = 0; i < n; i++)
        r[i] = (rect){tr[i].cols, tr[i].rows};
    for (size_t i = 1; i < n; i++) { /* insertion sort by (first row, first col) */
        rect x = r[i];
        size_t j = i;
        while (j > 0 && (lowbit(r[j - 1].rows) > lowbit(x.rows) ||
                         (lowbit(r[j - 1].rows) == lowbit(x.rows) &&
                          lowbit(r[j - 1].cols) > lowbit(x.cols)))) {
            r[j] = r[j - 1];
            j--;
        }
        r[j] = x;
    }
    return n;
}

int gdw13761_dadt_group(const gdw13761_pnfn *pairs, size_t npairs, uint8_t (*out)[4], size_t cap,
                        size_t *n, gdw13761_err *err)
{
    *n = 0;
    unsigned k, b, d, c;
    for (size_t i = 0; i < npairs; i++) {
        if (!pn_split(pairs[i].pn, &k, &b))
            return gdw13761_err_set(err, GDW13761_E_FORMAT, i, "pair %zu: p%u out of range", i,
                                    pairs[i].pn);
        if (!fn_split(pairs[i].fn, &d, &c))
            return gdw13761_err_set(err, GDW13761_E_FORMAT, i, "pair %zu: F%u out of range", i,
                                    pairs[i].fn);
    }
    /* visit blocks (DA group, DT group) in ascending key order */
    long prev = -1;
    for (;;) {
        long next = -1;
        for (size_t i = 0; i < npairs; i++) {
            pn_split(pairs[i].pn, &k, &b);
            fn_split(pairs[i].fn, &d, &c);
            long key = (long)block_key(k, d);
            if (key > prev && (next < 0 || key < next))
                next = key;
        }
        if (next < 0)
            break;
        uint8_t m[8] = {0};
        for (size_t i = 0; i < npairs; i++) {
            pn_split(pairs[i].pn, &k, &b);
            fn_split(pairs[i].fn, &d, &c);
            if ((long)block_key(k, d) == next)
                m[b] |= (uint8_t)(1u << c);
        }
        rect ra[8], rb[8];
        size_t na = part_rows(m, ra), nb = part_cols(m, rb);
        const rect *r = nb < na ? rb : ra;
        size_t nr = nb < na ? nb : na;
        unsigned dakey = (unsigned)next >> 5, dt2 = (unsigned)next & 31u;
        for (size_t i = 0; i < nr; i++) {
            if (*n >= cap)
                return gdw13761_err_set(err, GDW13761_E_SPACE, *n,
                                        "more than %zu DA/DT identifiers needed", cap);
            da_bytes(dakey, r[i].rows, out[*n]);
            out[*n][2] = r[i].cols;
            out[*n][3] = (uint8_t)dt2;
            (*n)++;
        }
        prev = next;
    }
    return 0;
}
