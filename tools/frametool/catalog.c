/* frametool catalog: the 1376.1 coverage table, printed from the catalogue
 * itself so the documentation cannot drift from the code. */
#include <stdio.h>
#include <string.h>

#include "ft.h"
#include "gdw13761/catalog.h"

static const char *pn_name(uint8_t pn)
{
    static const char *const names[] = {"p0",   "point",   "group", "task",
                                        "port", "control", "dc",    "other"};
    return pn < sizeof names / sizeof names[0] ? names[pn] : "?";
}

static const char *layout_kind(const gdw13761_fn *r)
{
    if (!r)
        return "-";
    if (r->layout == gdw13761_empty || r->layout[0].kind == GDW_FK_END)
        return "empty";
    long n = gdw13761_unit_fixed_len(r->layout);
    static char buf[32];
    if (n < 0)
        return "variable";
    snprintf(buf, sizeof buf, "%ld B", n);
    return buf;
}

int ft_catalog_main(int argc, char **argv)
{
    int markdown = argc > 0 && strcmp(argv[0], "--markdown") == 0;
    size_t n = gdw13761_cat_count();
    if (markdown) {
        puts("| AFN | Fn | name | 名称 | pn | down (master → terminal) | up (terminal → master) |");
        puts("|---|---|---|---|---|---|---|");
    }
    size_t fns = 0;
    for (size_t i = 0; i < n; i++) {
        const gdw13761_fn *r = gdw13761_cat_at(i);
        const gdw13761_fn *next = i + 1 < n ? gdw13761_cat_at(i + 1) : NULL;
        const gdw13761_fn *down = r->dir == GDW13761_DOWN ? r : NULL;
        const gdw13761_fn *up = r->dir == GDW13761_UP ? r : NULL;
        if (down && next && next->afn == r->afn && next->fn == r->fn && next->dir == GDW13761_UP) {
            up = next;
            i++;
        }
        char dbuf[32], ubuf[32];
        snprintf(dbuf, sizeof dbuf, "%s", down ? layout_kind(down) : "-");
        snprintf(ubuf, sizeof ubuf, "%s", up ? layout_kind(up) : "-");
        if (markdown)
            printf("| %02X | F%u | %s | %s | %s | %s | %s |\n", r->afn, r->fn, r->name,
                   r->name_zh ? r->name_zh : "", pn_name(r->pn), dbuf, ubuf);
        else
            printf("AFN%02X F%-3u %-8s down %-9s up %-9s %s\n", r->afn, r->fn, pn_name(r->pn), dbuf,
                   ubuf, r->name);
        fns++;
    }
    if (!markdown)
        printf("%zu (AFN, Fn) pairs, %zu catalogue rows\n", fns, n);
    return 0;
}
