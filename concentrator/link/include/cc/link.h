/* The concentrator's uplink session core (Q/GDW 1376.1-2013 over TCP, the
 * terminal as TCP client): connection to the master (main/backup), login,
 * heartbeat, logout, sequence numbers (PFC/PSEQ/RSEQ), retries, duplicate
 * requests (PSEQ and FCB rules), Tp checks, address checks, multi-frame
 * answers, active reports with CON and the link statistics.
 *
 * A core WITHOUT I/O: it never opens a socket, reads a clock, sleeps or
 * allocates. The shell hands it events and the current time and implements
 * the operations of cc_link_ops (connect, close, send bytes, hand a request to
 * the dispatcher, a report is done, random numbers). After each call the
 * shell asks cc_link_next_deadline() and calls cc_link_tick() then.
 * docs/link-session.md describes the state machine, timers and policies.
 *
 * Every entry point may call ops (synchronously, before it returns); an op
 * may call cc_link_respond() and cc_link_report_queue() (re-entrancy is
 * allowed for these two), but not the other entry points. */
#ifndef CC_LINK_H
#define CC_LINK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "gdw13761/frame.h"
#include "gdw13761/framer.h"
#include "gdw13761/msg.h"
#include "cc/link_resp.h"

/* Sizes of the fixed buffers inside cc_link (no allocation anywhere); the
 * request/answer sizes are in cc/link_resp.h. */
#define CC_LINK_REPORTS      16u   /* queued active reports */
#define CC_LINK_REPORT_BYTES 2048u /* unit region of one report */
#define CC_LINK_REPORT_SPANS 32u   /* identifiers (spans) of one report */
#define CC_LINK_NO_DEADLINE  INT64_MAX
/* smallest max_frame_len: an empty frame with one identifier, EC and Tp */
#define CC_LINK_FRAME_LEN_MIN (GDW13761_FRAME_MIN + 4u + GDW13761_EC_LEN + GDW13761_TP_LEN)

typedef struct cc_link_addr {
    uint8_t ip[4];
    uint16_t port; /* 0: not set */
} cc_link_addr;

/* Parameters; every one may change while running (cc_link_params_changed). */
typedef struct cc_link_params {
    char a1[5];                      /* own region code, 4 hex digits ("3501") */
    uint16_t a2;                     /* own terminal address 1..65535 */
    uint16_t groups[CC_LINK_GROUPS]; /* AFN04 F6 group addresses, 0 = unused */
    cc_link_addr master[2];          /* AFN04 F3: [0] main, [1] backup */
    uint16_t timeout_s;              /* AFN04 F1: response timeout 0..4095 s (0: 30 s) */
    uint8_t retries;                 /* AFN04 F1: resends 0..3 */
    uint8_t con_flags;               /* AFN04 F1: D0/D1/D2 class 1/2/3 reports need CON=1 */
    uint8_t heartbeat_min;           /* AFN04 F1: heartbeat period, minutes (0: none) */
    uint8_t tp_delay_min;            /* AFN04 F1: delay in the Tp of reports (0: no Tp) */
    uint16_t redial_s;               /* AFN04 F8: redial interval, seconds */
    uint8_t work_mode;               /* AFN04 F8 D1D0: CC_LINK_MODE_* */
    uint8_t passive_redials;         /* AFN04 F8: passive mode, failed connects before sleeping */
    uint8_t passive_idle_min;        /* AFN04 F8: passive mode, hang up after this long without
                                        requests or reports (0: never) */
    uint32_t online_hours;           /* AFN04 F8: time-window mode, D0..D23 = hours 0..23 */
    uint32_t login_delay_min_ms;     /* random first-login delay range (0..30000) */
    uint32_t login_delay_max_ms;
    uint32_t connect_timeout_ms; /* no connected/failed within this: failed (0: 30 s) */
    size_t max_frame_len;        /* largest frame sent, CC_LINK_FRAME_LEN_MIN (28) ..
                                    GDW13761_FRAME_MAX (16391) */
    uint8_t report_fc_con;       /* FC of CON=1 reports: 10 per §4.3.3.2.6 a), 4 for
                                    masters that want C4 (field) */
} cc_link_params;

