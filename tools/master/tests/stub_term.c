/* stub_term: a small concentrator built on libs/gdw13761 for the master's
 * integration tests. Over TCP it logs in, heartbeats and may push an AFN0E
 * report with CON=1 (--report; --stale-report: one with a Tp an hour old); over a pty (--pty LINK,
 * the local maintenance port) it only answers. Answers: AFN0C F2 clock; other AFN0C Fn denied
 * (AFN00 F2), F3 never answered AFN04 any Fn stored, confirmed; AFN0A returns what AFN04 stored
 * (deny if none) AFN0D samples per pn with the request's time label, in one frame per pn AFN01,
 * AFN05 confirmed (F31 logs the clock set); AFN09 samples AFN0F F1 segments collected, each
 * answered with its number AFN10 F1 the forwarded frame echoed as the meter's answer FCB: a
 * repeated request (FCV=1, same FCB and PSEQ) gets the stored answer again. --drop N ignores the
 * first N requests (to test retries). Log lines on stderr ("stub: ..."), read by
 * run_integration.sh. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "gdw13761/catalog.h"
#include "gdw13761/framer.h"
#include "gdw13761/msg.h"
#include "mdc/hex.h"
#include "mdc/platform/serial.h"

#define MAXU 256

static struct {
    int fd;
    char a1[5];
    uint16_t a2;
    uint8_t pfc;
    gdw13761_framer fr;
    uint8_t stored[249][64];
    size_t stored_len[249];
    uint8_t last[GDW13761_FRAME_MAX * 4];
    size_t last_len;
    bool have_last, last_fcb;
    uint8_t last_seq;
    unsigned drop;
    size_t file_bytes;
    unsigned answered;
} g;

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void clock_now(mdc_tm *t)
{
    time_t s = time(NULL);
    struct tm lt;
    localtime_r(&s, &lt);
    mdc_tm_from_epoch(
        mdc_tm_to_epoch(&(mdc_tm){(uint16_t)(lt.tm_year + 1900), (uint8_t)(lt.tm_mon + 1),
                                  (uint8_t)lt.tm_mday, (uint8_t)lt.tm_hour, (uint8_t)lt.tm_min,
                                  (uint8_t)(lt.tm_sec % 60), 0, MDC_TM_FULL}),
        t);
}

static void put(const uint8_t *p, size_t n)
{
    while (n) {
        ssize_t w = write(g.fd, p, n);
        if (w < 0 && (errno == EINTR || errno == EAGAIN)) {
            struct pollfd pf = {.fd = g.fd, .events = POLLOUT};
            poll(&pf, 1, 100);
            continue;
        }
        if (w <= 0)
            return;
        p += w;
        n -= (size_t)w;
    }
}

static gdw13761_frame up_frame(uint8_t afn, bool prm, uint8_t fc, uint8_t seq)
{
    gdw13761_frame f;
    memset(&f, 0, sizeof f);
    f.dir = true;
    f.prm = prm;
    f.fc = fc;
    memcpy(f.a1, g.a1, 5);
    f.a2 = g.a2;
    f.afn = afn;
    f.fir = f.fin = true;
    f.seq = seq;
    return f;
}

/* Sends a frame built from units (keeps it as the last answer when asked). */
static void send_units(const gdw13761_frame *f, const gdw13761_unit *u, size_t n, bool keep)
{
    uint8_t out[GDW13761_FRAME_MAX];
    size_t w;
    gdw13761_err err;
    if (gdw13761_msg_encode(f, u, n, out, sizeof out, &w, &err) != 0) {
        fprintf(stderr, "stub: encode failed: %s\n", err.msg);
        return;
    }
    put(out, w);
    if (keep && w <= sizeof g.last) {
        memcpy(g.last, out, w);
        g.last_len = w;
    }
}

