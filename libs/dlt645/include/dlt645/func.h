/* DL/T 645-1997/2007 function codes: build and parse every request and reply.
 *
 * One request struct and one reply struct cover all codes; the fields a code uses are listed in
 * the table below. Build functions fill a dlt645_frame (encode it with dlt645_frame_encode);
 * parse functions read a decoded frame. Parsed byte fields (data) point into the frame they were
 * parsed from: the frame owns them, keep it alive while you use them.
 *
 *   2007  request fields                               reply fields
 *   03    di, op, data (security authentication)      di, data | SERR (C3)
 *   08    time (ss mm hh DD MM YY), broadcast          no reply
 *   11    di [+ blocks [+ time]] (load records)        di, data (91/B1)
 *   12    di, seq                                      di, data, seq (92/B2)
 *   13    none (sent to AA..AA)                        meter_addr
 *   14    di, pw, op, data (<= 50 bytes in all)        none
 *   15    new_addr (sent to AA..AA)                    none
 *   16    time (mm hh DD MM, absent parts = 99)        none
 *   17    z (baud feature word)                        z
 *   18    di (04000C01..0A), pw (old), new_pw          new_pw
 *   19/1A pw, op                                       none
 *   1B    pw, op, di (event DI, FFFFFFFF = all)        none
 *   1C    pw, op, ctl (N1), ctl_n2, time (valid until) none
 *   1D    z (output selector)                          z
 *   1997
 *   01    di (2 bytes)                                 di, data (81/A1)
 *   02    di                                           di, data (82/A2)
 *   03    none (re-read: repeat the last reply)        di, data (83)
 *   04    di, pw, data                                 none
 *   08    time (ss mm hh DD MM YY)                     no reply
 *   0A    new_addr (sent to 99..99)                    none
 *   0C    z                                            z
 *   0F    pw (old), new_pw                             new_pw
 *   10    none (a 4-byte pw is accepted when parsing)  none
 * Error replies (D6 set) carry err (1 byte) or, for 2007 03, serr (2 bytes). */
#ifndef DLT645_FUNC_H
#define DLT645_FUNC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mdc/mtime.h"

#include "dlt645/frame.h"

/* ---- function codes (D4..D0 of C) ---------------------------------------------------------- */

enum {
    DLT645_F07_SECURITY = 0x03,     /* security authentication (ESAM) */
    DLT645_F07_TIME_SET = 0x08,     /* broadcast time set */
    DLT645_F07_READ = 0x11,         /* read data */
    DLT645_F07_READ_MORE = 0x12,    /* read follow-up data */
    DLT645_F07_READ_ADDR = 0x13,    /* read communication address */
    DLT645_F07_WRITE = 0x14,        /* write data */
    DLT645_F07_WRITE_ADDR = 0x15,   /* write communication address */
    DLT645_F07_FREEZE = 0x16,       /* freeze */
    DLT645_F07_BAUD = 0x17,         /* change baud rate */
    DLT645_F07_PASSWORD = 0x18,     /* change password */
    DLT645_F07_DEMAND_RESET = 0x19, /* maximum-demand reset */
    DLT645_F07_METER_RESET = 0x1A,  /* meter reset (clear energy) */
    DLT645_F07_EVENT_RESET = 0x1B,  /* event reset */
    DLT645_F07_CONTROL = 0x1C,      /* trip / close / alarm / keep power */
    DLT645_F07_OUTPUT = 0x1D,       /* multi-function terminal output control */

    DLT645_F97_READ = 0x01,
    DLT645_F97_READ_MORE = 0x02,
    DLT645_F97_REREAD = 0x03,
    DLT645_F97_WRITE = 0x04,
    DLT645_F97_TIME_SET = 0x08,
    DLT645_F97_WRITE_ADDR = 0x0A,
    DLT645_F97_BAUD = 0x0C,
    DLT645_F97_PASSWORD = 0x0F,
    DLT645_F97_DEMAND_RESET = 0x10,
};

/* 1C control command N1. Close is sent as 1B (most sources); 1C is accepted as close. */
enum {
    DLT645_CTL_TRIP = 0x1A,
    DLT645_CTL_CLOSE = 0x1B,
    DLT645_CTL_CLOSE_ALT = 0x1C, /* parsed into ctl = DLT645_CTL_CLOSE, ctl_raw = 1C */
    DLT645_CTL_ALARM = 0x2A,
    DLT645_CTL_ALARM_OFF = 0x2B,
    DLT645_CTL_KEEP = 0x3A,
    DLT645_CTL_KEEP_OFF = 0x3B,
};

