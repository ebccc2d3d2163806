/* A small tree of typed values: what a decoder hands back and an encoder takes.
 *
 * Protocol libraries decode data into this tree (numbers with their decimals
 * and units, times, missing values, raw bytes) and encode from it; the tools
 * turn it into text or JSON and back. It needs no heap: every node and every
 * copied string lives in an arena the caller provides, and freeing the arena
 * (or resetting it) frees the tree. */
#ifndef MDC_VALUE_H
#define MDC_VALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mdc/mtime.h"

typedef enum mdc_vkind {
    MDC_V_NULL,    /* missing data (1376.1 EEH bytes, an absent item) */
    MDC_V_BOOL,    /* u.b */
    MDC_V_INT,     /* u.i */
    MDC_V_DEC,     /* u.dec: mant / 10^scale, e.g. mant 123456, scale 2 = 1234.56 */
    MDC_V_STR,     /* u.str: text (not NUL-terminated necessarily; len given; arena copy is) */
    MDC_V_TIME,    /* u.tm: the parts present are in u.tm.fields */
    MDC_V_BYTES,   /* u.bytes: raw bytes, shown as hex */
    MDC_V_INVALID, /* u.bytes: bytes that break their format (a non-BCD nibble); kept so they
                      re-encode unchanged */
    MDC_V_ARRAY,   /* u.list: children without keys */
    MDC_V_OBJECT,  /* u.list: children with keys, in wire order */
} mdc_vkind;

typedef struct mdc_value mdc_value;
struct mdc_value {
    mdc_vkind kind;
    const char *key;  /* member name in an OBJECT; NULL in an ARRAY. Not owned. */
    const char *unit; /* "kWh", "V", "%"... or NULL. Not owned (static strings). */
    mdc_value *next;  /* next sibling */
    union {
        bool b;
        int64_t i;
        struct {
            int64_t mant;
            uint8_t scale;
        } dec;
        struct {
            const char *p;
            size_t len;
        } str;
        struct {
            const uint8_t *p;
            size_t len;
        } bytes;
        mdc_tm tm;
        struct {
            mdc_value *head;
            mdc_value *tail;
            size_t n;
        } list;
    } u;
};

/* ---- arena ---- */
typedef struct mdc_arena {
    uint8_t *buf;
    size_t cap;
    size_t used;
    bool full; /* set when an allocation failed: the tree is incomplete */
} mdc_arena;

void mdc_arena_init(mdc_arena *a, void *buf, size_t cap);
void mdc_arena_reset(mdc_arena *a);
/* n bytes aligned to 8, zeroed; NULL (and a->full) when it does not fit. */
void *mdc_arena_alloc(mdc_arena *a, size_t n);
/* Copies n bytes of s and a NUL into the arena. */
char *mdc_arena_strndup(mdc_arena *a, const char *s, size_t n);

/* ---- building ---- */
/* A new detached node. NULL when the arena is full. */
mdc_value *mdc_v_new(mdc_arena *a, mdc_vkind kind);
/* Appends child to parent (ARRAY or OBJECT) under key (not copied; NULL in arrays).
 * parent NULL: returns child unchanged. Returns child. */
mdc_value *mdc_v_append(mdc_value *parent, const char *key, mdc_value *child);

/* Each of these creates a node, appends it to parent under key when parent is
 * not NULL, and returns it (NULL when the arena is full; parent unchanged). */
mdc_value *mdc_v_add_obj(mdc_arena *a, mdc_value *parent, const char *key);
mdc_value *mdc_v_add_arr(mdc_arena *a, mdc_value *parent, const char *key);
mdc_value *mdc_v_add_null(mdc_arena *a, mdc_value *parent, const char *key);
mdc_value *mdc_v_add_bool(mdc_arena *a, mdc_value *parent, const char *key, bool b);
mdc_value *mdc_v_add_int(mdc_arena *a, mdc_value *parent, const char *key, int64_t i,
                         const char *unit);
mdc_value *mdc_v_add_dec(mdc_arena *a, mdc_value *parent, const char *key, int64_t mant,
                         uint8_t scale, const char *unit);
/* Copies the n bytes of s into the arena. */
mdc_value *mdc_v_add_str(mdc_arena *a, mdc_value *parent, const char *key, const char *s, size_t n);
mdc_value *mdc_v_add_time(mdc_arena *a, mdc_value *parent, const char *key, const mdc_tm *tm);
/* Copies the bytes into the arena. kind is MDC_V_BYTES or MDC_V_INVALID. */
mdc_value *mdc_v_add_bytes(mdc_arena *a, mdc_value *parent, const char *key, mdc_vkind kind,
                           const uint8_t *p, size_t n);

/* ---- reading ---- */
/* Member of an OBJECT by key, or NULL. */
const mdc_value *mdc_v_get(const mdc_value *obj, const char *key);
/* Element i of an ARRAY or OBJECT, or NULL. */
const mdc_value *mdc_v_at(const mdc_value *list, size_t i);
/* The value of INT, BOOL or DEC (DEC only when it has no fraction). */
bool mdc_v_int(const mdc_value *v, int64_t *out);
/* An INT or DEC as a mantissa at the given scale: 12.5 at scale 3 -> 12500.
 * False when not a number, when digits would be lost, or on overflow. */
bool mdc_v_mant(const mdc_value *v, uint8_t scale, int64_t *mant);

/* 10^n for n = 0..19 (0 for larger n: callers check their ranges first). */
uint64_t mdc_pow10(unsigned n);

/* Writes mant/10^scale as decimal text ("-12.50"). Returns the length, 0 if cap is too small. */
size_t mdc_dec_format(int64_t mant, uint8_t scale, char *out, size_t cap);
/* Parses decimal text ("12.5", "-0.003", "7") into a mantissa at the given scale.
 * False on syntax, on more decimals than scale (unless they are zeros), or overflow. */
bool mdc_dec_parse(const char *s, uint8_t scale, int64_t *mant);

#endif
