/* AFN09 terminal configuration and information (§5.9).
 *
 * F1 comes from the site config (d->info). The others describe this
 * software and are static (docs/dispatch.md lists the values):
 * F2 ports, F3 capacities, F4 the AFN04 Fn of the catalogue, F5 the AFN05
 * controls handled, F6/F7 the AFN0C/AFN0D Fn handled (user class 0),
 * F9/F10 module versions (no module information reaches the dispatcher:
 * vendor and versions of the terminal, empty ICCID, address 0). F8 and
 * Fn above F10 are left out (no data: denied when alone). */
#include <stdio.h>
#include <string.h>

#include "cc/mdata.h"
#include "disp_int.h"
#include "gdw13761/catalog.h"

/* Adds a NUL-terminated field as STR (the encoder pads it). */
static void add_str(disp_ctx *c, mdc_value *o, const char *key, const char *s, size_t max)
{
    mdc_v_add_str(&c->arena, o, key, s, strnlen(s, max));
}

/* A date (A.20): NULL (EE bytes) when the config gave no valid date. */
static void add_date(disp_ctx *c, mdc_value *o, const char *key, const mdc_tm *t)
{
    mdc_tm d = *t;
    d.fields &= MDC_TM_DATE;
    if (d.fields != MDC_TM_DATE || !mdc_tm_valid(&d) || d.year < 2000 || d.year > 2099)
        mdc_v_add_null(&c->arena, o, key);
    else
        mdc_v_add_time(&c->arena, o, key, &d);
}

static mdc_value *f1(disp_ctx *c)
{
    const cc_terminal_info *in = c->d->info;
    mdc_value *o = disp_obj(c);
    add_str(c, o, "vendor", in->vendor, 4);
    add_str(c, o, "device_id", in->device_id, 8);
    add_str(c, o, "sw_version", in->sw_version, 4);
    add_date(c, o, "sw_date", &in->sw_date);
    add_str(c, o, "capacity_code", in->capacity, 11);
    add_str(c, o, "protocol_version", in->proto_version, 4);
    add_str(c, o, "hw_version", in->hw_version, 4);
    add_date(c, o, "hw_date", &in->hw_date);
    return o;
}

/* Ports: 1 RS485-I meter reading, 2 RS485-II meter reading, 3 RS485-III
 * maintenance (local user data sharing), 31 carrier module. */
static const struct {
    uint8_t port, interface, use;
    uint32_t baud;
    uint16_t devices;
} ports[] = {
    {1, 0, 2, 9600, 32},
    {2, 0, 2, 9600, 32},
    {3, 0, 3, 9600, 1},
    {31, 2, 2, 9600, 32},
};

static mdc_value *f2(disp_ctx *c)
{
    mdc_arena *a = &c->arena;
    static const uint8_t mac[6];
    mdc_value *o = disp_obj(c);
    mdc_v_add_int(a, o, "pulse_inputs", 0, NULL);
    mdc_v_add_int(a, o, "switch_inputs", 1, NULL);
    mdc_v_add_int(a, o, "dc_analog_inputs", 0, NULL);
    mdc_v_add_int(a, o, "switch_outputs", 0, NULL);
    mdc_v_add_int(a, o, "max_meters", 32, NULL);
    mdc_v_add_int(a, o, "up_rx_buffer", 16384, "byte");
    mdc_v_add_int(a, o, "up_tx_buffer", 16384, "byte");
    mdc_v_append(o, "mac", disp_bytes(c, mac, sizeof mac));
    size_t n = sizeof ports / sizeof ports[0];
    mdc_v_add_int(a, o, "port_count", (int64_t)n, NULL);
    mdc_value *arr = mdc_v_add_arr(a, o, "ports");
    for (size_t i = 0; i < n; i++) {
        mdc_value *p = mdc_v_add_obj(a, arr, NULL);
        mdc_v_add_int(a, p, "port", ports[i].port, NULL);
        mdc_v_add_int(a, p, "interface", ports[i].interface, NULL);
        mdc_v_add_int(a, p, "nonstandard", 0, NULL);
        mdc_v_add_int(a, p, "reserved", 0, NULL);
        mdc_v_add_int(a, p, "use", ports[i].use, NULL);
        mdc_v_add_int(a, p, "max_baud", ports[i].baud, "bps");
        mdc_v_add_int(a, p, "max_devices", ports[i].devices, NULL);
        mdc_v_add_int(a, p, "rx_buffer", 256, "byte");
        mdc_v_add_int(a, p, "tx_buffer", 256, "byte");
    }
    return o;
}

static mdc_value *f3(disp_ctx *c)
{
    static const struct {
        const char *key;
        int64_t v;
    } caps[] = {
        {"max_points", 32},
        {"max_groups", 0},
        {"max_tasks", 0},
        {"max_diff_groups", 0},
        {"max_tariffs", 12},
        {"density_point", 1}, /* curve points every 15 minutes (Appendix C m = 1) */
        {"density_group_p", 0},
        {"density_group_q", 0},
        {"density_group_ep", 0},
        {"density_group_eq", 0},
        {"max_days", STORE_DAILY_DAYS},
        {"max_months", STORE_MONTHLY_MONTHS},
        {"max_power_schemes", 0},
        {"max_harmonic", 0},
        {"max_capacitors", 0},
        {"max_key_users", 20},
    };
    static const uint8_t classes[2] = {0x01, 0x00}; /* user class 0 */
    mdc_arena *a = &c->arena;
    mdc_value *o = disp_obj(c);
    for (size_t i = 0; i < sizeof caps / sizeof caps[0]; i++)
        mdc_v_add_int(a, o, caps[i].key, caps[i].v, NULL);
    mdc_v_append(o, "user_classes", disp_bytes(c, classes, sizeof classes));
    mdc_value *sub = mdc_v_add_arr(a, o, "subclass_counts");
    for (size_t i = 0; i < 16; i++)
        mdc_v_add_int(a, sub, NULL, 0, NULL);
    return o;
}

