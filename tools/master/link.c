/* The link send and script use: a running server's control socket, or a
 * serial line driven by the session core in this process (master.h). */
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "gdw13761/framer.h"
#include "master.h"
#include "mdc/hex.h"
#include "mdc/platform/serial.h"
#include "mdc/platform/usock.h"

struct mlink {
    mlink_opts o;
    int fd;
    /* control: a reply line */
    char *line;
    size_t line_cap;
    /* serial: the terminal's session and the framer */
    mst_term t;
    gdw13761_framer fr;
    mst_cfg cfg;
};

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

mlink *mlink_open(const mlink_opts *o, char *why, size_t whycap)
{
    mlink *l = calloc(1, sizeof *l);
    if (!l) {
        snprintf(why, whycap, "out of memory");
        return NULL;
    }
    l->o = *o;
    if (o->serial) {
        unsigned baud = o->baud ? o->baud : (o->infrared ? 1200 : 9600);
        l->o.baud = baud;
        l->fd = plat_serial_open(o->serial, baud, PLAT_PARITY_EVEN, why, whycap);
        if (l->fd < 0 && errno == EINVAL) {
            /* a pty standing in for the port may not keep PARENB (Linux ptys
             * have no parity) and glibc then reports EINVAL: parity means
             * nothing there, so open it without */
            l->fd = plat_serial_open(o->serial, baud, PLAT_PARITY_NONE, why, whycap);
            if (l->fd >= 0 && o->verbose)
                fprintf(stderr, "%s: even parity not kept (a pty?), using none\n", o->serial);
        }
        gdw13761_framer_init(&l->fr);
        mst_term_init(&l->t);
        l->cfg.msa = o->msa;
        l->cfg.first_without_fcv = true;
    } else
        l->fd = plat_usock_connect(o->control ? o->control : MASTER_DEFAULT_CONTROL, why, whycap);
    if (l->fd < 0) {
        free(l);
        return NULL;
    }
    return l;
}

void mlink_close(mlink *l)
{
    if (!l)
        return;
    close(l->fd);
    free(l->line);
    mst_term_free(&l->t);
    free(l);
}