static void confirm(uint8_t seq, uint16_t fn)
{
    gdw13761_frame f = up_frame(0x00, false, fn == 1 ? 0 : 8, seq);
    gdw13761_unit u = {.pn = 0, .fn = fn};
    send_units(&f, &u, 1, true);
}

/* Multi-frame answer: one identifier per frame (max frame 40 bytes + unit). */
static void send_split(uint8_t afn, uint8_t seq, const gdw13761_unit *u, size_t n)
{
    static uint8_t region[GDW13761_FRAME_MAX], out[GDW13761_FRAME_MAX];
    gdw13761_span spans[MAXU];
    size_t w, ns = 0, used = 0;
    gdw13761_err err;
    /* one identifier per unit, so that each pn goes in a frame of its own */
    for (size_t i = 0; i < n && ns < MAXU; i++) {
        if (gdw13761_msg_encode_units(afn, true, &u[i], 1, region + used, sizeof region - used, &w,
                                      NULL, 0, NULL, &err) != 0) {
            fprintf(stderr, "stub: encode failed: %s\n", err.msg);
            return;
        }
        spans[ns].p = region + used;
        spans[ns++].len = w;
        used += w;
    }
    size_t biggest = 0;
    for (size_t i = 0; i < ns; i++)
        if (spans[i].len > biggest)
            biggest = spans[i].len;
    gdw13761_frame t = up_frame(afn, false, 8, seq);
    gdw13761_split sp;
    if (gdw13761_split_init(&sp, &t, spans, ns, 16 + 4 + biggest, &err) != 0) {
        fprintf(stderr, "stub: split failed: %s\n", err.msg);
        return;
    }
    g.last_len = 0;
    unsigned frames = 0;
    while (gdw13761_split_next(&sp, out, sizeof out, &w, &err) == 1) {
        put(out, w);
        if (g.last_len + w <= sizeof g.last) {
            memcpy(g.last + g.last_len, out, w);
            g.last_len += w;
        }
        frames++;
    }
    fprintf(stderr, "stub: AFN%02X answer in %u frames\n", afn, frames);
}