/* {group_count, flags} with bit (fn-1) set for each fn of list (or of the
 * catalogue's AFN04 rows when list is NULL). */
static mdc_value *fn_flags(disp_ctx *c, const uint16_t *list, size_t n, mdc_value *into)
{
    uint8_t *flags = disp_pool(c, 31);
    if (!flags)
        return NULL;
    memset(flags, 0, 31);
    size_t groups = 0;
    for (size_t i = 0; list ? i < n : gdw13761_cat_at(i) != NULL; i++) {
        uint16_t fn;
        if (list) {
            fn = list[i];
        } else {
            const gdw13761_fn *row = gdw13761_cat_at(i);
            if (row->afn != 0x04 || row->dir != GDW13761_DOWN)
                continue;
            fn = row->fn;
        }
        size_t b = (size_t)fn - 1;
        flags[b / 8] = (uint8_t)(flags[b / 8] | (1u << (b % 8)));
        if (b / 8 + 1 > groups)
            groups = b / 8 + 1;
    }
    mdc_value *o = into ? into : disp_obj(c);
    mdc_v_add_int(&c->arena, o, "group_count", (int64_t)groups, NULL);
    mdc_v_append(o, "flags", disp_bytes(c, flags, groups));
    return o;
}

static const uint16_t controls[] = {29, 30, 31, 37, 38, 39, 49, 50, 51, 52, 53, 149, 150};
static const uint16_t class1[] = {2, 3, 4, 7, 8, 9, 10, 11};
static const uint16_t class2[] = {49, 50, 51, 52, 53, 54};

static mdc_value *f4(disp_ctx *c)
{
    return fn_flags(c, NULL, 0, NULL);
}

static mdc_value *f5(disp_ctx *c)
{
    return fn_flags(c, controls, sizeof controls / sizeof controls[0], NULL);
}

/* F6/F7: class 0 supported with these Fn, classes 1..15 not. */
static mdc_value *classes(disp_ctx *c, const uint16_t *list, size_t n)
{
    mdc_arena *a = &c->arena;
    mdc_value *o = disp_obj(c);
    char key[16];
    for (int i = 0; i < 16; i++) {
        snprintf(key, sizeof key, "class%d", i);
        mdc_v_add_int(a, o, mdc_arena_strndup(a, key, strlen(key)), i == 0, NULL);
    }
    fn_flags(c, list, n, mdc_v_add_obj(a, o, "class0_data"));
    for (int i = 1; i < 16; i++) {
        snprintf(key, sizeof key, "class%d_data", i);
        mdc_v_add_obj(a, o, mdc_arena_strndup(a, key, strlen(key)));
    }
    return o;
}

/* The terminal's own Fn (p0) plus every Fn the meter data serve (pn >= 1). */
static mdc_value *class_list(disp_ctx *c, uint8_t afn, const uint16_t *own, size_t n_own)
{
    uint16_t list[248];
    size_t n = 0;
    for (size_t i = 0; i < n_own; i++)
        list[n++] = own[i];
    for (uint16_t fn = 1; fn <= 248 && n < 248; fn++)
        if (mdata_supports(afn, fn))
            list[n++] = fn;
    return classes(c, list, n);
}

static mdc_value *f6(disp_ctx *c)
{
    return class_list(c, 0x0C, class1, sizeof class1 / sizeof class1[0]);
}

static mdc_value *f7(disp_ctx *c)
{
    return class_list(c, 0x0D, class2, sizeof class2 / sizeof class2[0]);
}

static mdc_value *f9(disp_ctx *c)
{
    const cc_terminal_info *in = c->d->info;
    mdc_value *o = disp_obj(c);
    add_str(c, o, "vendor", in->vendor, 4);
    add_str(c, o, "model", "", 0);
    add_str(c, o, "sw_version", in->sw_version, 4);
    add_date(c, o, "sw_date", &in->sw_date);
    add_str(c, o, "hw_version", in->hw_version, 4);
    add_date(c, o, "hw_date", &in->hw_date);
    add_str(c, o, "iccid", "", 0);
    return o;
}

static mdc_value *f10(disp_ctx *c)
{
    const cc_terminal_info *in = c->d->info;
    mdc_arena *a = &c->arena;
    mdc_value *o = disp_obj(c);
    mdc_v_add_str(a, o, "module_addr", "000000000000", 12);
    add_str(c, o, "vendor", "", 0);
    add_str(c, o, "chip", "", 0);
    add_date(c, o, "version_date", &in->sw_date);
    mdc_v_add_int(a, o, "version", 0, NULL);
    return o;
}

static const struct {
    uint16_t fn;
    mdc_value *(*build)(disp_ctx *c);
} fns[] = {
    {1, f1}, {2, f2}, {3, f3}, {4, f4}, {5, f5}, {6, f6}, {7, f7}, {9, f9}, {10, f10},
};

int disp_afn09(disp_ctx *c)
{
    const gdw13761_msg *m = c->m;
    for (size_t i = 0; i < m->nunits; i++) {
        const gdw13761_unit *u = &m->units[i];
        if (u->pn != 0)
            continue;
        for (size_t k = 0; k < sizeof fns / sizeof fns[0]; k++)
            if (fns[k].fn == u->fn) {
                mdc_value *v = fns[k].build(c);
                if (v && !disp_add(c, 0, u->fn, v))
                    return disp_deny(c, "AFN09: too many units");
            }
    }
    return disp_finish(c, 0x09);
}