/* Online modes of AFN04 F8 D1..D0 (client mode). */
enum {
    CC_LINK_MODE_PERMANENT = 1, /* connect at power-up, redial when lost */
    CC_LINK_MODE_PASSIVE = 2,   /* connect when activated (AFN05 F38, SMS), hang up when idle */
    CC_LINK_MODE_WINDOW = 3,    /* online during the hours of online_hours */
};

/* Defaults: A1 "0000", A2 1, no master, timeout 30 s, 3 retries, CON flags
 * 0, heartbeat 15 min, no Tp, redial 30 s, permanent online (passive: 3
 * redials, 10 min idle; window: all hours), login delay 0..30 s, connect
 * timeout 30 s, max frame 16391 bytes, report FC 10. */
void cc_link_params_default(cc_link_params *p);

/* Takes the 6 bytes of AFN04 F1 (RTS, delay, timeout+retries, CON flags,
 * heartbeat) into p: timeout = 12 bits, retries = byte 3 D4..D5. */
void cc_link_params_apply_f1(cc_link_params *p, const uint8_t f1[6]);

/* Takes the 8 bytes of AFN04 F8 (mode BS8, redial interval, passive redial
 * count, passive idle minutes, BS24 online hours) into p. Only the client
 * online mode D1..D0 is used (UDP D7 and the server/mixed modes D5..D4 are
 * not supported); a mode outside 1..3 is taken as permanent online. */
void cc_link_params_apply_f8(cc_link_params *p, const uint8_t f8[8]);

/* Takes the first 12 bytes of AFN04 F3 (main IP, port, backup IP, port; the
 * APN is the shell's) into p. */
void cc_link_params_apply_f3(cc_link_params *p, const uint8_t f3[12]);

typedef enum cc_link_state {
    CC_LINK_IDLE = 0,   /* not started, or stopped */
    CC_LINK_REDIAL,     /* waiting for the redial interval */
    CC_LINK_DORMANT,    /* passive mode: waiting for activation; window mode: outside the
                           online hours */
    CC_LINK_CONNECTING, /* asked the shell to connect */
    CC_LINK_CONNECTED,  /* TCP up, login not yet acknowledged */
    CC_LINK_ONLINE,     /* logged in: heartbeats, requests, reports */
    CC_LINK_STOPPING,   /* logout sent, waiting for its ack (stop, F39, idle, window end) */
} cc_link_state;

/* Readable name of a state ("online"...). Static string. */
const char *cc_link_state_name(cc_link_state s);

typedef struct cc_link_ops {
    /* Open a TCP connection to addr (which: 0 main, 1 backup); answer later
     * with cc_link_on_connected / cc_link_on_connect_failed. */
    void (*connect)(void *ctx, unsigned which, const cc_link_addr *addr);
    /* Close the connection (no cc_link_on_closed expected afterwards). */
    void (*close)(void *ctx);
    /* Write these bytes to the connection (copy them: p is the core's). */
    void (*send)(void *ctx, const uint8_t *p, size_t n);
    /* A request for the dispatcher; answer with cc_link_respond (now or later). */
    void (*request)(void *ctx, const cc_link_request *rq);
    /* Report `id` is done: acked (CON=1 confirmed, or CON=0 sent). */
    void (*report_done)(void *ctx, uint32_t id, bool acked);
    /* State changed (may be NULL). */
    void (*state)(void *ctx, cc_link_state st);
    /* A uniform random 32-bit number (tests: deterministic). */
    uint32_t (*rand)(void *ctx);
} cc_link_ops;

/* Link statistics for AFN0C F4/F10 and the LEDs. Day/month counters restart
 * when the terminal clock's day/month changes; the closed period's values are
 * kept in prev_day/prev_month for the store to freeze. */