static void answer(const uint8_t *p, size_t n)
{
    static gdw13761_msg m;
    static gdw13761_unit units[MAXU], out[MAXU];
    static uint8_t mem[1 << 18];
    mdc_arena a;
    mdc_arena_init(&a, mem, sizeof mem);
    gdw13761_err err;
    if (gdw13761_msg_decode(p, n, &m, units, MAXU, &a, &err) != 0) {
        fprintf(stderr, "stub: bad request: %s\n", err.msg);
        return;
    }
    const gdw13761_frame *f = &m.frame;
    if (f->dir)
        return;
    if (!f->prm) { /* a confirmation of ours */
        fprintf(stderr, "stub: AFN%02X F%u from the master, SEQ %u\n", f->afn,
                m.nunits ? units[0].fn : 0, f->seq);
        return;
    }
    if (g.drop) {
        g.drop--;
        fprintf(stderr, "stub: dropped a request (AFN%02X SEQ %u)\n", f->afn, f->seq);
        return;
    }
    if (f->fcv && g.have_last && f->fcb == g.last_fcb && f->seq == g.last_seq) {
        fprintf(stderr, "stub: repeated request (same FCB and PSEQ): answer sent again\n");
        put(g.last, g.last_len);
        return;
    }
    g.have_last = true;
    g.last_fcb = f->fcb;
    g.last_seq = f->seq;
    g.answered++;
    fprintf(stderr, "stub: request AFN%02X C=%02X SEQ %02X%s%s\n", f->afn, p[6], p[13],
            f->has_pw ? " PW" : "", f->tpv ? " Tp" : "");
    size_t k = 0;
    mdc_tm now;
    clock_now(&now);
    switch (f->afn) {
    case 0x0C:
        for (size_t i = 0; i < m.nunits; i++) {
            if (units[i].fn == 3) {
                g.have_last = false; /* never answered: the timeout test */
                return;
            }
            if (units[i].fn != 2) {
                confirm(f->seq, 2);
                return;
            }
            out[k] = units[i];
            mdc_value *v = mdc_v_add_obj(&a, NULL, NULL);
            mdc_v_add_time(&a, v, "time", &now);
            out[k++].value = v;
        }
        {
            gdw13761_frame r = up_frame(0x0C, false, 8, f->seq);
            send_units(&r, out, k, true);
        }
        return;
    case 0x04:
        for (size_t i = 0; i < m.nunits; i++)
            if (units[i].pn == 0 && units[i].raw_len <= 64) {
                memcpy(g.stored[units[i].fn], units[i].raw, units[i].raw_len);
                g.stored_len[units[i].fn] = units[i].raw_len;
                fprintf(stderr, "stub: stored AFN04 F%u (%zu bytes)\n", units[i].fn,
                        units[i].raw_len);
            }
        confirm(f->seq, 1);
        return;
    case 0x0A:
        for (size_t i = 0; i < m.nunits; i++) {
            if (!g.stored_len[units[i].fn]) {
                confirm(f->seq, 2);
                return;
            }
            out[k] = units[i];
            out[k++].value = mdc_v_add_bytes(&a, NULL, NULL, MDC_V_BYTES, g.stored[units[i].fn],
                                             g.stored_len[units[i].fn]);
        }
        {
            gdw13761_frame r = up_frame(0x0A, false, 8, f->seq);
            send_units(&r, out, k, true);
        }
        return;
    case 0x01:
    case 0x05:
        for (size_t i = 0; i < m.nunits; i++)
            if (f->afn == 0x05 && units[i].fn == 31) {
                char iso[40] = "?";
                const mdc_value *t = mdc_v_get(units[i].value, "time");
                if (t && t->kind == MDC_V_TIME)
                    mdc_tm_format_iso(&t->u.tm, iso, sizeof iso);
                fprintf(stderr, "stub: time set to %s\n", iso);
            }
        confirm(f->seq, 1);
        return;
    case 0x0D:
    case 0x09:
        for (size_t i = 0; i < m.nunits && k < MAXU; i++) {
            const gdw13761_fn *row = gdw13761_cat_find(f->afn, units[i].fn, GDW13761_UP);
            if (!row) {
                confirm(f->seq, 2);
                return;
            }
            out[k] = units[i];
            mdc_value *v = gdw13761_unit_sample(row->layout, units[i].pn, &a);
            /* echo the request's time label */
            for (mdc_value *c = v ? v->u.list.head : NULL; c; c = c->next) {
                const mdc_value *req = mdc_v_get(units[i].value, c->key);
                if (req && c->kind == req->kind && c->kind == MDC_V_TIME)
                    c->u.tm = req->u.tm;
            }
            out[k++].value = v;
        }
        send_split(f->afn, f->seq, out, k);
        return;
    case 0x0F: {
        int64_t seg = -1, segs = 0, attr = 0;
        const mdc_value *v = m.nunits ? units[0].value : NULL;
        const mdc_value *d = mdc_v_get(v, "data");
        mdc_v_int(mdc_v_get(v, "segment"), &seg);
        mdc_v_int(mdc_v_get(v, "segments"), &segs);
        mdc_v_int(mdc_v_get(v, "attr"), &attr);
        if (d && d->kind == MDC_V_BYTES)
            g.file_bytes += d->u.bytes.len;
        fprintf(stderr, "stub: file segment %lld/%lld\n", (long long)seg + 1, (long long)segs);
        if (attr == 1)
            fprintf(stderr, "stub: file complete, %zu bytes\n", g.file_bytes);
        mdc_value *r = mdc_v_add_obj(&a, NULL, NULL);
        mdc_v_add_int(&a, r, "segment", seg, NULL);
        gdw13761_unit u = {.pn = 0, .fn = 1, .value = r};
        gdw13761_frame rf = up_frame(0x0F, false, 8, f->seq);
        send_units(&rf, &u, 1, true);
        return;
    }
    case 0x10: {
        const mdc_value *v = m.nunits ? units[0].value : NULL;
        const mdc_value *fr = mdc_v_get(v, "frame");
        int64_t port = 0;
        mdc_v_int(mdc_v_get(v, "port"), &port);
        mdc_value *r = mdc_v_add_obj(&a, NULL, NULL);
        mdc_v_add_int(&a, r, "port", port, NULL);
        mdc_v_add_bytes(&a, r, "frame", MDC_V_BYTES, fr ? fr->u.bytes.p : NULL,
                        fr ? fr->u.bytes.len : 0);
        gdw13761_unit u = {.pn = 0, .fn = 1, .value = r};
        gdw13761_frame rf = up_frame(0x10, false, 8, f->seq);
        send_units(&rf, &u, 1, true);
        return;
    }
    default:
        confirm(f->seq, 2);
    }
}

