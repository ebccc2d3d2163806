/* Shared between the files of the link core (not a public header). */
#ifndef CC_LINK_INTERNAL_H
#define CC_LINK_INTERNAL_H

#include "cc/link.h"

/* Sends p[0..n) through ops.send and counts it. */
void cc_link_priv_send(cc_link *l, cc_link_now now, const uint8_t *p, size_t n);

/* Brings the day/month counters to the terminal clock of now. */
void cc_link_priv_roll(cc_link *l, cc_link_now now);

/* Runs every timer and starts whatever can go out now. */
void cc_link_priv_pump(cc_link *l, cc_link_now now);

/* The master answered our frame `seq` (AFN00): ok = confirmed. */
void cc_link_priv_ack(cc_link *l, cc_link_now now, uint8_t seq, bool ok);

/* Response timeout in ms (AFN04 F1; 0 -> 30 s). */
int64_t cc_link_priv_timeout_ms(const cc_link *l);

/* Delay before the next try after a failure (half to 1.6 x heartbeat period). */
int64_t cc_link_priv_backoff_ms(cc_link *l);

/* Template of a frame we initiate: DIR=1 PRM=1, own address, MSA 0, single. */
void cc_link_priv_uplink_tmpl(const cc_link *l, gdw13761_frame *f, uint8_t afn, uint8_t fc,
                              bool con);

/* Online modes (link_mode.c). */
/* True outside window mode, or when the terminal clock's hour is an online hour. */
bool cc_link_priv_in_window(const cc_link *l, cc_link_now now);
/* Monotonic ms of the terminal clock's next full hour. */
int64_t cc_link_priv_next_hour(cc_link_now now);

/* Reports (link_report.c). */
/* Sends the next report frame; called when online with nothing outstanding. */
void cc_link_priv_report_next(cc_link *l, cc_link_now now);
/* The outstanding report frame was acked (ok) or denied (!ok). */
void cc_link_priv_report_acked(cc_link *l, cc_link_now now, bool ok);
/* Retries for the outstanding report frame are exhausted. */
void cc_link_priv_report_failed(cc_link *l, cc_link_now now);

/* Requests (link_rx.c): the connection ended, forget the request state. */
void cc_link_priv_rx_reset(cc_link *l);

#endif
