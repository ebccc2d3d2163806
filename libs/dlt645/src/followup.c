/* Follow-up reads: reassembling a multi-frame answer (master) and splitting one (meter). */
#include <string.h>

#include "func_table.h"

/* Data bytes per frame after the DI: 200 - DI, and one less for the 2007 SEQ. */
static size_t first_cap(dlt645_proto proto)
{
    return DLT645_DATA_MAX_READ - dlt645_di_width(proto);
}

static size_t next_cap(dlt645_proto proto)
{
    return first_cap(proto) - (proto == DLT645_PROTO_2007 ? 1u : 0u);
}

static uint8_t read_code(dlt645_proto proto, bool first)
{
    if (proto == DLT645_PROTO_1997)
        return first ? DLT645_F97_READ : DLT645_F97_READ_MORE;
    return first ? DLT645_F07_READ : DLT645_F07_READ_MORE;
}

void dlt645_followup_start(dlt645_followup *fu, dlt645_proto proto,
                           const uint8_t addr[DLT645_ADDR_LEN], uint32_t di)
{
    fu->proto = proto;
    if (addr)
        memcpy(fu->addr, addr, DLT645_ADDR_LEN);
    else
        memset(fu->addr, 0, DLT645_ADDR_LEN);
    fu->di = di;
    fu->frames = 0;
    fu->done = 0;
    fu->err = 0;
    fu->len = 0;
}

int dlt645_followup_add(dlt645_followup *fu, const dlt645_frame *reply, bool *done)
{
    if (!fu || !reply)
        return DLT645_ERR_ARG;
    if (done)
        *done = false;
    if (fu->done)
        return DLT645_ERR_SEQUENCE;
    dlt645_reply rp;
    int rc = dlt645_reply_parse(reply, fu->proto, &rp);
    if (rc != DLT645_OK)
        return rc;
    if (rp.func != read_code(fu->proto, fu->frames == 0))
        return DLT645_ERR_SEQUENCE;
    if (rp.error) {
        fu->err = rp.err;
        return DLT645_ERR_REPLY;
    }
    if (rp.di != fu->di || (rp.has_seq && rp.seq != fu->frames))
        return DLT645_ERR_SEQUENCE;
    if (rp.len > DLT645_FOLLOWUP_CAP - fu->len)
        return DLT645_ERR_OVERFLOW;
    if (rp.len)
        memcpy(fu->data + fu->len, rp.data, rp.len);
    fu->len += rp.len;
    if (fu->frames == 255 && rp.more)
        return DLT645_ERR_OVERFLOW; /* SEQ is one byte */
    fu->frames++;
    fu->done = !rp.more;
    if (done)
        *done = fu->done;
    return DLT645_OK;
}

int dlt645_followup_next(const dlt645_followup *fu, dlt645_frame *out)
{
    if (!fu || !out)
        return DLT645_ERR_ARG;
    if (fu->frames == 0 || fu->done)
        return DLT645_ERR_SEQUENCE;
    dlt645_request rq;
    dlt645_request_init(&rq, fu->proto, read_code(fu->proto, false), fu->addr);
    rq.di = fu->di;
    rq.seq = fu->frames;
    return dlt645_request_build(&rq, out);
}

const uint8_t *dlt645_followup_data(const dlt645_followup *fu, size_t *len)
{
    if (len)
        *len = fu->len;
    return fu->data;
}

unsigned dlt645_followup_count(dlt645_proto proto, size_t len)
{
    if (proto != DLT645_PROTO_1997 && proto != DLT645_PROTO_2007)
        return 0;
    size_t fc = first_cap(proto), nc = next_cap(proto);
    if (len <= fc)
        return 1;
    return (unsigned)(1 + (len - fc + nc - 1) / nc);
}

int dlt645_followup_split(dlt645_proto proto, const uint8_t addr[DLT645_ADDR_LEN], uint32_t di,
                          const uint8_t *data, size_t len, unsigned index, dlt645_frame *out)
{
    unsigned count = dlt645_followup_count(proto, len);
    if (!out || (len && !data) || index >= count || index > 255)
        return DLT645_ERR_ARG;
    size_t fc = first_cap(proto), nc = next_cap(proto);
    size_t off = index == 0 ? 0 : fc + (index - 1) * nc;
    size_t n = len - off;
    size_t cap = index == 0 ? fc : nc;
    if (n > cap)
        n = cap;
    dlt645_reply rp;
    dlt645_reply_init(&rp, proto, read_code(proto, index == 0), addr);
    rp.di = di;
    rp.data = n ? data + off : NULL;
    rp.len = (uint8_t)n;
    rp.seq = (uint8_t)index;
    rp.more = index + 1 < count;
    return dlt645_reply_build(&rp, out);
}
