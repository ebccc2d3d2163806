/* Auto-maintenance of the meter configuration (R-C10, AFN05 F149): what the
 * terminal does with a meter the search found (cc_reader ops.found). A pure
 * policy: no store, no clock; the shell gives it the state, the found meter
 * and the current AFN04 F10 list, and writes what it decides.
 *
 * The states (AFN05 F149, Q/GDW 1376.1-2013 Table 97: "00－关闭，01－启用并更新
 * F10，02－启用但不更新F10"), and the QLG-2/S manual's sentence: "若自动维护状态
 * 为 01，则自动更新通讯管理器电能表/交采装置配置参数（F10），但不更新 I 类数据
 * F13；若自动维护状态为 02，则更新 I 类数据 F13，但不执行……更新……F10 及 F150
 * 的命令":
 * - 0 off: nothing;
 * - 1: a new meter gets an F10 element (the lowest free index and point), a
 *   configured one whose rate, protocol or port differ gets its element
 *   updated; the point's F150 "parameters changed" flag is set. No F13 record;
 * - 2: the same meters (new or different) become an AFN0C F13 record
 *   (搜索到的电表信息); F10 and F150 are left alone.
 * A meter configured exactly as found is no change: nothing in any state.
 *
 * The F10 list is the wire unit as the store keeps it (store_param_get F10):
 * count (BIN 2) + count x 27-byte elements (Table 31: index 2, point 2,
 * rate/port 1 (D7..D5 rate code, D4..D0 port), protocol 1, address 6 (A.12,
 * A0 first), password 6, tariffs 1, digits 1, collector address 6, user
 * class 1). Elements with point 0 are deleted ones (their index is free).
 *
 * Contract between the policy (reader/src/amaint.c) and the daemon shell. */
#ifndef CC_AMAINT_H
#define CC_AMAINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define AMAINT_F10_ELEM     27u /* bytes of one F10 element */
#define AMAINT_F10_UNIT_MAX (2u + 2040u * AMAINT_F10_ELEM)
#define AMAINT_F150_LEN     512u  /* valid bits (256 bytes) + changed bits (256 bytes) */
#define AMAINT_F13_ENTRY    13u   /* AFN0C F13 result: address 6, protocol 1, collector 6 */
#define AMAINT_PORT_METERS  32u   /* meters on one port (R-C6, = CC_READER_METERS_MAX) */
#define AMAINT_INDEX_MAX    2040u /* F10 index and point 1..2040 */
#define AMAINT_TARIFFS      4u    /* tariff count of a new element */
#define AMAINT_DIGITS_CODE  0x09u /* D3..D2 = 2: 6 integer digits, D1..D0 = 1: 2 decimals */

/* AFN05 F149 states. */
enum { AMAINT_OFF = 0, AMAINT_UPDATE_F10 = 1, AMAINT_REPORT_F13 = 2 };

/* A meter the search found (cc_reader ops.found plus the port). */
typedef struct amaint_found {
    uint8_t port;     /* 1376.1 port number 1..31 (F10 D4..D0) */
    uint8_t addr[6];  /* DL/T 645 address, wire order (A0 first) */
    uint8_t protocol; /* F10 codes: 1 DL/T 645-1997, 30 DL/T 645-2007 */
    uint32_t baud;    /* the rate it answered at: 600, 1200, 2400, 4800, 7200, 9600, 19200 */
} amaint_found;

typedef enum amaint_action {
    AMAINT_NOTHING = 0, /* state 0, or the meter is configured as found */
    AMAINT_F10_ADD,     /* state 1: write out->f10 (a new element) */
    AMAINT_F10_UPDATE,  /* state 1: write out->f10 (the meter's element, changed) */
    AMAINT_F13_RECORD,  /* state 2: record out->found for AFN0C F13 (store_found_put) */
    AMAINT_REFUSED,     /* state 1: the meter cannot be added (port full, no free index) */
} amaint_action;

typedef struct amaint_decision {
    amaint_action action;
    uint16_t index;                    /* ADD/UPDATE: the element's index */
    uint16_t point;                    /* ADD/UPDATE: its point = the F150 changed flag to set */
    uint8_t f10[2u + AMAINT_F10_ELEM]; /* ADD/UPDATE: F10 data unit (count 1 + element) */
    size_t f10_len;                    /* 29 for ADD/UPDATE, else 0 */
    amaint_found found;                /* F13_RECORD: the record (copy of the input) */
    char why[128]; /* always: a readable line ("F10 index 3 point 3 added ...") */
} amaint_decision;

/* Decides what auto-maintenance state `state` does with meter m, given the
 * F10 list f10[0..f10_len) (count + elements; f10_len 0 = no meter
 * configured) and the port's default rate (an element with rate code 0 runs
 * at it; 0 means 2400). A configured meter is the element (point != 0) with
 * m's address, on m's port if there is one there, else on another port (then
 * the update moves it). An element with protocol 0 ("do not read", the
 * master's decision) is left alone. The 32-meter limit of a port (elements
 * with a point and a protocol other than 0 on it) refuses an add or a move
 * (state 1; state 2 records the meter anyway). Fills *out and
 * returns 0, or returns -1 with the reason in out->why for bad input: state
 * not 0..2, port not 1..31, protocol not 1/30, an address that is not 12 BCD
 * digits, a rate without an F10 code, an F10 list whose length is not
 * 2 + count x 27 or with an index/point outside 0..2040. No allocation. */
int amaint_decide(uint8_t state, const amaint_found *m, const uint8_t *f10, size_t f10_len,
                  uint32_t default_baud, amaint_decision *out);

/* Merges the elements elems[0..n x 27) into the F10 list f10[0..*len) by
 * index (an element with an index already there replaces it; others are
 * inserted in index order), as the store does on a set: *len updated. An
 * empty list (*len 0) is taken as count 0. Returns 0, or -1 when the result
 * would exceed cap or the list is malformed (nothing changed then). */
int amaint_f10_merge(uint8_t *f10, size_t *len, size_t cap, const uint8_t *elems, size_t n);

/* Builds the AFN04 F150 data unit (Table 85) into out[512]: valid bits (the
 * first 256 bytes) from the F10 list (every element with a point; bit Dn =
 * point n: byte n / 8, bit n % 8), changed bits (the last 256 bytes) = those
 * of old (old_len must be 512; old NULL: none kept, which is AFN05 F150's
 * reset) | the points changed[0..nchanged). Returns 0, or -1 for a malformed
 * F10 list or a point above 2040 (out then untouched). */
int amaint_f150_build(const uint8_t *f10, size_t f10_len, const uint8_t *old, size_t old_len,
                      const uint16_t *changed, size_t nchanged, uint8_t out[AMAINT_F150_LEN]);

/* One AFN0C F13 result (Table 141) for m: address (6, A0 first), protocol
 * (1), collector address (6 zeros: on the terminal's own port). */
void amaint_f13_entry(const amaint_found *m, uint8_t out[AMAINT_F13_ENTRY]);

/* F10 rate code (D7..D5) of a rate: 1..7 for 600, 1200, 2400, 4800, 7200,
 * 9600, 19200; 0 for any other rate. */
uint8_t amaint_baud_code(uint32_t baud);
/* The rate of a code 1..7; code 0 (or 8..) gives dflt. */
uint32_t amaint_baud_of_code(uint8_t code, uint32_t dflt);

#endif