static mlink_status fail(mlink_result *res, mlink_status st, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
static mlink_status fail(mlink_result *res, mlink_status st, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    res->status = st;
    vsnprintf(res->reason, sizeof res->reason, fmt, ap);
    va_end(ap);
    return st;
}

/* ---- control socket ---- */

static int write_all(int fd, const void *p, size_t n)
{
    const char *c = p;
    while (n) {
        ssize_t w = write(fd, c, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0 && errno == EAGAIN) {
            struct pollfd pf = {.fd = fd, .events = POLLOUT};
            poll(&pf, 1, 1000);
            continue;
        }
        if (w <= 0)
            return -1;
        c += w;
        n -= (size_t)w;
    }
    return 0;
}

static int read_line(mlink *l)
{
    size_t len = 0;
    for (;;) {
        if (len + 2 > l->line_cap) {
            size_t cap = l->line_cap ? l->line_cap * 2 : 65536;
            char *nl = realloc(l->line, cap);
            if (!nl)
                return -1;
            l->line = nl;
            l->line_cap = cap;
        }
        char ch;
        ssize_t r = read(l->fd, &ch, 1);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return -1;
        if (ch == '\n')
            break;
        l->line[len++] = ch;
    }
    l->line[len] = 0;
    return 0;
}

static mlink_status via_control(mlink *l, const char a1[5], uint16_t a2, const mst_req *rq,
                                mlink_result *res)
{
    cJSON *j = cJSON_CreateObject();
    char buf[48];
    snprintf(buf, sizeof buf, "%s-%u", a1, a2);
    cJSON_AddStringToObject(j, "op", "request");
    cJSON_AddStringToObject(j, "to", buf);
    cJSON_AddNumberToObject(j, "afn", rq->afn);
    char *hx = malloc(rq->units_len * 2 + 1);
    if (!hx) {
        cJSON_Delete(j);
        return fail(res, MLINK_ERROR, "%s", "out of memory");
    }
    cJSON_AddStringToObject(j, "units",
                            mdc_hex_format(rq->units, rq->units_len, 0, hx, rq->units_len * 2 + 1));
    free(hx);
    cJSON_AddStringToObject(j, "pw", mdc_hex_format(rq->pw, sizeof rq->pw, 0, buf, sizeof buf));
    cJSON_AddNumberToObject(j, "tp", rq->tp);
    cJSON_AddNumberToObject(j, "tp_delay", rq->tp_delay_min);
    cJSON_AddNumberToObject(j, "timeout_ms", rq->timeout_ms);
    cJSON_AddNumberToObject(j, "retries", rq->retries);
    char *txt = cJSON_PrintUnformatted(j);
    cJSON_Delete(j);
    if (!txt)
        return fail(res, MLINK_ERROR, "%s", "out of memory");
    size_t n = strlen(txt);
    int wr = write_all(l->fd, txt, n) || write_all(l->fd, "\n", 1);
    free(txt);
    if (wr || read_line(l) != 0)
        return fail(res, MLINK_ERROR, "%s", "the server closed the control connection");
    cJSON *r = cJSON_Parse(l->line);
    const cJSON *ok = cJSON_GetObjectItemCaseSensitive(r, "ok");
    if (!cJSON_IsBool(ok)) {
        cJSON_Delete(r);
        return fail(res, MLINK_ERROR, "%s", "the server's reply is not understood");
    }
    if (cJSON_IsFalse(ok)) {
        const cJSON *e = cJSON_GetObjectItemCaseSensitive(r, "error");
        const cJSON *why = cJSON_GetObjectItemCaseSensitive(r, "reason");
        bool timeout = cJSON_IsString(e) && strcmp(e->valuestring, "timeout") == 0;
        snprintf(res->reason, sizeof res->reason, "%s: %s",
                 cJSON_IsString(e) ? e->valuestring : "error",
                 cJSON_IsString(why) ? why->valuestring : "");
        res->status = timeout ? MLINK_TIMEOUT : MLINK_ERROR;
        cJSON_Delete(r);
        return res->status;
    }
    const cJSON *u = cJSON_GetObjectItemCaseSensitive(r, "units");
    size_t cap = cJSON_IsString(u) ? strlen(u->valuestring) / 2 + 1 : 1;
    res->units = malloc(cap);
    long un =
        res->units && cJSON_IsString(u) ? mdc_hex_parse(u->valuestring, res->units, cap, NULL) : -1;
    if (un < 0) {
        cJSON_Delete(r);
        return fail(res, MLINK_ERROR, "%s", "the server's answer units are not hex");
    }
    res->units_len = (size_t)un;
    res->afn = (uint8_t)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(r, "afn"));
    res->fc = (uint8_t)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(r, "fc"));
    res->frames = (unsigned)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(r, "frames"));
    res->tries = (unsigned)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(r, "tries"));
    cJSON_Delete(r);
    res->status = MLINK_ANSWER;
    return MLINK_ANSWER;
}

/* ---- serial line ---- */

static void trace(const mlink *l, const char *dir, const uint8_t *p, size_t n)
{
    if (!l->o.verbose)
        return;
    static char hx[GDW13761_FRAME_MAX * 3 + 1];
    fprintf(stderr, "%s %s\n", dir, mdc_hex_format(p, n, ' ', hx, sizeof hx));
}

static int serial_write(mlink *l, const uint8_t *p, size_t n)
{
    trace(l, "tx", p, n);
    static const uint8_t pre[4] = {0xFE, 0xFE, 0xFE, 0xFE}; /* §4.5.4: 1..4 FE before a frame */
    if (l->o.infrared && write_all(l->fd, pre, sizeof pre) != 0)
        return -1;
    return write_all(l->fd, p, n);
}

