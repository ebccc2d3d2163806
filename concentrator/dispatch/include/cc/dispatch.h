/* The request dispatcher: one decoded 1376.1 request in, the answer and the
 * effects the shell must apply out. The same dispatcher serves the uplink and
 * the local maintenance ports (RS485-III, infrared).
 *
 * A core: it reads and writes the store (parameters, counters, events,
 * clock offset) but does no other I/O and reads no clock (the shell passes
 * `now`). Handlers are one small file per AFN family (src/afn*.c) behind one
 * table (AFN -> handler). Anything not handled gets AFN00 deny: never
 * silence, never a crash.
 *
 * Contract shared by the dispatcher (concentrator/dispatch) and the daemon
 * shell (concentrator/shell): change it only compatibly. */
#ifndef CC_DISPATCH_H
#define CC_DISPATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cc/link.h"
#include "cc/reader.h"
#include "cc/store.h"
#include "gdw13761/msg.h"
#include "mdc/mtime.h"

/* Where a request came from. */
typedef enum cc_source {
    CC_SRC_UPLINK = 0, /* the master station over GPRS/Ethernet */
    CC_SRC_RS485_III,  /* local maintenance port, 9600 8E1 */
    CC_SRC_INFRARED,   /* local maintenance port, 1200 8E1, FE preamble */
} cc_source;

/* The terminal's identity and versions (site config; AFN09 F1). Strings are
 * NUL-terminated ASCII, padded on the wire by the handler. */
typedef struct cc_terminal_info {
    char vendor[5];        /* vendor code, 4 chars */
    char device_id[9];     /* device number, 8 chars */
    char sw_version[5];    /* terminal software version, 4 chars */
    mdc_tm sw_date;        /* software release date (DD MM YY) */
    char capacity[12];     /* configuration capacity code, 11 chars */
    char proto_version[5]; /* protocol version "12XX" = 12.XX (4 chars, point implied), e.g. "1201"
                            */
    char hw_version[5];    /* hardware version, 4 chars */
    mdc_tm hw_date;        /* hardware release date */
} cc_terminal_info;

/* Live state the handlers report but do not own (AFN0C F4, F9, F10, F11; may be
 * NULL pointers: the handler then answers with zeros / "missing"). */
typedef struct cc_live {
    const cc_link_stats *link; /* uplink statistics and traffic counters */
    cc_link_state link_state;  /* online/logged in... */
    uint8_t state_inputs;      /* AFN0C F9: current state of inputs D0..D7 */
    uint8_t state_changes;     /* AFN0C F9: change flags since last read */
    bool reporting_allowed;    /* AFN05 F29/F37 state, for AFN0C F4 */
    /* meter reading (AFN0C F11; AFN05 F49..F53 and AFN10 targets) */
    const cc_reader_port_stats *reader_ports; /* one per RS485 reading port */
    size_t n_reader_ports;
} cc_live;

/* AFN10 job handed to the shell: the answer comes later, built with
 * cc_dispatch_forward_answer once the port's reader is done. */
typedef struct cc_forward_job {
    uint8_t fn;          /* 1: transparent forwarding, 9: direct meter read */
    uint8_t port;        /* 1376.1 port number (one of live->reader_ports) */
    cc_reader_fwd fwd;   /* F1: line settings, timeouts and the frame (fwd.id unused) */
    uint8_t addr[6];     /* F9: target meter address (wire order) */
    uint8_t protocol;    /* F9: CC_PROTO_645_1997 (DI type 0) or CC_PROTO_645_2007 (1) */
    uint32_t di;         /* F9: data identifier (1997: the low 16 bits) */
    uint32_t timeout_ms; /* F9: how long the master lets us try (reply timeout) */
} cc_forward_job;