/* Reads until a frame is complete or the deadline passes; handles requests
 * that arrive meanwhile. Returns true when an AFN00 answer came. */
static bool pump(int64_t until, bool want_ack, uint8_t *ack_fn)
{
    for (;;) {
        int64_t left = until - now_ms();
        if (left <= 0)
            return false;
        struct pollfd pf = {.fd = g.fd, .events = POLLIN};
        if (poll(&pf, 1, (int)left) <= 0)
            continue;
        uint8_t buf[4096];
        ssize_t r = read(g.fd, buf, sizeof buf);
        if (r < 0 && (errno == EAGAIN || errno == EINTR))
            continue;
        if (r <= 0) {
            fprintf(stderr, "stub: connection closed\n");
            exit(0);
        }
        const uint8_t *p = buf;
        size_t n = (size_t)r;
        bool got = false;
        for (;;) {
            const uint8_t *fr;
            size_t fl;
            size_t k = gdw13761_framer_feed(&g.fr, p, n, &fr, &fl);
            p += k;
            n -= k;
            if (!fr) {
                if (n == 0)
                    break;
                continue;
            }
            gdw13761_frame f;
            if (gdw13761_frame_decode(fr, fl, &f, NULL, NULL) != 0)
                continue;
            if (want_ack && !f.prm && f.afn == 0x00 && f.units_len >= 4) {
                *ack_fn = f.units[2] == 1 ? 1 : f.units[2] == 4 ? 3 : 0;
                got = true;
            } else
                answer(fr, fl);
        }
        if (got)
            return true;
    }
}

/* Sends a link test or report and waits for the master's AFN00. With
 * stale_s > 0 the frame carries a Tp sent stale_s seconds ago with 1 minute
 * allowed. */
static void initiate_tp(uint8_t afn, uint8_t fc, const char *region_hex, const char *what,
                        int stale_s)
{
    uint8_t region[256];
    long rn = mdc_hex_parse(region_hex, region, sizeof region, NULL);
    gdw13761_frame f = up_frame(afn, true, fc, g.pfc & 0x0F);
    f.con = true;
    f.units = region;
    f.units_len = (size_t)rn;
    if (stale_s > 0) {
        mdc_tm t;
        clock_now(&t);
        mdc_tm_from_epoch(mdc_tm_to_epoch(&t) - stale_s, &t);
        f.tpv = true;
        gdw13761_tp_from_tm(&f.tp, g.pfc, &t, 1);
    }
    uint8_t out[512];
    size_t w;
    if (gdw13761_frame_encode(&f, out, sizeof out, &w, NULL) != 0)
        return;
    g.pfc++;
    put(out, w);
    uint8_t fn = 0;
    if (pump(now_ms() + (stale_s > 0 ? 1500 : 5000), true, &fn))
        fprintf(stderr, "stub: %s acked (AFN00 F%u)\n", what, fn);
    else
        fprintf(stderr, "stub: %s not acked\n", what);
}

