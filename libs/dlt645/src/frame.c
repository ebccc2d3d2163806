/* DL/T 645 frame encode/decode (the link layer shared by 1997 and 2007). */
#include <string.h>

#include "dlt645/frame.h"

static const char *const err_text[] = {
    [0] = "ok",
    [1] = "no 68H start byte",
    [2] = "second 68H missing",
    [3] = "frame truncated inside the header",
    [4] = "length L points past the end of the buffer",
    [5] = "bad checksum",
    [6] = "end byte 16H missing",
    [7] = "data field too long (L > 200, or > 50 for a write)",
    [8] = "bad argument",
    [9] = "output buffer too small",
    [10] = "bad meter address",
    [11] = "unknown function code",
    [12] = "data field malformed for its function code",
    [13] = "follow-up capacity exceeded",
    [14] = "follow-up reply out of sequence",
    [15] = "meter returned an error reply",
};

const char *dlt645_strerror(int err)
{
    if (err > 0 || (size_t)-err >= sizeof err_text / sizeof err_text[0])
        return "unknown error";
    return err_text[-err];
}

void dlt645_frame_init(dlt645_frame *f, const uint8_t addr[DLT645_ADDR_LEN], uint8_t c)
{
    memset(f, 0, sizeof *f);
    if (addr)
        memcpy(f->addr, addr, DLT645_ADDR_LEN);
    f->c = c;
    f->preamble = DLT645_PREAMBLE_DEFAULT;
}

unsigned dlt645_data_limit(uint8_t c)
{
    if (!dlt645_c_is_reply(c)) {
        uint8_t fn = dlt645_c_func(c);
        if (fn == 0x14u || fn == 0x04u)
            return DLT645_DATA_MAX_WRITE;
    }
    return DLT645_DATA_MAX_READ;
}

uint8_t dlt645_checksum(const uint8_t *p, size_t n)
{
    unsigned s = 0;
    for (size_t i = 0; i < n; i++)
        s += p[i];
    return (uint8_t)s;
}

int dlt645_frame_check(const dlt645_frame *f)
{
    if (!f)
        return DLT645_ERR_ARG;
    return f->len > dlt645_data_limit(f->c) ? DLT645_ERR_TOO_LONG : DLT645_OK;
}

int dlt645_frame_encode(const dlt645_frame *f, uint8_t *out, size_t cap, size_t *out_len)
{
    if (!f || !out || f->preamble > DLT645_PREAMBLE_MAX)
        return DLT645_ERR_ARG;
    if (f->len > dlt645_data_limit(f->c))
        return DLT645_ERR_TOO_LONG;
    size_t total = (size_t)f->preamble + DLT645_OVERHEAD + f->len;
    if (cap < total)
        return DLT645_ERR_BUFFER;
    uint8_t *p = out;
    memset(p, DLT645_WAKE, f->preamble);
    p += f->preamble;
    uint8_t *frame = p;
    *p++ = DLT645_START;
    memcpy(p, f->addr, DLT645_ADDR_LEN);
    p += DLT645_ADDR_LEN;
    *p++ = DLT645_START;
    *p++ = f->c;
    *p++ = f->len;
    for (unsigned i = 0; i < f->len; i++)
        *p++ = (uint8_t)(f->data[i] + DLT645_SCRAMBLE);
    *p = dlt645_checksum(frame, (size_t)(p - frame));
    p++;
    *p++ = DLT645_END;
    if (out_len)
        *out_len = total;
    return DLT645_OK;
}

int dlt645_frame_decode(const uint8_t *buf, size_t n, dlt645_frame *f, size_t *used)
{
    if (!buf || !f)
        return DLT645_ERR_ARG;
    size_t k = 0;
    while (k < n && buf[k] == DLT645_WAKE)
        k++;
    const uint8_t *s = buf + k;
    size_t left = n - k;
    if (left == 0 || s[0] != DLT645_START)
        return left == 0 ? DLT645_ERR_TRUNCATED : DLT645_ERR_NO_START;
    if (left >= 8 && s[7] != DLT645_START)
        return DLT645_ERR_NO_68B;
    if (left < DLT645_HEADER_LEN)
        return DLT645_ERR_TRUNCATED;
    size_t total = DLT645_OVERHEAD + s[9];
    if (left < total)
        return DLT645_ERR_LENGTH;
    if (dlt645_checksum(s, total - 2) != s[total - 2])
        return DLT645_ERR_CHECKSUM;
    if (s[total - 1] != DLT645_END)
        return DLT645_ERR_NO_END;
    memcpy(f->addr, s + 1, DLT645_ADDR_LEN);
    f->c = s[8];
    f->len = s[9];
    f->preamble = (uint8_t)(k > 255 ? 255 : k);
    for (unsigned i = 0; i < f->len; i++)
        f->data[i] = (uint8_t)(s[DLT645_HEADER_LEN + i] - DLT645_SCRAMBLE);
    f->over_limit = f->len > dlt645_data_limit(f->c);
    if (used)
        *used = k + total;
    return DLT645_OK;
}

/* Function codes that exist in one edition only. */
static const uint8_t only_1997[] = {0x01, 0x02, 0x04, 0x0A, 0x0C, 0x0F, 0x10};

dlt645_proto dlt645_guess_proto(const dlt645_frame *f)
{
    if (!f)
        return DLT645_PROTO_UNKNOWN;
    uint8_t fn = dlt645_c_func(f->c);
    for (size_t i = 0; i < sizeof only_1997; i++)
        if (fn == only_1997[i])
            return DLT645_PROTO_1997;
    if (fn >= 0x11u && fn <= 0x1Du)
        return DLT645_PROTO_2007;
    if (fn != 0x03u)
        return DLT645_PROTO_UNKNOWN; /* 08 is the same in both; others are undefined */
    if (!dlt645_c_is_reply(f->c))
        return f->len == 0 ? DLT645_PROTO_1997 : DLT645_PROTO_2007;
    if (dlt645_c_is_error(f->c))
        return f->len == 2 ? DLT645_PROTO_2007 : DLT645_PROTO_1997; /* SERR is 2 bytes */
    /* 2007 security replies start with a DI whose DI3 is 07H. */
    return (f->len >= 4 && f->data[3] == 0x07u) ? DLT645_PROTO_2007 : DLT645_PROTO_1997;
}