/* 2007 ERR bits */
enum {
    DLT645_E07_OTHER = 0x01,
    DLT645_E07_NO_DATA = 0x02,
    DLT645_E07_PASSWORD = 0x04,
    DLT645_E07_BAUD = 0x08,
    DLT645_E07_YEAR_ZONES = 0x10,
    DLT645_E07_DAY_SEGMENTS = 0x20,
    DLT645_E07_TARIFFS = 0x40,
};
/* 1997 ERR bits */
enum {
    DLT645_E97_ILLEGAL_DATA = 0x01,
    DLT645_E97_BAD_DI = 0x02,
    DLT645_E97_PASSWORD = 0x04,
    DLT645_E97_YEAR_ZONES = 0x10,
    DLT645_E97_DAY_SEGMENTS = 0x20,
    DLT645_E97_TARIFFS = 0x40,
};
/* 2007 SERR bits (security authentication error word, 2 bytes low first) */
enum {
    DLT645_SERR_OTHER = 0x0001,
    DLT645_SERR_REPEAT_TOPUP = 0x0002,
    DLT645_SERR_ESAM = 0x0004,
    DLT645_SERR_AUTH = 0x0008,
    DLT645_SERR_CUSTOMER = 0x0010,
    DLT645_SERR_TOPUP_COUNT = 0x0020,
    DLT645_SERR_HOARDING = 0x0040,
};

/* Load-record time forms in an 11H request (see docs/dlt645.md). */
#define DLT645_LOADTIME_SHORT 5u /* mm hh DD MM YY (printed YYMMDDhhmm): what we send */
#define DLT645_LOADTIME_LONG  6u /* ss mm hh DD MM YY: accepted */

/* ---- request ------------------------------------------------------------------------------- */

typedef struct dlt645_request {
    dlt645_proto proto;                /* 1997 or 2007 */
    uint8_t func;                      /* D4..D0 */
    uint8_t addr[DLT645_ADDR_LEN];     /* destination (wire order) */
    uint32_t di;                       /* 4-byte (2007) or 2-byte (1997) data identifier */
    uint8_t seq;                       /* 12H SEQ */
    bool has_blocks;                   /* 11H load record: block count present */
    uint8_t blocks;                    /* NN, 0..99 */
    bool has_time;                     /* 11H load record time; always for 08/16/1C */
    uint8_t time_len;                  /* 11H: 5 or 6 (build: 0 = 5) */
    mdc_tm time;                       /* 16H: absent parts (fields mask) are sent as 99 */
    uint8_t pw[4];                     /* PA P0 P1 P2 (old password for 18H/0FH) */
    uint8_t new_pw[4];                 /* 18H/0FH */
    uint8_t op[4];                     /* operator code C0..C3 */
    uint8_t z;                         /* 17H/0CH baud word, 1DH output byte */
    uint8_t new_addr[DLT645_ADDR_LEN]; /* 15H/0AH */
    uint8_t ctl;                       /* 1CH N1, normalised (1C -> 1B) */
    uint8_t ctl_raw;                   /* 1CH N1 as received */
    uint8_t ctl_n2;                    /* 1CH N2 (reserved, 00) */
    const uint8_t *data;               /* 14H/04H value, 03H body; borrowed */
    uint8_t len;
} dlt645_request;

/* Zeroes rq and sets edition, function code and address. */
void dlt645_request_init(dlt645_request *rq, dlt645_proto proto, uint8_t func,
                         const uint8_t addr[DLT645_ADDR_LEN]);

/* Builds the request frame for rq (C = func, preamble 4). Errors: DLT645_ERR_ARG (NULL, edition
 * unknown, BCD field out of range, time invalid), DLT645_ERR_FUNC (code not in that edition),
 * DLT645_ERR_TOO_LONG (data over the limit). */
int dlt645_request_build(const dlt645_request *rq, dlt645_frame *out);

/* Parses a request frame (D7 = 0). proto UNKNOWN: guessed with dlt645_guess_proto (08 is read
 * as 2007, same layout). Errors: DLT645_ERR_FUNC (a reply, or code unknown), DLT645_ERR_DATA
 * (size or BCD wrong for the code). out->data points into f. */
int dlt645_request_parse(const dlt645_frame *f, dlt645_proto proto, dlt645_request *out);

/* ---- reply --------------------------------------------------------------------------------- */

typedef struct dlt645_reply {
    dlt645_proto proto;
    uint8_t func;                  /* D4..D0 of the request answered */
    uint8_t addr[DLT645_ADDR_LEN]; /* the meter's real address (frame A field) */
    bool error;                    /* D6: err (or serr for 2007 03H) is set */
    uint8_t err;
    uint16_t serr;
    bool more; /* D5: follow-up frames exist */
    uint32_t di;
    bool has_seq; /* 12H replies */
    uint8_t seq;
    uint8_t meter_addr[DLT645_ADDR_LEN]; /* 13H */
    uint8_t z;                           /* 17H/0CH/1DH */
    uint8_t new_pw[4];                   /* 18H/0FH */
    const uint8_t *data;                 /* data after the DI (read replies, 03H); borrowed */
    uint8_t len;
} dlt645_reply;

