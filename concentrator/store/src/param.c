/* Parameters (AFN04): validation against the catalogue layout and the range
 * table, atomic multi-unit sets, reads with defaults, change counters, the
 * change log and the change listener; the read-only F150 (measurement point
 * status) kept up to date from F10 in the same transaction. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gdw13761/catalog.h"
#include "gdw13761/layout.h"
#include "store_int.h"

#define KEY_WHOLE (-1) /* param.key of a parameter stored as one unit */

/* A decoded unit and the heap arena holding it. */
typedef struct decoded {
    void *buf;
    mdc_arena arena;
    mdc_value *v;
} decoded;

static void decoded_free(decoded *d)
{
    free(d->buf);
    d->buf = NULL;
}

/* Decodes data with layout, requiring every byte to be used. The arena grows
 * until the tree fits (bounded: a unit is at most a frame). */
static int decode_all(const gdw_field *layout, uint16_t fn, const uint8_t *data, size_t len,
                      decoded *d, char *why, size_t whycap)
{
    size_t cap = 64 * len + 4096;
    for (int attempt = 0; attempt < 4; attempt++, cap *= 4) {
        d->buf = malloc(cap);
        if (!d->buf) {
            snprintf(why, whycap, "F%u: out of memory", fn);
            return STORE_E_INVALID;
        }
        mdc_arena_init(&d->arena, d->buf, cap);
        gdw13761_err e;
        size_t used = 0;
        if (gdw13761_unit_decode(layout, data, len, &used, &d->arena, &d->v, &e) == 0) {
            if (used == len)
                return 0;
            snprintf(why, whycap, "F%u: %zu bytes given, the data unit is %zu bytes", fn, len,
                     used);
            decoded_free(d);
            return STORE_E_INVALID;
        }
        decoded_free(d);
        if (e.code != GDW13761_E_ARENA) {
            snprintf(why, whycap, "F%u: %s", fn, e.msg);
            return STORE_E_INVALID;
        }
    }
    snprintf(why, whycap, "F%u: data unit too large", fn);
    return STORE_E_INVALID;
}

/* Checks one leaf value against rule r. */
static int check_leaf(const store_range *r, const mdc_value *v, char *why, size_t whycap)
{
    if (v->kind == MDC_V_ARRAY) {
        for (const mdc_value *c = v->u.list.head; c; c = c->next)
            if (check_leaf(r, c, why, whycap))
                return STORE_E_INVALID;
        return 0;
    }
    int64_t x;
    if (!mdc_v_int(v, &x)) {
        snprintf(why, whycap, "F%u %s: missing or not a number", r->fn, r->path);
        return STORE_E_INVALID;
    }
    if ((x >= r->lo && x <= r->hi) || (x >= r->lo2 && x <= r->hi2))
        return 0;
    if (r->lo2 == r->lo && r->hi2 == r->hi)
        snprintf(why, whycap, "F%u %s: %lld outside %lld..%lld", r->fn, r->path, (long long)x,
                 (long long)r->lo, (long long)r->hi);
    else
        snprintf(why, whycap, "F%u %s: %lld outside %lld..%lld and %lld..%lld", r->fn, r->path,
                 (long long)x, (long long)r->lo, (long long)r->hi, (long long)r->lo2,
                 (long long)r->hi2);
    return STORE_E_INVALID;
}

/* Walks path ("a.b": member a, then b of it; arrays on the way: every element). */
static int check_path(const store_range *r, const mdc_value *v, const char *path, char *why,
                      size_t whycap)
{
    if (v->kind == MDC_V_ARRAY) {
        for (const mdc_value *c = v->u.list.head; c; c = c->next)
            if (check_path(r, c, path, why, whycap))
                return STORE_E_INVALID;
        return 0;
    }
    if (v->kind != MDC_V_OBJECT)
        return 0;
    const char *dot = strchr(path, '.');
    size_t n = dot ? (size_t)(dot - path) : strlen(path);
    for (const mdc_value *c = v->u.list.head; c; c = c->next) {
        if (!c->key || strlen(c->key) != n || strncmp(c->key, path, n) != 0)
            continue;
        return dot ? check_path(r, c, dot + 1, why, whycap) : check_leaf(r, c, why, whycap);
    }
    return 0; /* absent (a SWITCH case without the field): nothing to check */
}

