/* Work that goes before the round, between its transactions: the master's
 * forwarding (AFN10 F1) and read (F9) jobs, the broadcast time set, the meter
 * search (cc/msearch.h). */
#include <string.h>

#include "rd.h"

static void set_line(cc_reader *r, const uint8_t addr[6], uint8_t protocol, uint32_t baud)
{
    rd_tx *t = &r->tx;
    memcpy(t->addr, addr, 6);
    t->protocol = protocol;
    t->baud = baud;
    t->parity = 2;
    t->data_bits = 8;
    t->stop_bits = 1;
    t->di = 0;
}

static void send_sync(cc_reader *r, cc_link_now now, uint32_t baud)
{
    dlt645_request rq;
    dlt645_request_init(&rq, DLT645_PROTO_2007, DLT645_F07_TIME_SET, dlt645_addr_broadcast);
    cc_link_now_calendar(now, &rq.time);
    rq.time.fields = MDC_TM_FULL;
    rq.has_time = true;
    dlt645_frame f;
    uint8_t buf[CC_READER_FRAME_MAX];
    size_t n = 0;
    if (dlt645_request_build(&rq, &f) != DLT645_OK)
        return;
    f.preamble = r->cfg.preamble > DLT645_PREAMBLE_MAX ? DLT645_PREAMBLE_MAX : r->cfg.preamble;
    if (dlt645_frame_encode(&f, buf, sizeof buf, &n) != DLT645_OK)
        return;
    set_line(r, dlt645_addr_broadcast, CC_PROTO_645_2007, baud);
    rd_tx_send(r, now, RD_TX_SYNC, buf, n);
    char ts[24];
    mdc_tm_format_iso(&rq.time, ts, sizeof ts);
    rd_log(r, "time set broadcast at %u baud: %s", (unsigned)baud, ts);
}

static bool search_probe(cc_reader *r, cc_link_now now)
{
    static const uint8_t protos[2] = {CC_PROTO_645_2007, CC_PROTO_645_1997};
    while (r->search_ri < r->search_nrates) {
        uint8_t pattern[6];
        if (!r->srch.started)
            msearch_start(&r->srch, protos[r->search_pi]);
        if (msearch_next(&r->srch, pattern)) {
            uint8_t buf[CC_READER_FRAME_MAX];
            uint8_t pre = r->cfg.preamble > 4 ? 4 : r->cfg.preamble;
            memset(buf, 0xFE, pre);
            size_t n = msearch_probe(protos[r->search_pi], pattern, buf + pre, sizeof buf - pre);
            if (n == 0)
                break;
            set_line(r, pattern, protos[r->search_pi], r->search_rates[r->search_ri]);
            memcpy(r->tx.search_addr, pattern, 6);
            rd_tx_send(r, now, RD_TX_SEARCH, buf, n + pre);
            return true;
        }
        memset(&r->srch, 0, sizeof r->srch);
        if (++r->search_pi >= 2) {
            r->search_pi = 0;
            r->search_ri++;
        }
    }
    r->search_on = false;
    rd_log(r, "search done: %u new meters", r->search_found);
    if (r->ops.search_done)
        r->ops.search_done(r->ctx, r->search_found);
    return false;
}

bool rd_jobs_step(cc_reader *r, cc_link_now now)
{
    if (r->job_fwd) {
        r->job_fwd = false;
        r->rx_n = 0;
        rd_tx *t = &r->tx;
        t->baud = r->fwd.baud ? r->fwd.baud : r->cfg.default_baud;
        t->parity = r->fwd.parity;
        t->data_bits = r->fwd.data_bits;
        t->stop_bits = r->fwd.stop_bits;
        t->di = 0;
        memset(t->addr, 0, 6);
        rd_tx_send(r, now, RD_TX_FWD, r->fwd.frame, r->fwd.len);
        return true;
    }
    if (r->job_read) {
        r->job_read = false;
        if (rd_tx_read(r, now, RD_TX_READ, r->read_addr, r->read_proto, r->read_baud, r->read_di))
            return true;
        if (r->ops.read_done)
            r->ops.read_done(r->ctx, r->read_id, CC_READER_TIMEOUT, r->read_di, NULL, 0);
    }
    if (r->sync_n) {
        send_sync(r, now, r->sync_rates[--r->sync_n]);
        if (r->tx.kind == RD_TX_SYNC)
            return true;
    }
    if (r->search_on)
        return search_probe(r, now);
    return false;
}

void rd_job_result(cc_reader *r, cc_link_now now, rd_res res, const uint8_t *data, size_t len)
{
    (void)now;
    cc_reader_result rr = res == RD_RES_OK       ? CC_READER_OK
                          : res == RD_RES_DENIED ? CC_READER_DENIED
                                                 : CC_READER_TIMEOUT;
    if (r->ops.read_done)
        r->ops.read_done(r->ctx, r->read_id, rr, r->read_di, data, len);
}

void rd_fwd_end(cc_reader *r)
{
    if (r->ops.fwd_done)
        r->ops.fwd_done(r->ctx, r->fwd.id, r->rx_n ? CC_READER_OK : CC_READER_TIMEOUT, r->rx,
                        r->rx_n);
}

