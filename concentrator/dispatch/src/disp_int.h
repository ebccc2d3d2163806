/* Private to the dispatcher: the per-request context the AFN handlers share,
 * and the helpers that build answers (units through the catalogue) and
 * denies. One handler per AFN family in afn*.c. */
#ifndef CC_DISP_INT_H
#define CC_DISP_INT_H

#include <stdarg.h>

#include "cc/dispatch.h"

typedef struct disp_ctx {
    cc_dispatch *d;
    cc_source src;
    const gdw13761_msg *m;
    cc_link_now now;
    const cc_live *live; /* never NULL here: a zeroed one stands in for NULL */
    cc_dispatch_effects *fx;
    cc_link_answer *ans;
    mdc_arena arena;  /* answer values */
    size_t nout;      /* answer units in d->work_units */
    size_t pool_used; /* bytes of d->work_pool handed out */
} disp_ctx;

/* A handler answers one request of its AFN: it leaves a confirm, data or a
 * deny in c->ans (through the helpers below). Returns 0, or -1 on an
 * internal (store) failure after setting a deny. */
typedef int (*disp_handler)(disp_ctx *c);

int disp_afn01(disp_ctx *c);
int disp_afn02(disp_ctx *c);
int disp_afn04(disp_ctx *c);
int disp_afn05(disp_ctx *c);
int disp_afn09(disp_ctx *c);
int disp_afn0a(disp_ctx *c);
int disp_afn0c(disp_ctx *c);
int disp_afn0d(disp_ctx *c);
int disp_afn0e(disp_ctx *c);
int disp_afn10(disp_ctx *c);

/* AFN00 F2 all denied, with a readable reason kept in d->why. Returns 0. */
int disp_deny(disp_ctx *c, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* A deny caused by a store failure: returns -1. */
int disp_fail(disp_ctx *c, const char *what);
/* AFN00 F1 all confirmed. Returns 0. */
int disp_confirm(disp_ctx *c);

/* Appends one answer unit (pn, Fn, value: an OBJECT for the row's layout or
 * BYTES). False when the unit table is full. */
bool disp_add(disp_ctx *c, uint16_t pn, uint16_t fn, const mdc_value *v);
/* Encodes the answer units as AFN afn (uplink) into d->buf and makes the
 * answer DATA. No unit left: deny ("no data"). An encoding failure: deny. */
int disp_finish(disp_ctx *c, uint8_t afn);

/* n bytes of the work pool (valid until the next request), NULL when full. */
uint8_t *disp_pool(disp_ctx *c, size_t n);

/* Small value builders (NULL when the arena is full: the encoder then fails
 * and the request is denied). */
mdc_value *disp_obj(disp_ctx *c);
/* BYTES pointing at p (not copied: p must live until the answer is encoded). */
mdc_value *disp_bytes(disp_ctx *c, const uint8_t *p, size_t n);

/* A request unit's member as an integer; false when absent or no integer. */
bool disp_get_int(const mdc_value *obj, const char *key, int64_t *out);

/* Terminal clock of now in seconds (floor). */
int64_t disp_now_s(const disp_ctx *c);

/* True when port (1..31) is one of live->reader_ports (AFN05 F49..F51, AFN10). */
bool disp_reader_port(const disp_ctx *c, int64_t port);

/* Records an AFN04 Fn in fx->changed_fn (no duplicates). */
void disp_changed(disp_ctx *c, uint16_t fn);

#endif
