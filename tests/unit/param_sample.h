/* Test helper shared by the store and dispatcher tests: catalogue sample
 * values (gdw13761_unit_sample) made valid for the store's range table, and
 * list parameters given keys 1, 2, 3 so that their elements stay apart.
 * Include after <cmocka.h>, "cc/store.h" and <string.h>. */
#ifndef TESTS_PARAM_SAMPLE_H
#define TESTS_PARAM_SAMPLE_H

static void clamp_leaf(const store_range *r, mdc_value *v)
{
    if (v->kind == MDC_V_ARRAY) {
        for (mdc_value *c = v->u.list.head; c; c = c->next)
            clamp_leaf(r, c);
        return;
    }
    int64_t x;
    if (mdc_v_int(v, &x) && ((x >= r->lo && x <= r->hi) || (x >= r->lo2 && x <= r->hi2)))
        return;
    v->kind = MDC_V_INT;
    v->u.i = r->lo;
}

static void clamp_path(const store_range *r, mdc_value *v, const char *path)
{
    if (v->kind == MDC_V_ARRAY) {
        for (mdc_value *c = v->u.list.head; c; c = c->next)
            clamp_path(r, c, path);
        return;
    }
    if (v->kind != MDC_V_OBJECT)
        return;
    const char *dot = strchr(path, '.');
    size_t n = dot ? (size_t)(dot - path) : strlen(path);
    for (mdc_value *c = v->u.list.head; c; c = c->next)
        if (c->key && strlen(c->key) == n && strncmp(c->key, path, n) == 0) {
            if (dot)
                clamp_path(r, c, dot + 1);
            else
                clamp_leaf(r, c);
        }
}

/* List parameters: array, key member; keys come out 1, 2, 3. */
static const struct {
    uint16_t fn;
    const char *arr, *key;
} list_keys[] = {
    {10, "meters", "index"}, {11, "pulses", "port"},  {13, "inputs", "port"},
    {14, "groups", "group"}, {15, "groups", "group"}, {33, "ports", "port"},
    {34, "ports", "port"},
};

/* Makes v valid; returns the number of list elements (0 for other Fn). */
static size_t make_valid(uint16_t fn, mdc_value *v)
{
    size_t n;
    const store_range *r = store_param_ranges(&n);
    for (size_t i = 0; i < n; i++)
        if (r[i].fn == fn)
            clamp_path(&r[i], v, r[i].path);
    for (size_t i = 0; i < sizeof list_keys / sizeof list_keys[0]; i++) {
        if (list_keys[i].fn != fn)
            continue;
        const mdc_value *arr = mdc_v_get(v, list_keys[i].arr);
        assert_non_null(arr);
        int64_t k = 1;
        for (mdc_value *e = arr->u.list.head; e; e = e->next, k++)
            for (mdc_value *c = e->u.list.head; c; c = c->next)
                if (c->key && strcmp(c->key, list_keys[i].key) == 0) {
                    c->kind = MDC_V_INT;
                    c->u.i = k;
                }
        return arr->u.list.n;
    }
    return 0;
}

#endif