static int check_ranges(uint16_t fn, const mdc_value *v, char *why, size_t whycap)
{
    size_t n;
    const store_range *r = store_param_ranges(&n);
    for (size_t i = 0; i < n; i++)
        if (r[i].fn == fn && check_path(&r[i], v, r[i].path, why, whycap))
            return STORE_E_INVALID;
    return 0;
}

static const gdw13761_fn *param_row(uint16_t fn)
{
    return gdw13761_cat_find(0x04, fn, GDW13761_DOWN);
}

static int check_pn(const gdw13761_fn *row, uint16_t pn, char *why, size_t whycap)
{
    static const struct {
        uint8_t kind;
        uint16_t lo, hi;
    } pn_ranges[] = {
        {GDW13761_PN_P0, 0, 0},        {GDW13761_PN_POINT, 1, 2040}, {GDW13761_PN_TASK, 1, 64},
        {GDW13761_PN_GROUP, 1, 2040},  {GDW13761_PN_PORT, 1, 2040},  {GDW13761_PN_CONTROL, 1, 2040},
        {GDW13761_PN_DIRECT, 1, 2040}, {GDW13761_PN_OTHER, 0, 2040},
    };
    for (size_t i = 0; i < sizeof pn_ranges / sizeof pn_ranges[0]; i++) {
        if (pn_ranges[i].kind != row->pn)
            continue;
        if (pn >= pn_ranges[i].lo && pn <= pn_ranges[i].hi)
            return 0;
        snprintf(why, whycap, "F%u: p%u outside p%u..p%u", row->fn, pn, pn_ranges[i].lo,
                 pn_ranges[i].hi);
        return STORE_E_INVALID;
    }
    return 0;
}

/* Full check; on success the decoded tree is in *d (caller frees) when d is given. */
static int check_unit(uint16_t fn, uint16_t pn, const uint8_t *data, size_t len, decoded *d,
                      char *why, size_t whycap)
{
    const gdw13761_fn *row = param_row(fn);
    if (!row) {
        snprintf(why, whycap, "F%u is no AFN04 parameter", fn);
        return STORE_E_INVALID;
    }
    if (store_param_read_only(fn)) {
        snprintf(why, whycap, "F%u is read-only", fn);
        return STORE_E_INVALID;
    }
    if (check_pn(row, pn, why, whycap))
        return STORE_E_INVALID;
    if (!data && len) {
        snprintf(why, whycap, "F%u: no data", fn);
        return STORE_E_INVALID;
    }
    decoded local = {0};
    decoded *dd = d ? d : &local;
    if (decode_all(row->layout, fn, data, len, dd, why, whycap))
        return STORE_E_INVALID;
    int rc = check_ranges(fn, dd->v, why, whycap);
    if (rc || !d)
        decoded_free(dd);
    return rc;
}

int store_param_check(uint16_t fn, uint16_t pn, const uint8_t *data, size_t len, char *why,
                      size_t whycap)
{
    return check_unit(fn, pn, data, len, NULL, why, whycap);
}

static int put_row(store *st, sqlite3_stmt *ins, uint16_t fn, uint16_t pn, int64_t key,
                   const uint8_t *p, size_t n)
{
    sqlite3_bind_int(ins, 1, fn);
    sqlite3_bind_int(ins, 2, pn);
    sqlite3_bind_int64(ins, 3, key);
    sqlite3_bind_blob(ins, 4, p, (int)n, SQLITE_STATIC);
    int rc = sqlite3_step(ins);
    sqlite3_reset(ins);
    return rc == SQLITE_DONE ? 0 : store_fail(st, "parameter write");
}

/* The REPEAT field of a list parameter's layout. */
static const gdw_field *list_field(const gdw_field *l)
{
    for (; l->kind != GDW_FK_END; l++)
        if (l->kind == GDW_FK_REPEAT)
            return l;
    return NULL;
}

