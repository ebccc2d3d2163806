#include "gdw13761/catalog.h"

#include "cat_tables.h"

const gdw_field gdw13761_empty[] = {GDW_END};

/* In AFN order; each table is sorted by (afn, fn, dir). */
static const struct {
    const gdw13761_fn *rows;
    const size_t *n;
} tables[] = {
    {gdw13761_cat_afn00_02, &gdw13761_cat_afn00_02_n}, {gdw13761_cat_afn04, &gdw13761_cat_afn04_n},
    {gdw13761_cat_afn05, &gdw13761_cat_afn05_n},       {gdw13761_cat_afn09, &gdw13761_cat_afn09_n},
    {gdw13761_cat_afn0a, &gdw13761_cat_afn0a_n},       {gdw13761_cat_afn0c, &gdw13761_cat_afn0c_n},
    {gdw13761_cat_afn0d, &gdw13761_cat_afn0d_n},       {gdw13761_cat_afn0e, &gdw13761_cat_afn0e_n},
    {gdw13761_cat_afn0f_10, &gdw13761_cat_afn0f_10_n},
};
#define NTABLES (sizeof tables / sizeof tables[0])

static long key(uint8_t afn, uint16_t fn, uint8_t dir)
{
    return (long)afn << 17 | (long)fn << 1 | dir;
}

const gdw13761_fn *gdw13761_cat_find(uint8_t afn, uint16_t fn, uint8_t dir)
{
    long k = key(afn, fn, dir);
    for (size_t i = 0; i < NTABLES; i++) {
        const gdw13761_fn *t = tables[i].rows;
        size_t n = *tables[i].n;
        if (n == 0 || afn < t[0].afn || afn > t[n - 1].afn)
            continue;
        size_t lo = 0, hi = n;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            long km = key(t[mid].afn, t[mid].fn, t[mid].dir);
            if (km == k)
                return &t[mid];
            if (km < k)
                lo = mid + 1;
            else
                hi = mid;
        }
    }
    return NULL;
}

const gdw13761_fn *gdw13761_cat_at(size_t i)
{
    for (size_t j = 0; j < NTABLES; j++) {
        size_t n = *tables[j].n;
        if (i < n)
            return &tables[j].rows[i];
        i -= n;
    }
    return NULL;
}

size_t gdw13761_cat_count(void)
{
    size_t n = 0;
    for (size_t j = 0; j < NTABLES; j++)
        n += *tables[j].n;
    return n;
}