/* Configured exactly as found (address, protocol and rate): nothing new to report. A meter
 * found at another rate or with another protocol is reported (auto-maintenance updates it). */
static bool configured(const cc_reader *r, const uint8_t addr[6], uint8_t protocol, uint32_t baud)
{
    for (size_t i = 0; i < r->n; i++)
        if (memcmp(r->meters[i].addr, addr, 6) == 0 && r->meters[i].protocol == protocol &&
            rd_baud(r, &r->meters[i]) == baud)
            return true;
    return false;
}

void rd_search_result(cc_reader *r, cc_link_now now, msearch_outcome o, const uint8_t addr[6])
{
    (void)now;
    uint8_t found[6];
    if (!msearch_result(&r->srch, o, addr, found))
        return;
    uint8_t proto = r->tx.protocol;
    uint32_t baud = r->tx.baud;
    char a[16];
    dlt645_addr_format(found, a);
    if (configured(r, found, proto, baud)) {
        rd_log(r, "search: %s (configured) at %u baud", a, (unsigned)baud);
        return;
    }
    r->search_found++;
    rd_log(r, "search: found %s, DL/T 645-%s, %u baud", a,
           proto == CC_PROTO_645_1997 ? "1997" : "2007", (unsigned)baud);
    if (r->ops.found)
        r->ops.found(r->ctx, found, proto, baud);
}

void rd_sync_queue(cc_reader *r)
{
    r->sync_n = 0;
    for (size_t i = 0; i < r->n; i++) {
        uint32_t b = rd_baud(r, &r->meters[i]);
        bool seen = false;
        for (size_t k = 0; k < r->sync_n; k++)
            seen = seen || r->sync_rates[k] == b;
        if (!seen && r->sync_n < sizeof r->sync_rates / sizeof r->sync_rates[0])
            r->sync_rates[r->sync_n++] = b;
    }
    /* sent from the end of the list: reverse it so the first meter's rate goes first */
    for (size_t k = 0; k < r->sync_n / 2; k++) {
        uint32_t x = r->sync_rates[k];
        r->sync_rates[k] = r->sync_rates[r->sync_n - 1 - k];
        r->sync_rates[r->sync_n - 1 - k] = x;
    }
}

void rd_search_begin(cc_reader *r, const uint32_t *bauds, size_t n)
{
    static const uint32_t dflt[3] = {2400, 9600, 1200};
    if (n == 0) {
        bauds = dflt;
        n = 3;
    }
    r->search_nrates = 0;
    for (size_t i = 0; i < n && r->search_nrates < 8; i++)
        if (bauds[i] >= 600 && bauds[i] <= 9600)
            r->search_rates[r->search_nrates++] = bauds[i];
    memset(&r->srch, 0, sizeof r->srch);
    r->search_ri = 0;
    r->search_pi = 0;
    r->search_found = 0;
    r->search_on = true;
    rd_log(r, "search started over %u rates", (unsigned)r->search_nrates);
}

int cc_reader_forward(cc_reader *r, cc_link_now now, const cc_reader_fwd *job)
{
    if (!r || !job || job->len > CC_READER_FWD_MAX || r->job_fwd || r->job_read ||
        r->tx.kind == RD_TX_FWD || r->tx.kind == RD_TX_READ)
        return -1;
    r->fwd = *job;
    if (r->fwd.data_bits < 5 || r->fwd.data_bits > 8)
        r->fwd.data_bits = 8;
    if (r->fwd.stop_bits < 1 || r->fwd.stop_bits > 2)
        r->fwd.stop_bits = 1;
    if (r->fwd.parity > 2)
        r->fwd.parity = 2;
    if (r->fwd.baud && (r->fwd.baud < 300 || r->fwd.baud > 115200))
        r->fwd.baud = 0;
    if (r->fwd.frame_timeout_ms == 0) /* 0: the port's own timeouts */
        r->fwd.frame_timeout_ms = r->cfg.reply_timeout_ms;
    if (r->fwd.byte_timeout_ms == 0)
        r->fwd.byte_timeout_ms = r->cfg.byte_gap_ms;
    r->job_fwd = true;
    rd_pump(r, now);
    return 0;
}

int cc_reader_read(cc_reader *r, cc_link_now now, uint32_t id, const uint8_t addr[6],
                   uint8_t protocol, uint32_t baud, uint32_t di)
{
    if (!r || !addr || r->job_fwd || r->job_read || r->tx.kind == RD_TX_FWD ||
        r->tx.kind == RD_TX_READ)
        return -1;
    if (protocol != CC_PROTO_645_1997 && protocol != CC_PROTO_645_2007)
        return -1;
    r->read_id = id;
    memcpy(r->read_addr, addr, 6);
    r->read_proto = protocol;
    r->read_baud = baud ? baud : r->cfg.default_baud;
    r->read_di = di;
    r->job_read = true;
    rd_pump(r, now);
    return 0;
}

void cc_reader_sync_time(cc_reader *r, cc_link_now now)
{
    if (!r)
        return;
    rd_sync_queue(r);
    rd_pump(r, now);
}

void cc_reader_search(cc_reader *r, cc_link_now now, const uint32_t *bauds, size_t n)
{
    if (!r)
        return;
    rd_search_begin(r, bauds, n);
    rd_pump(r, now);
}
