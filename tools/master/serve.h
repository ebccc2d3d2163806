/* master serve internals shared by serve.c (TCP side, main) and
 * serve_ctl.c (control socket side). */
#ifndef MASTER_SERVE_H
#define MASTER_SERVE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <uv.h>

#include <cjson/cJSON.h>

#include "gdw13761/framer.h"
#include "gdw13761/msg.h"
#include "session.h"

#define CTL_LINE_MAX (GDW13761_FRAME_MAX * 2 + 4096)
#define TICK_MS      50

typedef struct srv srv;
typedef struct conn conn;
typedef struct ctl ctl;

/* A terminal known to the server; lives on after its connection closes. */
typedef struct term {
    mst_term t;
    conn *c;     /* current connection, or NULL */
    ctl *waiter; /* the control client waiting for the answer */
} term;

struct conn {
    uv_tcp_t tcp;
    srv *s;
    term *last; /* the terminal of the last frame (usually the only one) */
    conn *prev, *next;
    char peer[64];
    gdw13761_framer fr;
};

struct ctl {
    uv_pipe_t pipe;
    srv *s;
    size_t len;
    bool closing;
    char line[CTL_LINE_MAX];
};

/* Active reports kept for `master reports`: the last REPORTS_KEPT frames. */
#define REPORTS_KEPT 256
typedef struct report {
    uint64_t n; /* 1, 2, ... since the start */
    char ts[32];
    char to[16];
    uint8_t *frame;
    size_t len;
} report;

struct srv {
    uv_loop_t *loop;
    report reports[REPORTS_KEPT];
    uint64_t nreports;
    uv_tcp_t listener;
    uv_pipe_t control;
    uv_timer_t tick;
    uv_signal_t sigint, sigterm;
    mst_cfg cfg;
    int64_t offline_after_ms; /* 0: never; else a silent connection is closed after this */
    const char *control_path;
    FILE *log;
    bool json;
    conn *conns;
    size_t nconns, max_conns;
    term **terms;
    size_t nterms, terms_cap;
    /* frame decoding for the log (one at a time: the loop is single-threaded) */
    gdw13761_msg m;
    gdw13761_unit units[1024];
    uint8_t mem[1u << 20];
};

/* Current master time as ISO 8601 text. */
void srv_stamp(char *buf, size_t cap);
/* Logs one frame, decoded (text or a JSON line), with the event and a note. */
void srv_log_frame(srv *s, const conn *c, const char *dir, const uint8_t *p, size_t n,
                   const char *event, const char *note);
/* Writes a copy of p[0..n) to the stream (freed when written). */
void srv_send_bytes(uv_stream_t *st, const void *p, size_t n);
/* Logs and sends a frame to a terminal connection. */
void srv_send_frame(srv *s, conn *c, const uint8_t *p, size_t n, const char *event);
/* The terminal A1-A2, created when `create` (NULL when absent or out of memory). */
term *srv_term_find(srv *s, const char *a1, uint16_t a2, bool create);
/* The read buffer of every stream (one loop thread, so one static buffer). */
void srv_on_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *b);

/* Control side (serve_ctl.c). */
void srv_ctl_reply(ctl *k, cJSON *j); /* sends j as a line and frees it */
void srv_ctl_error(ctl *k, const char *error, const char *reason);
/* Hands the completed answer of t to its waiting control client. */
void srv_answer_waiter(term *t);
void srv_on_ctl_connection(uv_stream_t *server, int status);

#endif