static mlink_status via_serial(mlink *l, const char a1[5], uint16_t a2, const mst_req *rq,
                               mlink_result *res)
{
    if (!l->t.known || l->t.a2 != a2 || strcmp(l->t.a1, a1) != 0) {
        mst_term_free(&l->t);
        mst_term_init(&l->t);
        memcpy(l->t.a1, a1, 5);
        l->t.a2 = a2;
        l->t.known = true;
    }
    static uint8_t frame[GDW13761_FRAME_MAX];
    size_t n;
    mdc_tm clock;
    master_clock(&clock);
    if (mst_request_begin(&l->t, &l->cfg, rq, &clock, now_ms(), frame, sizeof frame, &n,
                          res->reason, sizeof res->reason) != 0) {
        res->status = MLINK_ERROR;
        return MLINK_ERROR;
    }
    if (serial_write(l, frame, n) != 0)
        return fail(res, MLINK_ERROR, "serial write: %s", strerror(errno));
    for (;;) {
        int64_t now = now_ms();
        const uint8_t *again;
        size_t alen;
        int tk = mst_tick(&l->t, now, &again, &alen);
        if (tk == 1 && serial_write(l, again, alen) != 0)
            return fail(res, MLINK_ERROR, "serial write: %s", strerror(errno));
        if (tk == -1) {
            snprintf(res->reason, sizeof res->reason, "no answer from %s-%u after %u tries", a1, a2,
                     l->t.tries);
            res->status = MLINK_TIMEOUT;
            return MLINK_TIMEOUT;
        }
        int64_t wait = l->t.deadline_ms - now;
        struct pollfd pf = {.fd = l->fd, .events = POLLIN};
        int pr = poll(&pf, 1, wait > 0 ? (int)wait : 0);
        if (pr <= 0)
            continue;
        uint8_t buf[4096];
        ssize_t r = read(l->fd, buf, sizeof buf);
        if (r < 0 && (errno == EAGAIN || errno == EINTR))
            continue;
        if (r <= 0)
            return fail(res, MLINK_ERROR, "serial read: %s",
                        r == 0 ? "end of file" : strerror(errno));
        const uint8_t *p = buf;
        size_t left = (size_t)r;
        for (;;) {
            const uint8_t *fr;
            size_t fl;
            size_t k = gdw13761_framer_feed(&l->fr, p, left, &fr, &fl);
            p += k;
            left -= k;
            if (!fr) {
                if (left == 0)
                    break;
                continue;
            }
            trace(l, "rx", fr, fl);
            gdw13761_frame f;
            if (gdw13761_frame_decode(fr, fl, &f, NULL, NULL) != 0)
                continue;
            uint8_t ack[MST_ACK_MAX];
            size_t acklen;
            char why[200];
            mst_ev ev = mst_on_frame(&l->t, &l->cfg, &f, now_ms(), ack, sizeof ack, &acklen, why,
                                     sizeof why);
            if (acklen && serial_write(l, ack, acklen) != 0)
                return fail(res, MLINK_ERROR, "serial write: %s", strerror(errno));
            if ((ev == MST_EV_STRAY || ev == MST_EV_BAD) && l->o.verbose)
                fprintf(stderr, "ignored: %s\n", why);
            if (ev == MST_EV_ANSWER) {
                res->units = malloc(l->t.reasm.len + 1);
                if (!res->units)
                    return fail(res, MLINK_ERROR, "%s", "out of memory");
                memcpy(res->units, l->t.reasm.buf, l->t.reasm.len);
                res->units_len = l->t.reasm.len;
                res->afn = l->t.ans_afn;
                res->fc = l->t.ans_fc;
                res->frames = l->t.ans_frames;
                res->tries = l->t.tries;
                res->status = MLINK_ANSWER;
                return MLINK_ANSWER;
            }
        }
    }
}

mlink_status mlink_exchange(mlink *l, const char a1[5], uint16_t a2, const mst_req *rq,
                            mlink_result *res)
{
    free(res->units);
    memset(res, 0, sizeof *res);
    return l->o.serial ? via_serial(l, a1, a2, rq, res) : via_control(l, a1, a2, rq, res);
}