typedef struct cc_link_traffic {
    uint64_t tx_bytes, rx_bytes;
    uint32_t tx_frames, rx_frames;
} cc_link_traffic;

typedef struct cc_link_stats {
    cc_link_traffic day, month, prev_day, prev_month;
    int32_t day_key, month_key; /* yyyymmdd / yyyymm of the counters */
    uint32_t connects, connect_failures, disconnects;
    uint32_t logins, login_failures, heartbeats, heartbeat_failures;
    uint32_t resends;        /* frames sent again after a timeout */
    uint32_t dropped_bad;    /* frames that failed gdw13761_frame_decode */
    uint32_t dropped_addr;   /* not for us, or uplink direction */
    uint32_t dropped_stale;  /* Tp stale or invalid */
    uint32_t dropped_busy;   /* request while the previous one is unanswered */
    uint32_t repeats;        /* answered from the stored answer */
    uint32_t unmatched_acks; /* AFN00 from the master matching nothing we sent */
    uint32_t answers_unsent; /* group/broadcast answers suppressed, or too late */
    uint32_t reports_sent, reports_acked, reports_rejected;
    int64_t last_heartbeat_clock_ms; /* terminal clock of the last acked heartbeat, -1 */
    int64_t last_login_clock_ms;     /* terminal clock of the last login ack, -1 */
    bool online;                     /* logged in */
} cc_link_stats;

/* --- internals below: read through the functions, not the fields --- */
typedef enum cc_link_txkind {
    CC_TX_NONE = 0,
    CC_TX_LOGIN,
    CC_TX_HEARTBEAT,
    CC_TX_LOGOUT,
    CC_TX_REPORT,
} cc_link_txkind;

typedef struct cc_link_report {
    uint32_t id;
    uint8_t afn;
    bool con;
    uint16_t nspans;
    uint16_t span_len[CC_LINK_REPORT_SPANS];
    uint16_t len;
    uint8_t bytes[CC_LINK_REPORT_BYTES];
} cc_link_report;

typedef struct cc_link {
    cc_link_ops ops;
    void *ctx;
    cc_link_params p;
    cc_link_state st;
    cc_link_stats stats;
    /* connection */
    unsigned addr_idx;      /* address of the current/next attempt */
    int64_t t_redial;       /* REDIAL: connect at */
    int64_t t_connect;      /* CONNECTING: give up at */
    int64_t t_login;        /* CONNECTED: send the login at */
    int64_t t_heartbeat;    /* ONLINE: next heartbeat at */
    int64_t t_hb_base;      /* ONLINE: the last heartbeat (or login ack) */
    int64_t t_report;       /* ONLINE: reports held until */
    int64_t t_wake;         /* DORMANT (window mode): check the online hours at */
    int64_t t_app;          /* last request or report (passive idle timer) */
    unsigned redial_fails;  /* passive mode: failed connects since activation */
    cc_link_state leave_to; /* after STOPPING: IDLE, REDIAL or DORMANT */
    bool first_login;       /* the random start delay applies */
    uint8_t pfc;            /* frame counter of frames we initiate */
    /* the one outstanding frame we initiated */
    cc_link_txkind tx;
    uint8_t tx_seq;
    unsigned tx_tries;
    int64_t t_tx; /* its answer deadline */
    size_t tx_len;
    uint8_t tx_frame[GDW13761_FRAME_MAX];
    /* active reports: ring, head is being sent */
    cc_link_report reports[CC_LINK_REPORTS];
    unsigned rep_head, rep_count;
    gdw13761_split rep_split;
    gdw13761_span rep_spans[CC_LINK_REPORT_SPANS];
    bool rep_active;
    /* requests from the master and their answers (ACD/EC, repeats) */
    cc_link_resp resp;
} cc_link;

/* Prepares l (all state in the struct; ~150 KB, allocate it once). ops and
 * ctx are copied/kept. Returns 0, or -1 when ops lacks connect, close, send,
 * request or rand, or the parameters are invalid (A1 not 4 hex digits, A2 0,
 * max_frame_len too small or too large). */
