/* Events (R-C14, R-C18): recording, classification and active reporting of
 * ERC records (Q/GDW 1376.1-2013 §5.14, Appendix B), and the detection of
 * meter events from what the reader brings back.
 *
 * Two cores, no I/O besides the store, no clock (times are passed in):
 *
 * 1. The recorder (cc_events_*): an event is raised with its ERC code and its
 *    record as a value tree whose fields are named as the catalogue's ERC
 *    layout (libs/gdw13761/src/cat_afn0e_erc.c; "time" etc.). AFN04 F9 decides:
 *    not "record_valid" -> dropped (counted); "important" -> class 1
 *    (important, EC1), else class 2 (general, EC2). The record is encoded
 *    (ERC, Le, content) and stored (store_event_add: latest 500 per class,
 *    pointer = EC before the add, EC mod 256). An important event also
 *    becomes an outgoing AFN0E F1 report (EC1, EC2, Pm = its pointer,
 *    Pn = Pm + 1, the record) in the store's durable report queue
 *    (store_report_enqueue, kind CC_EVENTS_REPORT_KIND), in the same
 *    transaction as the record: a crash never leaves one without the other.
 *    The shell moves queued reports to the link (when reporting is allowed)
 *    and removes them when the master acknowledged them.
 *
 * 2. The meter-event detector (cc_mevents_*): fed with each item the reader
 *    read (with the value stored before it, from the store's current data)
 *    and each meter's end-of-round statistics, it raises ERC8, ERC12, ERC13,
 *    ERC27, ERC31, ERC33, ERC37, ERC38, ERC39 and ERC40 through the recorder,
 *    with the thresholds of AFN04 F59 (and F26 where the standard says so).
 *    The first reading of a point after start (no stored previous value)
 *    only sets the baseline: a restart raises nothing.
 *
 * Contract shared by concentrator/events, the dispatcher (AFN0E) and the
 * shell: change it only compatibly. */
#ifndef CC_EVENTS_H
#define CC_EVENTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cc/reader.h"
#include "cc/store.h"
#include "mdc/value.h"

#define CC_EVENTS_REPORT_KIND 0x0E /* store report kind of AFN0E F1 reports */
#define CC_EVENTS_RECORD_MAX  256u /* largest encoded record (ERC, Le, content) */

/* ---- the recorder ---- */

typedef struct cc_event_result {
    bool recorded;     /* false: AFN04 F9 does not record this ERC */
    int cls;           /* STORE_EV_IMPORTANT or STORE_EV_GENERAL */
    uint8_t ptr;       /* its pointer in the class */
    bool reported;     /* an AFN0E F1 report was queued */
    int64_t report_id; /* the store's report id (when reported) */
} cc_event_result;

typedef struct cc_events {
    store *st;
    uint32_t raised, dropped, failed; /* counters for diagnostics */
    char why[160];                    /* reason of the last failure */
} cc_events;

void cc_events_init(cc_events *e, store *st);

/* Raises ERC erc with its record (an OBJECT named as the ERC layout; a
 * missing field is written as EE where the format allows it). Returns 0
 * (also when F9 drops it: out->recorded false), -1 when the record does not
 * encode (e->why says which field) or the store failed. out may be NULL. */
int cc_events_raise(cc_events *e, uint8_t erc, const mdc_value *rec, int64_t now_s,
                    cc_event_result *out);

/* Raises an already encoded record (content after ERC and Le). */
int cc_events_raise_raw(cc_events *e, uint8_t erc, const uint8_t *content, size_t len,
                        int64_t now_s, cc_event_result *out);

/* True when the class has records the master has not read (EC != read pointer). */
bool cc_events_unread(store *st, int cls);

/* Builders for the terminal's own events, each raising through e (the
 * shell calls them; tm fields in terminal time). */
int cc_events_erc1_init(cc_events *e, int64_t now_s, bool init, bool version_change,
                        const char old_ver[4], const char new_ver[4]);
int cc_events_erc2_param_loss(cc_events *e, int64_t now_s, bool terminal_params, bool point_params);
/* ERC3: the parameters one master request changed: msa = master address,
 * (pn, fn) pairs as DA/DT (grouped with gdw13761_dadt_group). */
int cc_events_erc3_param_change(cc_events *e, int64_t now_s, uint8_t msa, const uint16_t *pn,
                                const uint16_t *fn, size_t n);
int cc_events_erc4_state_input(cc_events *e, int64_t now_s, uint8_t changed, uint8_t state);
int cc_events_erc14_power(cc_events *e, int64_t off_s, int64_t on_s, bool on_valid);
int cc_events_erc20_auth(cc_events *e, int64_t now_s, const uint8_t pw[16], uint8_t msa);
int cc_events_erc21_fault(cc_events *e, int64_t now_s, uint8_t code);
int cc_events_erc32_traffic(cc_events *e, int64_t now_s, uint32_t used, uint32_t limit);
int cc_events_erc41_time_set(cc_events *e, int64_t before_s, int64_t after_s, uint16_t pn);

/* ---- the meter-event detector ---- */

/* Thresholds (AFN04 F59 and defaults). */
typedef struct cc_mevents_cfg {
    uint16_t clock_dev_min; /* ERC12: meter clock off by more than this (minutes; F59) */
    uint32_t down_kwh_x100; /* ERC27: a reading going down by more than this (0.01 kWh) */
} cc_mevents_cfg;

/* Reads the thresholds from the store (F59; defaults when never set). */
void cc_mevents_cfg_load(store *st, cc_mevents_cfg *cfg);

/* One item of point pn: old/old_len what the store held before (NULL when
 * nothing), data/len the new reading (DL/T 645-2007 form). Raises what the
 * change means. */
void cc_mevents_on_item(cc_events *e, const cc_mevents_cfg *cfg, uint16_t pn, uint32_t di,
                        const uint8_t *old, size_t old_len, const uint8_t *data, size_t len,
                        int64_t now_s);

/* The end of a meter's part of a round: ERC31 on the transition to failing
 * (and its recovery), ERC12 from the measured clock deviation. prev is the
 * statistics after the previous round of this meter (NULL at the first). */
void cc_mevents_on_meter(cc_events *e, const cc_mevents_cfg *cfg, uint16_t pn,
                         const cc_reader_meter *m, const cc_reader_meter_stats *prev,
                         const cc_reader_meter_stats *now_st, int64_t now_s);

/* The terminal's day ended with items still missing (补抄 failed): ERC39. */
void cc_mevents_on_reread_failed(cc_events *e, uint16_t pn, const cc_reader_meter *m,
                                 int64_t now_s);

#endif
