/* Private: the table of function codes per edition (func.c), shared by request.c, reply.c,
 * followup.c. */
#ifndef DLT645_FUNC_TABLE_H
#define DLT645_FUNC_TABLE_H

#include <stdint.h>

#include "dlt645/func.h"

/* Request data layouts. */
typedef enum rq_layout {
    RQ_NONE,       /* L = 0 */
    RQ_READ,       /* DI [+ NN [+ time]] */
    RQ_READ_MORE,  /* DI + SEQ (2007), DI (1997) */
    RQ_WRITE,      /* DI + PA P0P1P2 [+ C0..C3 (2007)] + data */
    RQ_NEW_ADDR,   /* 6-byte address */
    RQ_TIME,       /* ss mm hh DD MM YY */
    RQ_FREEZE,     /* mm hh DD MM, 99 = any */
    RQ_Z,          /* 1 byte */
    RQ_PASSWORD,   /* [DI (2007)] + old PA P0P1P2 + new PA P0P1P2 */
    RQ_AUTH,       /* PA P0P1P2 + C0..C3 */
    RQ_EVENT,      /* PA P0P1P2 + C0..C3 + DI */
    RQ_CONTROL,    /* PA P0P1P2 + C0..C3 + N1 + N2 + ss mm hh DD MM YY */
    RQ_SECURITY,   /* DI + C0..C3 + data */
    RQ_NONE_OR_PW, /* L = 0 sent; PA P0P1P2 accepted (1997 demand reset) */
} rq_layout;

/* Reply data layouts. */
typedef enum rp_layout {
    RP_NO_REPLY,    /* never answered */
    RP_NONE,        /* L = 0 */
    RP_DI_DATA,     /* DI + data */
    RP_DI_DATA_SEQ, /* DI + data + SEQ (2007 12H) */
    RP_ADDR,        /* 6-byte address */
    RP_Z,           /* 1 byte */
    RP_PW,          /* new PA P0P1P2 */
} rp_layout;

typedef struct func_desc {
    uint8_t func;
    const char *name;
    rq_layout rq;
    rp_layout rp;
    uint8_t more; /* the reply may carry D5 (follow-up) */
} func_desc;

/* The row for (proto, func) or NULL. */
const func_desc *dlt645_func_find(dlt645_proto proto, uint8_t func);

/* DI width on the wire for the edition (4 or 2). */
static inline unsigned dlt645_di_width(dlt645_proto proto)
{
    return proto == DLT645_PROTO_1997 ? 2u : 4u;
}

#endif
