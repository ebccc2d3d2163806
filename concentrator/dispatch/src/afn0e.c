/* AFN0E class 3 data (events), §5.14 (docs/events.md, docs/dispatch.md).
 *
 * F1 important / F2 general events by pointer range (Table 351): the
 * request's Y = Pn - Pm pointers (256 + Pn - Pm when Pm > Pn; Pm = Pn asks
 * for none). A pointer is answerable while its record is among the class's
 * latest min(kept, 256) (older ones share their pointer with a newer record
 * or were pruned; EC and later were never written). The answer (Table 352)
 * is ONE unit per Fn: EC1, EC2, and the contiguous run of answerable
 * pointers Pm'..Pn' it carries, with exactly Pn' - Pm' records, so that a
 * master counting Y finds them. The run stops at UNIT_BYTES (the unit then
 * fits a frame of any usual max_frame_len; records after it are fetched
 * with the next request from Pn'): the records area of F1/F2 runs to the
 * end of the unit, so one unit per frame is the only form a master can
 * decode, and several units of one Fn cannot be told apart after the
 * frames are reassembled. For the same reason an answer carries ONE unit:
 * the first F1, F2 or F3 of p0 the request asks (masters ask one per
 * request; the others are left out, as data the terminal does not have).
 * Nothing answerable: Pm' = Pn' = the request's Pn.
 * Answering the uplink moves the class's read pointer: to EC when the run
 * took in the newest record, else to Pn' when it took in the read pointer;
 * fx->events_read tells the shell to refresh ACD/EC. A local maintenance
 * port (RS485-III, infrared) reads without moving it.
 *
 * F3 events by ERC (PROJECT EXTENSION: Table 350 leaves F3 spare): request
 * ERC + n (the latest n records of that ERC, 0 = all answerable), answer
 * EC1, EC2, ERC, count, the records of both classes, oldest first (ordered
 * by the record's first time field); at most UNIT_BYTES: the newest kept. */
#include <string.h>

#include "disp_int.h"
#include "gdw13761/erc.h"

/* Largest unit of the answer (identifier + data unit): a frame of
 * max_frame_len >= UNIT_BYTES + 24 (header, EC, Tp, CS) carries it. */
#define UNIT_BYTES 1024u
#define BODY_MAX   (UNIT_BYTES - 4u)
#define REC_MAX    GDW13761_ERC_RECORD_MAX
#define F3_MAX     512u /* records looked at: the 256 answerable of each class */

/* Pointers of class cls answerable now: back = EC - ptr in 1..k. */
static int window(disp_ctx *c, int cls, unsigned *k)
{
    size_t n = 0;
    if (store_event_count(c->d->st, cls, &n) != 0)
        return disp_fail(c, "AFN0E records");
    *k = n < 256 ? (unsigned)n : 256u;
    return 0;
}

static bool answerable(uint8_t ec, unsigned k, uint8_t ptr)
{
    unsigned back = (uint8_t)(ec - ptr);
    return back >= 1 && back <= k;
}

/* New read pointer of a class with counter ec after [pm, end) was answered. */
static uint8_t next_read_ptr(uint8_t rp, uint8_t ec, uint8_t pm, uint8_t end)
{
    unsigned y = (uint8_t)(end - pm);
    if ((uint8_t)(ec - 1u - pm) < y)
        return ec; /* the newest record was read */
    if ((uint8_t)(rp - pm) < y)
        return end;
    return rp;
}

/* F1/F2 of class cls; *rp is the class's read pointer after the answer. */
static int by_range(disp_ctx *c, int cls, const gdw13761_unit *u, uint8_t ec1, uint8_t ec2,
                    bool *answered, uint8_t *rp)
{
    int64_t pm64 = 0, pn64 = 0;
    if (!disp_get_int(u->value, "pm", &pm64) || !disp_get_int(u->value, "pn", &pn64))
        return 0;
    uint8_t *body = disp_pool(c, BODY_MAX);
    if (!body)
        return disp_deny(c, "AFN0E: answer too large");
    uint8_t pm = (uint8_t)pm64, pn = (uint8_t)pn64, y = (uint8_t)(pn - pm);
    uint8_t ec = cls == STORE_EV_IMPORTANT ? ec1 : ec2, first = pn, end = pn;
    unsigned k = 0;
    if (window(c, cls, &k) != 0)
        return -1;
    size_t blen = 4;
    bool started = false;
    for (unsigned i = 0; i < y; i++) {
        uint8_t ptr = (uint8_t)(pm + i);
        if (!answerable(ec, k, ptr)) {
            if (started)
                break;
            continue;
        }
        size_t len = 0;
        int rc = store_event_get(c->d->st, cls, ptr, body + blen, BODY_MAX - blen, &len);
        if (rc == STORE_E_SPACE)
            break; /* the unit is full: the master asks again from Pn' */
        if (rc != 0)
            return disp_fail(c, "AFN0E records");
        blen += len;
        if (!started)
            first = ptr;
        started = true;
        end = (uint8_t)(ptr + 1u);
    }
    body[0] = ec1;
    body[1] = ec2;
    body[2] = first;
    body[3] = end;
    if (!disp_add(c, 0, u->fn, disp_bytes(c, body, blen)))
        return disp_deny(c, "AFN0E: too many units");
    uint8_t cur = 0;
    if (store_event_read_ptr_get(c->d->st, cls, &cur) != 0)
        return disp_fail(c, "AFN0E read pointer");
    *rp = next_read_ptr(cur, ec, first, end);
    *answered = true;
    return 0;
}

