/* AFN0A query parameters (§5.10): each unit's answer is the parameter's
 * bytes as the store keeps them (the AFN04 wire bytes, or the default),
 * handed to the encoder as raw BYTES of the catalogue row (the store checked
 * them against the same layout when they were set).
 *
 * List parameters name the objects wanted in the query (Table 124-126):
 * F10 meter indexes, F11/F13/F14/F15/F33/F34 object numbers, F38/F39 the
 * user major class. The answer holds the count of the objects found and
 * their elements in the order asked; objects never set are left out, and a
 * unit with none found is left out (its DT bit cleared). pn FF00, an Fn
 * that is no parameter, and units whose data does not fit are left out too;
 * when nothing is left the request is denied. */
#include <string.h>

#include "disp_int.h"

/* List parameters and the width of their count field. */
static const struct {
    uint16_t fn;
    uint8_t count_len;
    const char *query; /* the array of wanted keys in the query */
} lists[] = {
    {10, 2, "indexes"}, {11, 1, "items"}, {13, 1, "items"}, {14, 1, "items"}, {15, 1, "items"},
    {33, 1, "items"},   {34, 1, "items"}, {38, 0, NULL},    {39, 0, NULL},
};

/* The bytes of a list parameter for the keys the query names; NULL value
 * when none is found or on no space. Returns -1 on a store failure. */
static int list_answer(disp_ctx *c, size_t li, const gdw13761_unit *u, const mdc_value **out)
{
    *out = NULL;
    store *st = c->d->st;
    size_t len = 0;
    if (lists[li].count_len == 0) { /* F38/F39: the unit of one user class */
        int64_t major;
        if (!disp_get_int(u->value, "major", &major) || major < 0 || major > 255)
            return 0;
        uint8_t *p = c->d->work_pool + c->pool_used;
        int rc = store_param_get_key(st, u->fn, u->pn, (uint32_t)major, p,
                                     sizeof c->d->work_pool - c->pool_used, &len);
        if (rc == STORE_E_NOTFOUND || rc == STORE_E_SPACE)
            return 0;
        if (rc != 0)
            return -1;
        *out = disp_bytes(c, disp_pool(c, len), len);
        return 0;
    }
    const mdc_value *keys =
        u->value && u->value->kind == MDC_V_OBJECT ? mdc_v_get(u->value, lists[li].query) : NULL;
    if (!keys || keys->kind != MDC_V_ARRAY)
        return 0;
    size_t cl = lists[li].count_len;
    size_t start = c->pool_used;
    uint8_t *head = disp_pool(c, cl);
    if (!head)
        return 0;
    size_t found = 0;
    for (const mdc_value *k = keys->u.list.head; k; k = k->next) {
        int64_t key;
        if (!mdc_v_int(k, &key) || key < 0 || key > 0xFFFF)
            continue;
        int rc =
            store_param_get_key(st, u->fn, u->pn, (uint32_t)key, c->d->work_pool + c->pool_used,
                                sizeof c->d->work_pool - c->pool_used, &len);
        if (rc == STORE_E_NOTFOUND)
            continue;
        if (rc == STORE_E_SPACE)
            break;
        if (rc != 0)
            return -1;
        c->pool_used += len;
        found++;
    }
    if (found == 0) {
        c->pool_used = start;
        return 0;
    }
    for (size_t i = 0; i < cl; i++)
        head[i] = (uint8_t)(found >> (8 * i));
    *out = disp_bytes(c, head, c->pool_used - start);
    return 0;
}

int disp_afn0a(disp_ctx *c)
{
    const gdw13761_msg *m = c->m;
    for (size_t i = 0; i < m->nunits; i++) {
        const gdw13761_unit *u = &m->units[i];
        if (!u->row || u->pn == GDW13761_PN_ALL || !gdw13761_cat_find(0x0A, u->fn, GDW13761_UP))
            continue;
        const mdc_value *v = NULL;
        size_t li = sizeof lists / sizeof lists[0];
        for (size_t k = 0; k < sizeof lists / sizeof lists[0]; k++)
            if (lists[k].fn == u->fn)
                li = k;
        if (li < sizeof lists / sizeof lists[0]) {
            if (list_answer(c, li, u, &v) != 0)
                return disp_fail(c, "AFN0A list read");
        } else {
            size_t len = 0;
            uint8_t *p = c->d->work_pool + c->pool_used;
            int rc = store_param_get(c->d->st, u->fn, u->pn, p,
                                     sizeof c->d->work_pool - c->pool_used, &len);
            if (rc == STORE_E_INVALID || rc == STORE_E_SPACE)
                continue; /* no parameter for this pn, or no room: left out */
            if (rc != 0)
                return disp_fail(c, "AFN0A read");
            v = disp_bytes(c, disp_pool(c, len), len);
        }
        if (v && !disp_add(c, u->pn, u->fn, v))
            break;
    }
    return disp_finish(c, 0x0A);
}
