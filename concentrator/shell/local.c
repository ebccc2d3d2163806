/* The local maintenance ports (RS485-III 9600 8E1, infrared 1200 8E1 with
 * the FE preamble): a serial device or a pty, polled by the loop, each
 * running a cc_link_local core into the same dispatcher as the uplink. */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "daemon.h"
#include "log.h"

static void port_params(cd_daemon *d, cd_port *p, cc_link_local_params *lp)
{
    memset(lp, 0, sizeof *lp);
    memcpy(lp->a1, d->lp.a1, sizeof lp->a1);
    lp->a2 = d->lp.a2;
    memcpy(lp->groups, d->lp.groups, sizeof lp->groups);
    lp->max_frame_len = d->lp.max_frame_len;
    lp->preamble = p->src == CC_SRC_INFRARED;
}

/* Writes everything: a line is slow but answers are small; waits up to 2 s
 * for room (a reader that stopped reading loses the rest). */
static void op_send(void *ctx, const uint8_t *b, size_t n)
{
    cd_port *p = ctx;
    int fd = p->is_pty ? p->pty.master_fd : p->fd;
    p->d->local_tx_ms = cd_now_mono_ms();
    while (n > 0) {
        ssize_t w = write(fd, b, n);
        if (w > 0) {
            b += w;
            n -= (size_t)w;
            continue;
        }
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0 && errno == EAGAIN) {
            struct pollfd pf = {.fd = fd, .events = POLLOUT};
            if (poll(&pf, 1, 2000) > 0)
                continue;
        }
        cd_log(CD_LOG_WARN, "%s: write: %s (%zu bytes lost)", p->name,
               w < 0 ? strerror(errno) : "line full", n);
        return;
    }
}

static void op_request(void *ctx, const cc_link_request *rq)
{
    cd_port *p = ctx;
    cc_link_answer ans;
    if (cd_dispatch(p->d, p->src, rq, &ans))
        return; /* answered later (AFN10 job on a reading port) */
    if (cc_link_local_respond(&p->link, cd_now(p->d), rq->id, &ans) != 0)
        cd_log(CD_LOG_WARN, "%s: answer to AFN%02X not sent", p->name, rq->msg->frame.afn);
}

static void on_poll(uv_poll_t *h, int status, int events)
{
    cd_port *p = h->data;
    if (status < 0 || !(events & UV_READABLE))
        return;
    int fd = p->is_pty ? p->pty.master_fd : p->fd;
    uint8_t buf[4096];
    for (;;) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n > 0) {
            p->d->local_rx_ms = cd_now_mono_ms();
            cc_link_local_on_bytes(&p->link, cd_now(p->d), buf, (size_t)n);
            cd_after(p->d);
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        /* EAGAIN: drained; EIO on a pty: nobody has the slave open (the held
         * descriptor normally prevents that) */
        return;
    }
}

static int open_port(cd_daemon *d, cd_port *p, const char *spec, unsigned baud, char *err,
                     size_t cap)
{
    static const cc_link_local_ops ops = {.send = op_send, .request = op_request};
    p->d = d;
    p->fd = -1;
    if (!spec[0])
        return 0;
    int fd;
    if (strncmp(spec, "pty:", 4) == 0) {
        snprintf(p->link_path, sizeof p->link_path, "%s", spec + 4);
        if (plat_pty_open(&p->pty, p->link_path, err, cap) != 0)
            return -1;
        p->is_pty = true;
        fd = p->pty.master_fd;
        cd_log(CD_LOG_INFO, "%s: pty %s (link %s)", p->name, p->pty.slave_path, p->link_path);
    } else {
        fd = plat_serial_open(spec, baud, PLAT_PARITY_EVEN, err, cap);
        if (fd < 0)
            return -1;
        p->fd = fd;
        cd_log(CD_LOG_INFO, "%s: %s at %u 8E1", p->name, spec, baud);
    }
    cc_link_local_params lp;
    port_params(d, p, &lp);
    if (cc_link_local_init(&p->link, &ops, p, &lp) != 0) {
        snprintf(err, cap, "%s: link parameters refused", p->name);
        return -1;
    }
    uv_poll_init(d->loop, &p->poll, fd);
    p->poll.data = p;
    uv_poll_start(&p->poll, UV_READABLE, on_poll);
    p->open = true;
    return 0;
}

int cd_ports_open(cd_daemon *d, char *err, size_t errcap)
{
    d->ports[0].src = CC_SRC_RS485_III;
    d->ports[0].name = "rs485_3";
    d->ports[1].src = CC_SRC_INFRARED;
    d->ports[1].name = "infrared";
    char why[300];
    if (open_port(d, &d->ports[0], d->cfg.rs485_3, d->cfg.rs485_3_baud, why, sizeof why) != 0) {
        snprintf(err, errcap, "ports.rs485_3: %s", why);
        return -1;
    }
    if (open_port(d, &d->ports[1], d->cfg.infrared, d->cfg.infrared_baud, why, sizeof why) != 0) {
        snprintf(err, errcap, "ports.infrared: %s", why);
        return -1;
    }
    return 0;
}

static void on_poll_closed(uv_handle_t *h)
{
    cd_port *p = h->data;
    if (p->is_pty)
        plat_pty_close(&p->pty, p->link_path);
    else if (p->fd >= 0)
        close(p->fd);
    p->fd = -1;
}

void cd_ports_close(cd_daemon *d)
{
    for (int i = 0; i < 2; i++) {
        cd_port *p = &d->ports[i];
        if (!p->open)
            continue;
        p->open = false;
        uv_poll_stop(&p->poll);
        uv_close((uv_handle_t *)&p->poll, on_poll_closed);
    }
}

void cd_ports_params(cd_daemon *d)
{
    for (int i = 0; i < 2; i++) {
        cd_port *p = &d->ports[i];
        if (!p->open)
            continue;
        cc_link_local_params lp;
        port_params(d, p, &lp);
        (void)cc_link_local_params_changed(&p->link, &lp);
    }
}