/* What the shell must do after the answer went out. */
typedef struct cc_dispatch_effects {
    bool params_changed;     /* AFN04 (or AFN01 F3/F4) changed parameters: re-read them */
    uint16_t changed_fn[64]; /* which AFN04 Fn (duplicates possible) */
    size_t n_changed;
    bool clock_set;          /* AFN05 F31: the new offset is stored and given here */
    int64_t clock_offset_ms; /* terminal clock = wall clock + this */
    bool restart;            /* AFN01 F1 hardware init: restart once the answer is sent */
    bool data_cleared;       /* AFN01 F2/F3/F4 cleared data (the reader must restart its rounds) */
    int reporting;           /* +1: AFN05 F29 allow reports, -1: F37 forbid, 0: unchanged */
    int connection;          /* +1: AFN05 F38 activate the uplink, -1: F39 disconnect, 0 */
    /* meter reading (issue 7) */
    bool forward; /* AFN10 F1/F9: run `job`; no answer now (ans->kind NONE) */
    cc_forward_job job;
    uint32_t pause_ports;  /* AFN05 F49: bit n = port n pauses automatic reading */
    uint32_t resume_ports; /* AFN05 F50 */
    uint32_t reread_ports; /* AFN05 F51 */
    bool sync_meters;      /* broadcast the time to the meters now (AFN05 F30 on, or F31
                              while the meter time setting is on) */
    int amaint;            /* AFN05 F149: new auto-maintenance state 0/1/2, -1 unchanged */
    /* events (issue 8) */
    bool inputs_read; /* AFN0C F9 answered: the shell clears the change flags it gave */
    bool events_read; /* AFN0E F1/F2 answered: read pointers moved; refresh ACD/EC of the link */
} cc_dispatch_effects;

/* Largest answer the dispatcher builds (all units of one request). */
#ifndef CC_DISPATCH_ANSWER_MAX
#define CC_DISPATCH_ANSWER_MAX 65536u
#endif
#define CC_DISPATCH_SPANS_MAX 512u
#define CC_DISPATCH_UNITS_MAX 256u   /* data units of one answer */
#define CC_DISPATCH_ARENA     32768u /* value arena of one answer */

typedef struct cc_dispatch {
    store *st;
    const cc_terminal_info *info;
    int64_t started_clock_ms; /* terminal clock at start (power-on time, AFN0D F49) */
    /* answer storage: spans point into buf until the next request */
    uint8_t buf[CC_DISPATCH_ANSWER_MAX];
    gdw13761_span spans[CC_DISPATCH_SPANS_MAX];
    size_t nspans;
    /* counters for diagnostics */
    uint32_t handled, denied;
    /* private working storage of the handlers (added compatibly by the
     * dispatcher): value arena of the answer trees, the answer's units, bytes
     * read from the store, and the reason of the last deny */
    uint8_t work_arena[CC_DISPATCH_ARENA];
    gdw13761_unit work_units[CC_DISPATCH_UNITS_MAX];
    uint8_t work_pool[CC_DISPATCH_ANSWER_MAX];
    char why[160];
} cc_dispatch;

/* Sets d up over an open store; info must outlive d. */
void cc_dispatch_init(cc_dispatch *d, store *st, const cc_terminal_info *info,
                      int64_t started_clock_ms);

/* Handles one request: m is the decoded request (m->frame.afn, units with
 * values), decode_rc/err as cc_link_request gives them (a request whose units
 * did not all decode is denied). Fills *ans (its spans point into d until the
 * next call) and *fx. now.clock_ms is the terminal clock. Returns 0; -1 only
 * on an internal failure (store error), with *ans a deny. */
int cc_dispatch_request(cc_dispatch *d, cc_source src, const gdw13761_msg *m, int decode_rc,
                        cc_link_now now, const cc_live *live, cc_link_answer *ans,
                        cc_dispatch_effects *fx);

/* The answer to an AFN10 request whose job ran (fx->job as the dispatcher
 * gave it): F1 (Table 405) the bytes received (port, length, bytes; nothing
 * received: length 0); F9 (Table 406) port, target, the result code of the
 * standard (00 cannot forward, 01 no answer in time, 04 the meter denied,
 * 05 answered with data), length, DI and data. r, di, p, n are the reader's
 * result (CC_READER_CANCELLED: F1 a deny, F9 result 00). Fills *ans (spans
 * into d until the next call). Returns 0, -1 on an encoding failure (*ans a
 * deny). */
int cc_dispatch_forward_answer(cc_dispatch *d, const cc_forward_job *job, cc_reader_result r,
                               uint32_t di, const uint8_t *p, size_t n, cc_link_answer *ans);

/* The reason of the last deny (or "" when the last request was answered):
 * readable text for logs, e.g. "AFN0B is not handled". Owned by d. */
const char *cc_dispatch_why(const cc_dispatch *d);

#endif