/* Writes a checked unit: whole, or element by element for list parameters. */
static int write_unit(store *st, sqlite3_stmt *ins, const store_unit *u, const decoded *d)
{
    const store_list_fn *lf = store_param_list_fn(u->fn);
    if (!lf)
        return put_row(st, ins, u->fn, u->pn, KEY_WHOLE, u->data, u->len);
    if (!lf->key)
        return put_row(st, ins, u->fn, u->pn, u->len ? u->data[0] : 0, u->data, u->len);
    const gdw_field *rep = list_field(param_row(u->fn)->layout);
    const mdc_value *arr = rep ? mdc_v_get(d->v, rep->name) : NULL;
    if (!arr)
        return store_failf(st, STORE_E_IO, "F%u: no list in the layout", u->fn);
    for (const mdc_value *e = arr->u.list.head; e; e = e->next) {
        uint8_t buf[512];
        size_t w = 0;
        gdw13761_err err;
        int64_t key;
        if (!mdc_v_int(mdc_v_get(e, lf->key), &key))
            return store_failf(st, STORE_E_INVALID, "F%u: element without %s", u->fn, lf->key);
        if (gdw13761_unit_encode(rep->sub, e, buf, sizeof buf, &w, &err))
            return store_failf(st, STORE_E_IO, "F%u element: %s", u->fn, err.msg);
        if (put_row(st, ins, u->fn, u->pn, key, buf, w))
            return STORE_E_IO;
    }
    return 0;
}

static int log_change(store *st, const store_unit *u, uint8_t msa, int64_t now)
{
    sqlite3_stmt *s;
    if (store_prep(st,
                   "INSERT INTO param_count(fn, pn, changes) VALUES(?1, ?2, 1) "
                   "ON CONFLICT(fn, pn) DO UPDATE SET changes = changes + 1",
                   &s))
        return STORE_E_IO;
    sqlite3_bind_int(s, 1, u->fn);
    sqlite3_bind_int(s, 2, u->pn);
    if (store_step_done(st, s, "change counter"))
        return STORE_E_IO;
    if (store_prep(st, "INSERT INTO param_log(time, fn, pn, msa) VALUES(?, ?, ?, ?)", &s))
        return STORE_E_IO;
    sqlite3_bind_int64(s, 1, now);
    sqlite3_bind_int(s, 2, u->fn);
    sqlite3_bind_int(s, 3, u->pn);
    sqlite3_bind_int(s, 4, msa);
    if (store_step_done(st, s, "change log"))
        return STORE_E_IO;
    if (store_prep(st, "DELETE FROM param_log WHERE id <= (SELECT max(id) FROM param_log) - ?", &s))
        return STORE_E_IO;
    sqlite3_bind_int(s, 1, STORE_PARAM_LOG_MAX);
    return store_step_done(st, s, "change log prune");
}

/* ---- F150 measurement point status (Table 85), maintained from F10 ----
 * 256 bytes "point valid" then 256 bytes "point parameters changed"; bit Dn
 * (byte n / 8, bit n % 8) is point n, as the standard says ("Dn位代表n号测量
 * 点"), so D0 (point 0) is never set. An F10 element is 27 bytes: index (BIN
 * 2), point (BIN 2), port/rate... (Table 31). */
#define F150_LEN   512u
#define F150_HALF  256u
#define F10_ELEM   27u
#define F10_FN     10u
#define F150_FN    150u
#define KEY_F150PN 0u

static unsigned le16(const uint8_t *p)
{
    return (unsigned)p[0] | (unsigned)p[1] << 8;
}

static void point_bit(uint8_t *half, unsigned point)
{
    if (point != 0 && point < F150_HALF * 8u)
        half[point / 8u] = (uint8_t)(half[point / 8u] | 1u << (point % 8u));
}

/* Marks in changed[0..256) the points of the F10 elements of u that differ
 * from what is stored: an added element its point, a changed one its old and
 * new point, a deleted one (point 0) its old point. Runs before u is written. */