/* Zeroes rp and sets edition, function code (of the request answered) and the meter's address. */
void dlt645_reply_init(dlt645_reply *rp, dlt645_proto proto, uint8_t func,
                       const uint8_t addr[DLT645_ADDR_LEN]);

/* Builds the reply frame (C = 80H | func, D6 when error, D5 when more; preamble 0 - set
 * out->preamble before encoding to send FE). Errors: DLT645_ERR_ARG, DLT645_ERR_FUNC (code has no
 * reply, e.g. 08H, or not in the edition; more on a code that has no follow-up),
 * DLT645_ERR_TOO_LONG. */
int dlt645_reply_build(const dlt645_reply *rp, dlt645_frame *out);

/* Parses a reply frame (D7 = 1). An error reply is DLT645_OK with out->error set. Errors:
 * DLT645_ERR_FUNC (not a reply, unknown code), DLT645_ERR_DATA. out->data points into f. */
int dlt645_reply_parse(const dlt645_frame *f, dlt645_proto proto, dlt645_reply *out);

/* ---- names and error words ------------------------------------------------------------------ */

/* "read", "read_more", "write_addr", ... or NULL when the code is not in the edition. */
const char *dlt645_func_name(dlt645_proto proto, uint8_t func);
/* False for broadcast time set (08H): the meter never answers it. Broadcast-addressed requests
 * (99..99) are never answered either; check the address too. */
bool dlt645_func_has_reply(dlt645_proto proto, uint8_t func);

/* Names of the bits set in ERR for the edition ("other", "no_data", "bad_password",
 * "baud_locked", "year_zones", "day_segments", "tariffs"; 1997: "illegal_data", "bad_di", ...),
 * lowest bit first, at most cap of them into names (static strings). Returns how many bits are
 * set (may exceed cap). */
size_t dlt645_err_names(dlt645_proto proto, uint8_t err, const char **names, size_t cap);
/* The same for the 2007 03H SERR word ("other", "repeat_topup", "esam", "auth", "customer",
 * "topup_count", "hoarding"). */
size_t dlt645_serr_names(uint16_t serr, const char **names, size_t cap);

/* ---- follow-up reads (followup.c) ----------------------------------------------------------- */

#ifndef DLT645_FOLLOWUP_CAP
#define DLT645_FOLLOWUP_CAP 2048u
#endif

/* Reassembles a multi-frame read answer: 2007 11H -> B1, 12H SEQ=1 -> B2, ... -> 92 (last);
 * 1997 01H -> A1, 02H -> A2 ... -> 82. Fixed capacity, no allocation. */
typedef struct dlt645_followup {
    dlt645_proto proto;
    uint8_t addr[DLT645_ADDR_LEN];
    uint32_t di;
    uint8_t frames; /* replies taken so far; the next 2007 SEQ is this number */
    uint8_t done;
    uint8_t err; /* ERR of an error reply */
    size_t len;
    uint8_t data[DLT645_FOLLOWUP_CAP];
} dlt645_followup;

/* Starts collecting the answer to a read of di at addr (the caller sends the first read). */
void dlt645_followup_start(dlt645_followup *fu, dlt645_proto proto,
                           const uint8_t addr[DLT645_ADDR_LEN], uint32_t di);

/* Takes one reply. *done is set when the answer is complete (then dlt645_followup_data); else
 * send dlt645_followup_next. Errors: DLT645_ERR_REPLY (error reply; fu->err holds ERR),
 * DLT645_ERR_SEQUENCE (wrong code, DI or SEQ, or already done), DLT645_ERR_OVERFLOW (more than
 * DLT645_FOLLOWUP_CAP bytes), DLT645_ERR_FUNC/DATA from parsing. */
int dlt645_followup_add(dlt645_followup *fu, const dlt645_frame *reply, bool *done);

/* Builds the next follow-up request (2007 12H DI + SEQ, 1997 02H DI). DLT645_ERR_SEQUENCE when
 * nothing has been received yet or the answer is complete. */
int dlt645_followup_next(const dlt645_followup *fu, dlt645_frame *out);

/* The concatenated data (after the DI, without SEQ) and its length; owned by fu. */
const uint8_t *dlt645_followup_data(const dlt645_followup *fu, size_t *len);

/* Meter side: how many reply frames a len-byte answer needs (first frame 196 bytes for 2007 /
 * 198 for 1997 after the DI, follow-ups 195 / 198). */
unsigned dlt645_followup_count(dlt645_proto proto, size_t len);

/* Meter side: builds reply frame number index (0 = the answer to 11H/01H, k = the answer to the
 * k-th 12H/02H, with SEQ = k for 2007) of a len-byte answer. D5 is set on every frame but the
 * last. Errors: DLT645_ERR_ARG (index >= count, edition unknown). */
int dlt645_followup_split(dlt645_proto proto, const uint8_t addr[DLT645_ADDR_LEN], uint32_t di,
                          const uint8_t *data, size_t len, unsigned index, dlt645_frame *out);

#endif
