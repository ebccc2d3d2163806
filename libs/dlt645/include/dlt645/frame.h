/* DL/T 645-1997/2007 link layer: one frame in a buffer.
 *
 *   [FE x0..4] 68 A0..A5 68 C L DATA(L bytes, each +33H on the wire) CS 16
 *
 * The 1997 and 2007 editions share this layer byte for byte; only the function
 * codes and the data fields differ (see dlt645/func.h). Everything here is pure:
 * no I/O, no allocation, every read of input bounds-checked. */
#ifndef DLT645_FRAME_H
#define DLT645_FRAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- sizes and limits ---------------------------------------------------------------------- */

#define DLT645_ADDR_LEN         6u
#define DLT645_HEADER_LEN       10u  /* 68 A0..A5 68 C L */
#define DLT645_OVERHEAD         12u  /* header + CS + 16 */
#define DLT645_DATA_MAX         255u /* what L can express; decode accepts it (and flags it) */
#define DLT645_FRAME_MAX        (DLT645_OVERHEAD + DLT645_DATA_MAX)
#define DLT645_DATA_MAX_READ    200u /* clause 5.2.4: L <= 200 for reads and every other frame */
#define DLT645_DATA_MAX_WRITE   50u  /* L <= 50 for write-type requests (2007 14H, 1997 04H) */
#define DLT645_PREAMBLE_MAX     4u   /* FE bytes we are willing to send */
#define DLT645_PREAMBLE_DEFAULT 4u   /* see docs/dlt645.md "Wake-up preamble" */
#define DLT645_ENCODED_MAX      (DLT645_PREAMBLE_MAX + DLT645_FRAME_MAX)

#define DLT645_START    0x68u
#define DLT645_END      0x16u
#define DLT645_WAKE     0xFEu
#define DLT645_SCRAMBLE 0x33u

/* ---- errors --------------------------------------------------------------------------------- */

/* Every function of the library returns 0 (DLT645_OK) or one of these (negative). */
typedef enum dlt645_err {
    DLT645_OK = 0,
    DLT645_ERR_NO_START = -1,  /* the first byte after the FE preamble is not 68H */
    DLT645_ERR_NO_68B = -2,    /* byte 7 after the first 68H is not the second 68H */
    DLT645_ERR_TRUNCATED = -3, /* the buffer ends inside the 10-byte header */
    DLT645_ERR_LENGTH = -4,    /* L announces more bytes (DATA + CS + 16) than the buffer holds */
    DLT645_ERR_CHECKSUM = -5,  /* CS is not the sum of the bytes from the first 68H */
    DLT645_ERR_NO_END = -6,    /* the byte after CS is not 16H */
    DLT645_ERR_TOO_LONG = -7,  /* DATA longer than the limit (200 read, 50 write) */
    DLT645_ERR_ARG = -8,       /* bad argument (NULL, preamble > 4, value out of range) */
    DLT645_ERR_BUFFER = -9,    /* the output buffer is too small */
    DLT645_ERR_ADDR = -10,     /* address text or bytes not 12 BCD digits / AA wildcard misplaced */
    DLT645_ERR_FUNC = -11,     /* function code unknown for this protocol or direction */
    DLT645_ERR_DATA = -12,     /* DATA has the wrong size or content for its function code */
    DLT645_ERR_OVERFLOW = -13, /* follow-up accumulator capacity exceeded */
    DLT645_ERR_SEQUENCE = -14, /* follow-up reply out of order (wrong DI, SEQ or code) */
    DLT645_ERR_REPLY = -15,    /* the meter answered with an error reply (ERR/SERR set) */
} dlt645_err;

/* Short English description of an error code ("bad checksum"); never NULL, static storage. */
const char *dlt645_strerror(int err);

/* ---- protocol edition ----------------------------------------------------------------------- */

typedef enum dlt645_proto {
    DLT645_PROTO_UNKNOWN = 0,
    DLT645_PROTO_1997 = 1997,
    DLT645_PROTO_2007 = 2007,
} dlt645_proto;

/* ---- control code C ------------------------------------------------------------------------- */

#define DLT645_C_REPLY 0x80u /* D7: 1 = slave to master */
#define DLT645_C_ERROR 0x40u /* D6: 1 = abnormal reply */
#define DLT645_C_MORE  0x20u /* D5: 1 = follow-up frames exist */
#define DLT645_C_FUNC  0x1Fu /* D4..D0: function code */

/* True when D7 is set (slave to master). */
static inline bool dlt645_c_is_reply(uint8_t c)
{
    return (c & DLT645_C_REPLY) != 0;
}
/* True when D6 is set (abnormal reply: DATA is ERR, or SERR for 2007 03H). */
static inline bool dlt645_c_is_error(uint8_t c)
{
    return (c & DLT645_C_ERROR) != 0;
}
/* True when D5 is set (follow-up frames exist). */
static inline bool dlt645_c_has_more(uint8_t c)
{
    return (c & DLT645_C_MORE) != 0;
}
/* The function code D4..D0. */
static inline uint8_t dlt645_c_func(uint8_t c)
{
    return (uint8_t)(c & DLT645_C_FUNC);
}
/* Builds C from its parts. */
static inline uint8_t dlt645_c_make(uint8_t func, bool reply, bool error, bool more)
{
    return (uint8_t)((func & DLT645_C_FUNC) | (reply ? DLT645_C_REPLY : 0u) |
                     (error ? DLT645_C_ERROR : 0u) | (more ? DLT645_C_MORE : 0u));
}