static int f10_mark(store *st, sqlite3_stmt *sel, const store_unit *u, uint8_t *changed)
{
    size_t count = u->len >= 2 ? le16(u->data) : 0;
    const uint8_t *e = u->data + 2;
    for (size_t i = 0; i < count && 2 + (i + 1) * F10_ELEM <= u->len; i++, e += F10_ELEM) {
        sqlite3_bind_int(sel, 1, F10_FN);
        sqlite3_bind_int(sel, 2, u->pn);
        sqlite3_bind_int64(sel, 3, le16(e));
        int sr = sqlite3_step(sel);
        if (sr == SQLITE_ROW) {
            const uint8_t *old = sqlite3_column_blob(sel, 0);
            size_t n = (size_t)sqlite3_column_bytes(sel, 0);
            if (!(n == F10_ELEM && memcmp(old, e, F10_ELEM) == 0)) {
                if (old && n >= 4)
                    point_bit(changed, le16(old + 2));
                point_bit(changed, le16(e + 2));
            }
        } else if (sr == SQLITE_DONE) {
            point_bit(changed, le16(e + 2));
        }
        sqlite3_reset(sel);
        if (sr != SQLITE_ROW && sr != SQLITE_DONE)
            return store_fail(st, "F10 read");
    }
    return 0;
}

/* Rewrites F150: valid bits from every stored F10 element with a point,
 * changed bits = the stored ones | changed. */
static int f150_refresh(store *st, const uint8_t *changed)
{
    uint8_t f150[F150_LEN];
    size_t len = 0;
    int rc = store_param_get(st, F150_FN, KEY_F150PN, f150, sizeof f150, &len);
    if (rc)
        return rc;
    if (len != F150_LEN)
        memset(f150, 0, sizeof f150);
    memset(f150, 0, F150_HALF);
    for (size_t i = 0; i < F150_HALF; i++)
        f150[F150_HALF + i] = (uint8_t)(f150[F150_HALF + i] | changed[i]);
    sqlite3_stmt *s;
    if (store_prep(st, "SELECT data FROM param WHERE fn = ? AND pn = ?", &s))
        return STORE_E_IO;
    sqlite3_bind_int(s, 1, F10_FN);
    sqlite3_bind_int(s, 2, KEY_F150PN);
    int sr;
    while ((sr = sqlite3_step(s)) == SQLITE_ROW)
        if (sqlite3_column_bytes(s, 0) >= 4)
            point_bit(f150, le16((const uint8_t *)sqlite3_column_blob(s, 0) + 2));
    sqlite3_finalize(s);
    if (sr != SQLITE_DONE)
        return store_fail(st, "F10 read");
    return store_param_put_internal(st, F150_FN, KEY_F150PN, f150, sizeof f150);
}

int store_param_put_internal(store *st, uint16_t fn, uint16_t pn, const uint8_t *data, size_t len)
{
    if (!st)
        return STORE_E_ARG;
    if (fn != F150_FN)
        return store_failf(st, STORE_E_INVALID, "F%u is not maintained by the terminal", fn);
    if (!data || len != F150_LEN)
        return store_failf(st, STORE_E_INVALID, "F150: %zu bytes given, the data unit is %u", len,
                           F150_LEN);
    sqlite3_stmt *s;
    if (store_prep(st, "INSERT OR REPLACE INTO param(fn, pn, key, data) VALUES(?, ?, -1, ?)", &s))
        return STORE_E_IO;
    sqlite3_bind_int(s, 1, fn);
    sqlite3_bind_int(s, 2, pn);
    sqlite3_bind_blob(s, 3, data, (int)len, SQLITE_STATIC);
    return store_step_done(st, s, "F150 write");
}

