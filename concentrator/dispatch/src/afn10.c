/* AFN10 data forwarding (§5.16): the request becomes a job for the reader of
 * one RS485 port (fx->forward, fx->job); the answer is built later by
 * cc_dispatch_forward_answer from the job's result (docs/dispatch.md).
 *
 * - One unit per request, p0; F1 (transparent forwarding, Table 401) and F9
 *   (direct meter read, Table 402). F12/F13 (batch meter tasks) and other Fn
 *   are denied.
 * - The port must be one of the meter-reading ports (live->reader_ports).
 * - F9: an RS485 bus has no relays: relay count 0 (direct) or FFH (no route
 *   given) only; DI type 0 (DL/T 645-1997, the low two bytes of the DI) or 1
 *   (DL/T 645-2007). */
#include <string.h>

#include "disp_int.h"
#include "mdc/bcd.h"

/* How long the shell lets an F9 read run (the request carries no timeout):
 * the reader's own reply timeout and retries fit well inside it. */
#define F9_TIMEOUT_MS 10000u
/* Table 406: "k + 4" is one byte. */
#define F9_DATA_MAX (255u - 4u)

/* Figure 51: baud code 0..7. */
static const uint32_t bauds[8] = {300, 600, 1200, 2400, 4800, 7200, 9600, 19200};

/* Table 406 result codes. */
enum {
    F9_CANNOT = 0,  /* 不能执行转发 */
    F9_TIMEOUT = 1, /* 转发接收超时 */
    F9_ERROR = 2,   /* 转发接收错误 (never produced: the reader counts a bad reply as none) */
    F9_CONFIRM = 3, /* 转发接收确认 */
    F9_DENIED = 4,  /* 转发接收否认 */
    F9_DATA = 5,    /* 转发接收数据 */
};

static int64_t get_int(const mdc_value *obj, const char *key)
{
    int64_t v = -1;
    return disp_get_int(obj, key, &v) ? v : -1;
}

static int check_port(disp_ctx *c, uint16_t fn, int64_t port)
{
    if (disp_reader_port(c, port))
        return 0;
    disp_deny(c, "AFN10 F%u: port %lld is no meter-reading port", fn, (long long)port);
    return -1;
}

/* F1 (Table 401, Figure 51): the line settings, timeouts and the bytes. */
static int f1_job(disp_ctx *c, const gdw13761_unit *u)
{
    const mdc_value *v = u->value;
    int64_t port = get_int(v, "port");
    if (check_port(c, 1, port))
        return 0;
    const mdc_value *fr = v ? mdc_v_get(v, "frame") : NULL;
    if (!fr || fr->kind != MDC_V_BYTES || fr->u.bytes.len == 0)
        return disp_deny(c, "AFN10 F1: nothing to forward");
    if (fr->u.bytes.len > CC_READER_FWD_MAX)
        return disp_deny(c, "AFN10 F1: %zu bytes to forward, at most %u", fr->u.bytes.len,
                         CC_READER_FWD_MAX);
    /* every field below is a bit field of its width: always in range */
    int64_t baud = get_int(v, "baud"), tmo = get_int(v, "frame_timeout");
    cc_forward_job *j = &c->fx->job;
    memset(j, 0, sizeof *j);
    j->fn = 1;
    j->port = (uint8_t)port;
    j->fwd.baud = bauds[baud & 7];
    j->fwd.parity = get_int(v, "parity") != 1 ? 0 : get_int(v, "odd") == 1 ? 1 : 2;
    j->fwd.data_bits = (uint8_t)(5 + (get_int(v, "data_bits") & 3));
    j->fwd.stop_bits = get_int(v, "stop_bits") == 1 ? 2 : 1;
    j->fwd.frame_timeout_ms =
        (uint32_t)(tmo & 0x7F) * (get_int(v, "frame_timeout_unit") == 1 ? 1000u : 10u);
    j->fwd.byte_timeout_ms = (uint32_t)(get_int(v, "byte_timeout") & 0xFF) * 10u;
    j->fwd.len = fr->u.bytes.len;
    memcpy(j->fwd.frame, fr->u.bytes.p, fr->u.bytes.len);
    c->fx->forward = true;
    return 0;
}

/* F9 (Table 402). The target address is taken from the unit's bytes (it is
 * kept in wire order whatever its digits). */
static int f9_job(disp_ctx *c, const gdw13761_unit *u)
{
    const mdc_value *v = u->value;
    int64_t port = get_int(v, "port"), relays = get_int(v, "relay_count");
    if (check_port(c, 9, port))
        return 0;
    if (relays != 0 && relays != 0xFF)
        return disp_deny(c, "AFN10 F9: %lld relays: an RS485 port has no relay routes (0 or FFH)",
                         (long long)relays);
    const mdc_value *rd = v ? mdc_v_get(v, "read") : NULL;
    int64_t type = get_int(rd, "di_type"), di = get_int(rd, "di");
    if (!u->raw || u->raw_len != 13 || di < 0)
        return disp_deny(c, "AFN10 F9: the data unit is not 13 bytes");
    if (type != 0 && type != 1)
        return disp_deny(c, "AFN10 F9: DI type %lld is reserved (0 DL/T 645-1997, 1 -2007)",
                         (long long)type);
    cc_forward_job *j = &c->fx->job;
    memset(j, 0, sizeof *j);
    j->fn = 9;
    j->port = (uint8_t)port;
    memcpy(j->addr, u->raw + 2, 6);
    j->protocol = type == 0 ? CC_PROTO_645_1997 : CC_PROTO_645_2007;
    j->di = type == 0 ? (uint32_t)di & 0xFFFFu : (uint32_t)di;
    j->timeout_ms = F9_TIMEOUT_MS;
    c->fx->forward = true;
    return 0;
}

