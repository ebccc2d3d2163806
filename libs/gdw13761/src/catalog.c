#include "gdw13761/catalog.h"

#include "cat_tables.h"

const gdw_field gdw13761_empty[] = {GDW_END};

/* In AFN order; each table is sorted by (afn, fn, dir). */
static const gdw13761_fn *const tables[] = {
    gdw13761_cat_afn00_02, gdw13761_cat_afn04, gdw13761_cat_afn05,
    gdw13761_cat_afn09,    gdw13761_cat_afn0a, gdw13761_cat_afn0c,
    gdw13761_cat_afn0d,    gdw13761_cat_afn0e, gdw13761_cat_afn0f_10,
};

static size_t table_len(const gdw13761_fn *t)
{
    size_t n = 0;
    while (t[n].layout)
        n++;
    return n;
}

static long key(uint8_t afn, uint16_t fn, uint8_t dir)
{
    return (long)afn << 17 | (long)fn << 1 | dir;
}

const gdw13761_fn *gdw13761_cat_find(uint8_t afn, uint16_t fn, uint8_t dir)
{
    long k = key(afn, fn, dir);
    for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
        const gdw13761_fn *t = tables[i];
        size_t lo = 0, hi = table_len(t);
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
    for (size_t j = 0; j < sizeof tables / sizeof tables[0]; j++) {
        size_t n = table_len(tables[j]);
        if (i < n)
            return &tables[j][i];
        i -= n;
    }
    return NULL;
}

size_t gdw13761_cat_count(void)
{
    size_t n = 0;
    for (size_t j = 0; j < sizeof tables / sizeof tables[0]; j++)
        n += table_len(tables[j]);
    return n;
}