int store_param_set_many(store *st, const store_unit *units, size_t n, uint8_t msa, int64_t now,
                         size_t *bad)
{
    if (!st || (!units && n))
        return STORE_E_ARG;
    if (st->in_round) /* a set must not ride on a round that may be rolled back */
        return store_failf(st, STORE_E_ARG, "parameter set inside a reading round");
    decoded *d = calloc(n ? n : 1, sizeof *d);
    if (!d)
        return store_failf(st, STORE_E_IO, "out of memory");
    int rc = 0;
    char why[200];
    for (size_t i = 0; i < n && !rc; i++) {
        if (check_unit(units[i].fn, units[i].pn, units[i].data, units[i].len, &d[i], why,
                       sizeof why)) {
            if (bad)
                *bad = i;
            rc = store_failf(st, STORE_E_INVALID, "unit %zu: %s", i, why);
        }
    }
    sqlite3_stmt *ins = NULL, *sel = NULL;
    uint8_t changed[F150_HALF];
    bool f10 = false;
    memset(changed, 0, sizeof changed);
    if (!rc && !(rc = store_tx_begin(st))) {
        rc = store_prep(st, "INSERT OR REPLACE INTO param(fn, pn, key, data) VALUES(?, ?, ?, ?)",
                        &ins);
        if (!rc)
            rc = store_prep(st, "SELECT data FROM param WHERE fn = ? AND pn = ? AND key = ?", &sel);
        for (size_t i = 0; i < n && !rc; i++) {
            if (units[i].fn == F10_FN) {
                f10 = true;
                rc = f10_mark(st, sel, &units[i], changed);
            }
            if (!rc)
                rc = write_unit(st, ins, &units[i], &d[i]);
            if (!rc)
                rc = log_change(st, &units[i], msa, now);
        }
        sqlite3_finalize(ins);
        sqlite3_finalize(sel);
        if (!rc && f10)
            rc = f150_refresh(st, changed);
        if (!rc)
            rc = store_tx_commit(st);
        if (rc)
            store_tx_rollback(st);
    }
    for (size_t i = 0; i < n; i++)
        decoded_free(&d[i]);
    free(d);
    if (!rc && st->listener)
        for (size_t i = 0; i < n; i++)
            st->listener(st->listener_ctx, units[i].fn, units[i].pn);
    return rc;
}

int store_param_set(store *st, uint16_t fn, uint16_t pn, const uint8_t *data, size_t len,
                    uint8_t msa, int64_t now)
{
    store_unit u = {fn, pn, data, len};
    return store_param_set_many(st, &u, 1, msa, now, NULL);
}

int store_param_default(const store_opts *opts, uint16_t fn, uint16_t pn, uint8_t *out, size_t cap,
                        size_t *len)
{
    if (!param_row(fn))
        return STORE_E_INVALID;
    return store_param_default_bytes(opts, fn, pn, out, cap, len);
}

/* Appends the blob of column 0 to out at *len. */
static int append_blob(sqlite3_stmt *s, uint8_t *out, size_t cap, size_t *len)
{
    size_t n = (size_t)sqlite3_column_bytes(s, 0);
    if (*len + n > cap)
        return STORE_E_SPACE;
    if (n)
        memcpy(out + *len, sqlite3_column_blob(s, 0), n);
    *len += n;
    return 0;
}

int store_param_get(store *st, uint16_t fn, uint16_t pn, uint8_t *out, size_t cap, size_t *len)
{
    const gdw13761_fn *row = param_row(fn);
    if (!row)
        return store_failf(st, STORE_E_INVALID, "F%u is no AFN04 parameter", fn);
    const store_list_fn *lf = store_param_list_fn(fn);
    const gdw_field *count = row->layout; /* list parameters start with their count */
    size_t head = lf && lf->key ? count->len : 0;
    if (head && (count->kind != GDW_FK_FMT || count->fmt != GDW_BIN || head > 2))
        return store_failf(st, STORE_E_IO, "F%u: the layout does not start with its count", fn);
    sqlite3_stmt *s;
    if (store_prep(st,
                   lf ? "SELECT data FROM param WHERE fn = ? AND pn = ? ORDER BY key"
                      : "SELECT data FROM param WHERE fn = ? AND pn = ? AND key = -1",
                   &s))
        return STORE_E_IO;
    sqlite3_bind_int(s, 1, fn);
    sqlite3_bind_int(s, 2, pn);
    *len = head;
    if (head > cap) {
        sqlite3_finalize(s);
        return STORE_E_SPACE;
    }
    size_t rows = 0;
    int rc = 0, sr;
    while (!rc && (sr = sqlite3_step(s)) == SQLITE_ROW) {
        rc = append_blob(s, out, cap, len);
        rows++;
        if (lf && !lf->key)
            break; /* F38/F39: the lowest user class */
    }
    if (!rc && sr != SQLITE_ROW && sr != SQLITE_DONE)
        rc = store_fail(st, "parameter read");
    sqlite3_finalize(s);
    if (rc)
        return rc == STORE_E_SPACE ? store_failf(st, rc, "F%u: buffer too small", fn) : rc;
    if (rows == 0)
        return store_param_default_bytes(&st->opts, fn, pn, out, cap, len);
    for (size_t i = 0; i < head; i++)
        out[i] = (uint8_t)(rows >> (8 * i));
    return 0;
}