int cc_link_init(cc_link *l, const cc_link_ops *ops, void *ctx, const cc_link_params *p);

/* Starts the session (power-up): asks to connect; the first login goes out
 * after the random login delay counted from now. No-op unless IDLE. */
void cc_link_start(cc_link *l, cc_link_now now);

/* Orderly stop: sends the logout (AFN02 F2) when online, waits for its ack
 * or one response timeout, then closes; otherwise closes at once. */
void cc_link_stop(cc_link *l, cc_link_now now);

/* The shell's connection results. */
void cc_link_on_connected(cc_link *l, cc_link_now now);
void cc_link_on_connect_failed(cc_link *l, cc_link_now now);
/* The connection was lost (peer closed, error). */
void cc_link_on_closed(cc_link *l, cc_link_now now);

/* Bytes received on the connection (any chunking). */
void cc_link_on_bytes(cc_link *l, cc_link_now now, const uint8_t *p, size_t n);

/* Timers: call at (or after) cc_link_next_deadline(). */
void cc_link_tick(cc_link *l, cc_link_now now);

/* Monotonic ms of the next timer, CC_LINK_NO_DEADLINE when none. */
int64_t cc_link_next_deadline(const cc_link *l);

/* The dispatcher's answer to request `id`: framed (C, A, SEQ = RSEQ from the
 * request's PSEQ, EC when ACD, Tp echoed), split within max_frame_len, sent
 * and stored for repeats. Returns 0; -1 when id is not the pending request
 * (too late: the connection ended) or the answer cannot be framed (a unit
 * larger than a frame: an AFN00 F2 deny is sent instead so the master is not
 * left waiting). The spans are read during the call only. */
int cc_link_respond(cc_link *l, cc_link_now now, uint32_t id, const cc_link_answer *ans);

/* New parameters, effective at once: a new heartbeat period reschedules the
 * next heartbeat from the last one; a new master address is used from the
 * next connection attempt (a current connection to an address no longer
 * configured is closed and redialled). Returns -1 (nothing changed) for
 * invalid parameters, as cc_link_init. */
int cc_link_params_changed(cc_link *l, cc_link_now now, const cc_link_params *p);

/* AFN05 F38 "activate the connection to the master" (or an SMS wake-up):
 * in passive mode a dormant core connects; in any mode a core waiting to
 * redial connects at once. */
void cc_link_activate(cc_link *l, cc_link_now now);

/* AFN05 F39 "disconnect": logout (when online) and close; then permanent
 * and window modes redial after the redial interval, passive mode sleeps
 * until activated. Call it after the AFN05 confirm has been sent. */
void cc_link_disconnect(cc_link *l, cc_link_now now);

/* Event counters for ACD/EC: answers carry ACD=1 and EC1/EC2 while
 * `important_unread` is true. */
void cc_link_set_events(cc_link *l, uint8_t ec1, uint8_t ec2, bool important_unread);

/* Queues an active report: units[0..n) (each identifier + its units, as
 * gdw13761_msg_encode_units gives them) of AFN afn (0C, 0D, 0E), copied.
 * con: 1 or 0, or -1 for the AFN04 F1 flag of the AFN's class. Sent when
 * online (FC 4, or report_fc_con with CON=1), split within max_frame_len,
 * each frame resent per timeout/retries until acked; kept while offline.
 * ops.report_done(id, true) when done. Returns 0, or -1 when the queue is
 * full (the caller keeps it and offers it again after a report_done), the
 * units exceed CC_LINK_REPORT_BYTES / CC_LINK_REPORT_SPANS, or afn/n is bad. */
int cc_link_report_queue(cc_link *l, cc_link_now now, uint32_t id, uint8_t afn,
                         const gdw13761_span *units, size_t n, int con);

/* Reports queued (including the one being sent). */
unsigned cc_link_report_count(const cc_link *l);

cc_link_state cc_link_get_state(const cc_link *l);
const cc_link_stats *cc_link_get_stats(const cc_link *l);

#endif