static void initiate(uint8_t afn, uint8_t fc, const char *region_hex, const char *what)
{
    initiate_tp(afn, fc, region_hex, what, 0);
}

static void heartbeat(void)
{
    mdc_tm t;
    clock_now(&t);
    char hx[64];
    /* p0 F3 + A.1: ss mm hh DD (week << 5 | MM) YY, BCD */
    unsigned wk = t.wday == 0 ? 7 : t.wday;
    unsigned mon = (unsigned)(t.mon / 10 * 16 + t.mon % 10);
    snprintf(hx, sizeof hx, "00000400 %02u%02u%02u%02u%02X%02u", t.sec, t.min, t.hour, t.day,
             (wk << 5) | mon, t.year % 100);
    initiate(0x02, 9, hx, "heartbeat");
}

int main(int argc, char **argv)
{
    const char *connect_to = NULL, *pty_link = NULL, *addr = "3501-1";
    int hb_ms = 60000;
    bool report = false, stale = false;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--report") == 0)
            report = true;
        else if (strcmp(argv[i], "--stale-report") == 0)
            stale = true;
        else if (i + 1 < argc && strcmp(argv[i], "--connect") == 0)
            connect_to = argv[++i];
        else if (i + 1 < argc && strcmp(argv[i], "--pty") == 0)
            pty_link = argv[++i];
        else if (i + 1 < argc && strcmp(argv[i], "--addr") == 0)
            addr = argv[++i];
        else if (i + 1 < argc && strcmp(argv[i], "--hb-ms") == 0)
            hb_ms = atoi(argv[++i]);
        else if (i + 1 < argc && strcmp(argv[i], "--drop") == 0)
            g.drop = (unsigned)atoi(argv[++i]);
        else {
            fprintf(stderr, "usage: stub_term (--connect HOST:PORT | --pty LINK) [--addr A1-A2] "
                            "[--hb-ms N] [--report] [--stale-report] [--drop N]\n");
            return 2;
        }
    }
    setvbuf(stderr, NULL, _IOLBF, 0);
    signal(SIGPIPE, SIG_IGN);
    unsigned a2;
    if (sscanf(addr, "%4s-%u", g.a1, &a2) != 2 || a2 == 0 || a2 > 65535)
        return 2;
    g.a2 = (uint16_t)a2;
    gdw13761_framer_init(&g.fr);
    if (pty_link) {
        plat_pty pty;
        char err[200];
        if (plat_pty_open(&pty, pty_link, err, sizeof err) != 0) {
            fprintf(stderr, "stub: %s\n", err);
            return 1;
        }
        g.fd = pty.master_fd;
        fprintf(stderr, "stub: serial at %s\n", pty_link);
        for (;;) {
            uint8_t dummy;
            pump(now_ms() + 3600000, false, &dummy);
        }
    }
    char host[64];
    int port;
    if (!connect_to || sscanf(connect_to, "%63[^:]:%d", host, &port) != 2)
        return 2;
    g.fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    inet_pton(AF_INET, host, &sa.sin_addr);
    if (connect(g.fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
        fprintf(stderr, "stub: connect %s: %s\n", connect_to, strerror(errno));
        return 1;
    }
    initiate(0x02, 9, "00000100", "login");
    heartbeat();
    if (report) /* notes §1.10 row 5: ERC14 with Le = 11 */
        initiate(0x0E, 4, "00000100 1C041B1C0E0B01181504071953160407 19", "report");
    if (stale) /* the same report with a Tp an hour old: dropped, not confirmed */
        initiate_tp(0x0E, 4, "00000100 1C041B1C0E0B01181504071953160407 19", "stale report", 3600);
    for (;;) {
        uint8_t dummy;
        pump(now_ms() + hb_ms, false, &dummy);
        heartbeat();
    }
}