int store_param_get_key(store *st, uint16_t fn, uint16_t pn, uint32_t key, uint8_t *out, size_t cap,
                        size_t *len)
{
    if (!store_param_list_fn(fn))
        return store_failf(st, STORE_E_INVALID, "F%u is no list parameter", fn);
    sqlite3_stmt *s;
    if (store_prep(st, "SELECT data FROM param WHERE fn = ? AND pn = ? AND key = ?", &s))
        return STORE_E_IO;
    sqlite3_bind_int(s, 1, fn);
    sqlite3_bind_int(s, 2, pn);
    sqlite3_bind_int64(s, 3, key);
    *len = 0;
    int sr = sqlite3_step(s);
    int rc = sr == SQLITE_ROW ? append_blob(s, out, cap, len)
             : sr == SQLITE_DONE
                 ? store_failf(st, STORE_E_NOTFOUND, "F%u key %u not set", fn, (unsigned)key)
                 : store_fail(st, "parameter read");
    sqlite3_finalize(s);
    return rc;
}

uint32_t store_param_changes(store *st, uint16_t fn, uint16_t pn)
{
    sqlite3_stmt *s;
    if (store_prep(st, "SELECT changes FROM param_count WHERE fn = ? AND pn = ?", &s))
        return 0;
    sqlite3_bind_int(s, 1, fn);
    sqlite3_bind_int(s, 2, pn);
    uint32_t v = sqlite3_step(s) == SQLITE_ROW ? (uint32_t)sqlite3_column_int64(s, 0) : 0;
    sqlite3_finalize(s);
    return v;
}

int store_param_set_fns(store *st, uint8_t bits[31])
{
    sqlite3_stmt *s;
    memset(bits, 0, 31);
    if (store_prep(st, "SELECT DISTINCT fn FROM param_count WHERE changes > 0", &s))
        return STORE_E_IO;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        int fn = sqlite3_column_int(s, 0);
        if (fn >= 1 && fn <= 248)
            bits[(fn - 1) / 8] = (uint8_t)(bits[(fn - 1) / 8] | 1u << ((fn - 1) % 8));
    }
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? 0 : STORE_E_IO;
}

int store_param_log(store *st, int64_t after_id, store_param_change *out, size_t cap, size_t *n)
{
    sqlite3_stmt *s;
    *n = 0;
    if (store_prep(
            st, "SELECT id, time, fn, pn, msa FROM param_log WHERE id > ? ORDER BY id LIMIT ?", &s))
        return STORE_E_IO;
    sqlite3_bind_int64(s, 1, after_id);
    sqlite3_bind_int64(s, 2, (sqlite3_int64)cap);
    int sr;
    while ((sr = sqlite3_step(s)) == SQLITE_ROW) {
        store_param_change *c = &out[(*n)++];
        c->id = sqlite3_column_int64(s, 0);
        c->time = sqlite3_column_int64(s, 1);
        c->fn = (uint16_t)sqlite3_column_int(s, 2);
        c->pn = (uint16_t)sqlite3_column_int(s, 3);
        c->msa = (uint8_t)sqlite3_column_int(s, 4);
    }
    sqlite3_finalize(s);
    return sr == SQLITE_DONE ? 0 : store_fail(st, "change log read");
}

void store_param_listen(store *st, store_param_listener cb, void *ctx)
{
    st->listener = cb;
    st->listener_ctx = ctx;
}