int disp_afn10(disp_ctx *c)
{
    const gdw13761_msg *m = c->m;
    if (m->nunits != 1)
        return disp_deny(c, "AFN10: %zu units, one forwarding per request", m->nunits);
    const gdw13761_unit *u = &m->units[0];
    if (u->pn != 0)
        return disp_deny(c, "AFN10: p%u F%u, forwarding is p0", u->pn, u->fn);
    if (u->fn == 1)
        return f1_job(c, u);
    if (u->fn == 9)
        return f9_job(c, u);
    return disp_deny(c, "AFN10 F%u is not supported (F1 and F9 are)", u->fn);
}

/* ---- the answers ---- */

/* A.12 of a wire-order address: 12 digits, or the raw bytes when a digit is
 * no BCD (re-encoded as they are). */
static mdc_value *addr_value(disp_ctx *c, const uint8_t a[6])
{
    char s[12];
    for (size_t i = 0; i < 6; i++) {
        if (!mdc_bcd_valid(a[i]))
            return mdc_v_add_bytes(&c->arena, NULL, NULL, MDC_V_INVALID, a, 6);
        s[10 - 2 * i] = (char)('0' + (a[i] >> 4));
        s[11 - 2 * i] = (char)('0' + (a[i] & 0x0Fu));
    }
    return mdc_v_add_str(&c->arena, NULL, NULL, s, sizeof s);
}

/* Table 405: port, k, the k bytes received. */
static int f1_answer(disp_ctx *c, const cc_forward_job *job, cc_reader_result r, const uint8_t *p,
                     size_t n)
{
    if (r == CC_READER_CANCELLED)
        return disp_deny(c, "AFN10 F1: forwarding on port %u was cancelled", job->port);
    if (n > 0xFFFF)
        return disp_deny(c, "AFN10 F1: %zu bytes received, at most 65535", n);
    mdc_value *v = disp_obj(c);
    mdc_v_add_int(&c->arena, v, "port", job->port, NULL);
    mdc_v_append(v, "frame", disp_bytes(c, n ? p : (const uint8_t *)"", n));
    if (!disp_add(c, 0, 1, v))
        return disp_deny(c, "AFN10 F1: no answer unit");
    return disp_finish(c, 0x10);
}

/* Table 406: port, target, result, k + 4, DI, k bytes. */
static int f9_answer(disp_ctx *c, const cc_forward_job *job, cc_reader_result r, const uint8_t *p,
                     size_t n)
{
    static const uint8_t results[] = {
        [CC_READER_OK] = F9_DATA,
        [CC_READER_TIMEOUT] = F9_TIMEOUT,
        [CC_READER_DENIED] = F9_DENIED,
        [CC_READER_CANCELLED] = F9_CANNOT,
    };
    uint8_t res = (size_t)r < sizeof results ? results[r] : F9_CANNOT;
    if (res != F9_DATA && res != F9_DENIED)
        n = 0; /* nothing received */
    if (n > F9_DATA_MAX)
        return disp_deny(c, "AFN10 F9: %zu data bytes, at most %u", n, F9_DATA_MAX);
    uint8_t *di = disp_pool(c, 4);
    if (!di)
        return disp_deny(c, "AFN10 F9: no room");
    for (size_t i = 0; i < 4; i++)
        di[i] = (uint8_t)(job->di >> (8 * i));
    mdc_arena *a = &c->arena;
    mdc_value *v = disp_obj(c);
    mdc_v_add_int(a, v, "port", job->port, NULL);
    mdc_v_append(v, "target", addr_value(c, job->addr));
    mdc_v_add_int(a, v, "result", res, NULL);
    if (res >= F9_CONFIRM) { /* the catalogue splits DI and data */
        mdc_value *rd = mdc_v_add_obj(a, v, "read");
        mdc_v_add_int(a, rd, "di", job->di, NULL);
        mdc_v_append(rd, "data", disp_bytes(c, n ? p : (const uint8_t *)"", n));
    } else { /* kept raw: the DI with no data (k = 0) */
        mdc_v_append(v, "read", disp_bytes(c, di, 4));
    }
    if (!disp_add(c, 0, 9, v))
        return disp_deny(c, "AFN10 F9: no answer unit");
    return disp_finish(c, 0x10);
}

int cc_dispatch_forward_answer(cc_dispatch *d, const cc_forward_job *job, cc_reader_result r,
                               uint32_t di, const uint8_t *p, size_t n, cc_link_answer *ans)
{
    static const cc_live no_live = {.link = NULL, .link_state = CC_LINK_IDLE};
    cc_dispatch_effects fx;
    memset(&fx, 0, sizeof fx);
    fx.amaint = -1;
    (void)di; /* the answer repeats the DI the master asked (job->di) */
    d->nspans = 0;
    d->why[0] = '\0';
    disp_ctx c = {.d = d, .live = &no_live, .fx = &fx, .ans = ans};
    mdc_arena_init(&c.arena, d->work_arena, sizeof d->work_arena);
    ans->kind = CC_LINK_ANS_NONE;
    ans->afn = 0;
    ans->units = NULL;
    ans->n = 0;
    if (!job)
        disp_deny(&c, "AFN10: no job");
    else if (!p && n)
        disp_deny(&c, "AFN10 F%u: no bytes", job->fn);
    else if (job->fn == 1)
        f1_answer(&c, job, r, p, n);
    else if (job->fn == 9)
        f9_answer(&c, job, r, p, n);
    else
        disp_deny(&c, "AFN10: job F%u is no forwarding", job->fn);
    if (ans->kind == CC_LINK_ANS_DENY) {
        d->denied++;
        return -1;
    }
    d->handled++;
    return 0;
}