/* A record found for F3, ordered by the first time in its content. */
typedef struct match {
    int64_t t;
    uint16_t age; /* 0 = the newest of its class */
    uint8_t cls, ptr, len;
} match;

static int64_t time_key(const uint8_t *rec, size_t len)
{
    uint8_t abuf[6144];
    mdc_arena a;
    mdc_arena_init(&a, abuf, sizeof abuf);
    mdc_value *v = NULL;
    gdw13761_err e;
    if (gdw13761_erc_decode(rec, len, NULL, NULL, &a, &v, &e) != 0 || v->kind != MDC_V_OBJECT)
        return 0;
    for (const mdc_value *f = v->u.list.head; f; f = f->next)
        if (f->kind == MDC_V_TIME && mdc_tm_valid(&f->u.tm))
            return mdc_tm_to_epoch(&f->u.tm);
    return 0;
}

/* a before b: the earlier time, then the important class, then the older. */
static bool earlier(const match *a, const match *b)
{
    if (a->t != b->t)
        return a->t < b->t;
    if (a->cls != b->cls)
        return a->cls < b->cls;
    return a->age > b->age;
}

static int by_erc(disp_ctx *c, const gdw13761_unit *u, uint8_t ec1, uint8_t ec2)
{
    int64_t erc64 = 0, n64 = 0;
    if (!disp_get_int(u->value, "erc", &erc64) || !disp_get_int(u->value, "n", &n64))
        return 0;
    uint8_t erc = (uint8_t)erc64;
    match ms[F3_MAX];
    size_t nm = 0;
    for (int cls = STORE_EV_IMPORTANT; cls <= STORE_EV_GENERAL; cls++) {
        uint8_t ec = cls == STORE_EV_IMPORTANT ? ec1 : ec2;
        unsigned k = 0;
        if (window(c, cls, &k) != 0)
            return -1;
        for (unsigned a = 0; a < k; a++) {
            uint8_t ptr = (uint8_t)(ec - 1u - a), rec[REC_MAX];
            size_t len = 0;
            if (store_event_get(c->d->st, cls, ptr, rec, sizeof rec, &len) != 0)
                return disp_fail(c, "AFN0E records");
            if (len < 2 || rec[0] != erc)
                continue;
            match x = {time_key(rec, len), (uint16_t)a, (uint8_t)cls, ptr, (uint8_t)(len - 2u)};
            size_t at = nm++; /* insertion sort, oldest first */
            while (at > 0 && earlier(&x, &ms[at - 1])) {
                ms[at] = ms[at - 1];
                at--;
            }
            ms[at] = x;
        }
    }
    /* the latest n (0: all) that fit a unit, at most 255 */
    size_t first = n64 > 0 && (size_t)n64 < nm ? nm - (size_t)n64 : 0, size = 4;
    for (size_t i = nm; i > first; i--) {
        if (nm - i >= 255 || size + ms[i - 1].len + 2u > BODY_MAX) {
            first = i;
            break;
        }
        size += ms[i - 1].len + 2u;
    }
    uint8_t *body = disp_pool(c, size);
    if (!body)
        return disp_deny(c, "AFN0E: answer too large");
    size_t blen = 4;
    for (size_t i = first; i < nm; i++) {
        size_t len = 0;
        if (store_event_get(c->d->st, ms[i].cls, ms[i].ptr, body + blen, size - blen, &len) != 0)
            return disp_fail(c, "AFN0E F3 records");
        blen += len;
    }
    body[0] = ec1;
    body[1] = ec2;
    body[2] = erc;
    body[3] = (uint8_t)(nm - first);
    if (!disp_add(c, 0, 3, disp_bytes(c, body, blen)))
        return disp_deny(c, "AFN0E: too many units");
    return 0;
}

/* Declared here (and in dispatch.c) until disp_int.h lists it. */

int disp_afn0e(disp_ctx *c)
{
    const gdw13761_msg *m = c->m;
    uint8_t ec1 = 0, ec2 = 0;
    if (store_event_counters(c->d->st, &ec1, &ec2) != 0)
        return disp_fail(c, "AFN0E counters");
    bool moved[3] = {false, false, false};
    uint8_t rp[3] = {0, 0, 0};
    for (size_t i = 0; i < m->nunits; i++) {
        const gdw13761_unit *u = &m->units[i];
        if (u->pn != 0 || u->fn < 1 || u->fn > 3)
            continue;
        int rc = u->fn == 3 ? by_erc(c, u, ec1, ec2)
                            : by_range(c, u->fn, u, ec1, ec2, &moved[u->fn], &rp[u->fn]);
        if (rc != 0 || c->ans->kind == CC_LINK_ANS_DENY)
            return rc;
        if (c->nout > 0)
            break; /* one unit per answer (see above) */
    }
    if (c->nout == 0)
        return disp_deny(c, "AFN0E: no F1, F2 or F3 of p0 with its data");
    int rc = disp_finish(c, 0x0E);
    if (rc != 0 || c->ans->kind != CC_LINK_ANS_DATA)
        return rc;
    /* the answer is built: the read pointers move (the master's: a read
     * through a local maintenance port moves nothing) */
    if (c->src != CC_SRC_UPLINK)
        return 0;
    for (int cls = STORE_EV_IMPORTANT; cls <= STORE_EV_GENERAL; cls++)
        if (moved[cls] && store_event_read_ptr_set(c->d->st, cls, rp[cls]) != 0)
            return disp_fail(c, "AFN0E read pointer");
    c->fx->events_read = moved[1] || moved[2];
    return 0;
}