/* ---- address (addr.c) ----------------------------------------------------------------------- */

/* Wire order throughout: addr[0] = A0 holds the two least significant digits. */
extern const uint8_t dlt645_addr_broadcast[DLT645_ADDR_LEN]; /* 99 99 99 99 99 99 */
extern const uint8_t dlt645_addr_wildcard[DLT645_ADDR_LEN];  /* AA AA AA AA AA AA */

/* Parses the printed form (most significant digit first, e.g. "123456781012") into wire bytes.
 * 1..12 digits; shorter strings are padded with 0 in the high digits. "AA" pairs are accepted in
 * the high byte positions only (e.g. "AAAA56781012"; the text must then be 12 characters).
 * Returns DLT645_OK or DLT645_ERR_ADDR (out untouched). */
int dlt645_addr_parse(const char *s, uint8_t out[DLT645_ADDR_LEN]);

/* Writes the printed form (12 characters + NUL, "AA" for wildcard bytes) into out[13].
 * Bytes that are neither BCD nor AA are printed as hex. Returns out. */
char *dlt645_addr_format(const uint8_t addr[DLT645_ADDR_LEN], char out[13]);

/* True when addr is 999999999999. */
bool dlt645_addr_is_broadcast(const uint8_t addr[DLT645_ADDR_LEN]);
/* True when addr is a valid request address: 12 BCD digits, or AA in a run of high bytes above
 * BCD low bytes (all-AA allowed), or broadcast. */
bool dlt645_addr_valid(const uint8_t addr[DLT645_ADDR_LEN]);
/* True when a request sent to req selects a meter whose real address is real: exact match,
 * broadcast, or AA wildcard in the high bytes with the low bytes equal. An AA byte below a
 * concrete byte never matches. real must be a concrete address. */
bool dlt645_addr_match(const uint8_t req[DLT645_ADDR_LEN], const uint8_t real[DLT645_ADDR_LEN]);

/* ---- frame ---------------------------------------------------------------------------------- */

/* One frame with its DATA unscrambled. Fixed size: no pointers, copy freely. */
typedef struct dlt645_frame {
    uint8_t addr[DLT645_ADDR_LEN]; /* wire order */
    uint8_t c;                     /* control code */
    uint8_t len;                   /* L */
    uint8_t preamble; /* encode: FE count to send (0..4); decode: FE count seen (capped 255) */
    bool over_limit;  /* decode: L exceeds dlt645_data_limit(c) (the frame is still given) */
    uint8_t data[DLT645_DATA_MAX]; /* unscrambled DATA */
} dlt645_frame;

/* Clears f and sets address, control code and the default preamble (4 FE). */
void dlt645_frame_init(dlt645_frame *f, const uint8_t addr[DLT645_ADDR_LEN], uint8_t c);

/* Largest DATA allowed for a frame with control code c: 50 for write requests (14H, and 1997 04H),
 * 200 for everything else. */
unsigned dlt645_data_limit(uint8_t c);

/* Longitudinal checksum: sum of n bytes modulo 256. */
uint8_t dlt645_checksum(const uint8_t *p, size_t n);

/* Encodes f into out (f->preamble FE bytes, then the frame with DATA +33H). *out_len gets the
 * byte count. Errors: DLT645_ERR_ARG (NULL, preamble > 4), DLT645_ERR_TOO_LONG (f->len over
 * dlt645_data_limit), DLT645_ERR_BUFFER (cap too small; nothing useful in out). */
int dlt645_frame_encode(const dlt645_frame *f, uint8_t *out, size_t cap, size_t *out_len);

/* Decodes the frame at the start of buf: any number of FE are skipped, then the frame must start.
 * On success fills *f (DATA unscrambled, over_limit set when L exceeds the limit) and *used (may be
 * NULL) with the bytes taken including the preamble; bytes after the 16H are left alone.
 * Errors, in the order checked: DLT645_ERR_ARG, DLT645_ERR_NO_START (or TRUNCATED when only FE
 * or nothing is there), DLT645_ERR_NO_68B (as soon as 8 bytes are there), DLT645_ERR_TRUNCATED
 * (header incomplete), DLT645_ERR_LENGTH, DLT645_ERR_CHECKSUM, DLT645_ERR_NO_END. *f is undefined
 * after an error. */
int dlt645_frame_decode(const uint8_t *buf, size_t n, dlt645_frame *f, size_t *used);

/* Checks a decoded or built frame against the length limit: DLT645_OK or DLT645_ERR_TOO_LONG. */
int dlt645_frame_check(const dlt645_frame *f);

/* Guesses the edition from the function code and the data. Codes that exist in one edition only
 * decide alone. 08 (broadcast time set, same layout in both) gives UNKNOWN. 03 is 2007 security
 * authentication or 1997 re-read: a request with L = 0, or a reply whose data is not a 2007 shape,
 * is taken as 1997, otherwise 2007. Unknown codes give UNKNOWN. */
dlt645_proto dlt645_guess_proto(const dlt645_frame *f);

#endif
