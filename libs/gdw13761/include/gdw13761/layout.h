/* Data-unit layouts: how the bytes of one (AFN, Fn) data unit are laid out,
 * written as a table, and one interpreter that decodes bytes into a value
 * tree (mdc/value.h) and encodes a value tree back into bytes.
 *
 * A layout is an array of gdw_field ending with GDW_END. Decoding a layout
 * gives an OBJECT whose members are the fields in order:
 *
 *   FMT     one value in an Appendix A format or a plain type (gdw_fmt)
 *   GROUP   a nested OBJECT named `name` holding `sub`
 *   INCLUDE the fields of `sub` as members of the enclosing object (no name,
 *           no nesting): a field list written once and used in several
 *           layouts, e.g. { td_d, INCLUDE(an AFN0C layout) }
 *   REPEAT  an ARRAY named `name` of OBJECTs, each one `sub`; the count is
 *           `len` when ref is NULL, else the integer value of the field named
 *           `ref` (looked up among the siblings already decoded, then in the
 *           enclosing objects) plus `add`; GDW_COUNT_REST (ref NULL, len 0)
 *           repeats until the enclosing data is used up. When `sub` is a
 *           single FMT field whose name is NULL, the elements are plain values
 *           (an ARRAY of numbers or times), not OBJECTs.
 *   BITS    `len` bytes read as one little-endian integer and split into the
 *           BITF fields of `sub` (name, lowest bit `lo`, `width` bits), each an
 *           INT member of the enclosing object (no nesting)
 *   SWITCH  picks the layout in `cases` whose value equals the field `ref`;
 *           its fields become members of an OBJECT named `name`. No case:
 *           the bytes left in the enclosing scope become raw BYTES.
 *   SIZED   the field `ref` gives a byte count; `sub` is decoded inside that
 *           many bytes only (an OBJECT named `name`, or flattened into the
 *           enclosing object when name is NULL); bytes `sub` leaves unread
 *           are kept as BYTES member "rest".
 *   VARBYTES raw BYTES whose count is the field `ref` plus `add`
 *   REST    all bytes left in the enclosing scope as BYTES
 *
 * Refs. A `ref` names a field decoded before the one that uses it: a sibling
 * (fields of an INCLUDE are siblings too), else a member of an enclosing
 * object, searched outwards. A dotted ref "g.n" reaches into the sibling
 * GROUP g (or an enclosing object's member g): the field n of that group.
 *
 * Encoding walks the same table over the value tree. A field that another
 * field uses as its count or size (REPEAT/SIZED/VARBYTES `ref`) may be left
 * out of the value: the encoder writes the real count or size, also when the
 * ref reaches it through a dot (a "points" left out of the GROUP "td_c" is
 * filled in by the REPEAT counting on "td_c.points" after the group). When it
 * is present it must agree with the data, else GDW13761_E_COUNT.
 *
 * Values (see gdw_fmt): numbers in the standard's units as INT or DEC with
 * the format's decimals; times as TIME with the parts the format carries;
 * a field whose bytes are all EEH is NULL (missing) and encodes back to EEH;
 * a field with a non-BCD nibble is INVALID (raw bytes, re-encoded as they came).
 */
#ifndef GDW13761_LAYOUT_H
#define GDW13761_LAYOUT_H

#include <stddef.h>
#include <stdint.h>

#include "mdc/value.h"

typedef enum gdw_fmt {
    GDW_FMT_NONE = 0,
    /* Appendix A formats (A.1 .. A.28); the numbering is the standard's A.n */
    GDW_A1 = 1,  /* ss mm hh DD week|MM YY -> TIME (full, wday 1..7 kept) */
    GDW_A2,      /* +-XXX x 10^G -> DEC (canonical exponent on encode) */
    GDW_A3,      /* +-XXXXXXX, G: 0 kWh/li, 1 MWh/yuan -> INT in the smaller unit */
    GDW_A4,      /* S0 + BCD 0..79 (S0: 0 up, 1 down) -> INT -79..79 */
    GDW_A5,      /* +-XXX.X */
    GDW_A6,      /* +-XX.XX */
    GDW_A7,      /* XXX.X */
    GDW_A8,      /* XXXX */
    GDW_A9,      /* +-XX.XXXX */
    GDW_A10,     /* XXXXXX */
    GDW_A11,     /* XXXXXX.XX */
    GDW_A12,     /* 12-digit address -> STR of 12 digits, most significant first */
    GDW_A13,     /* XXXX.XXXX */
    GDW_A14,     /* XXXXXX.XXXX */
    GDW_A15,     /* mm hh DD MM YY -> TIME */
    GDW_A16,     /* ss mm hh DD */
    GDW_A17,     /* mm hh DD MM */
    GDW_A18,     /* mm hh DD */
    GDW_A19,     /* mm hh */
    GDW_A20,     /* DD MM YY */
    GDW_A21,     /* MM YY */
    GDW_A22,     /* X.X */
    GDW_A23,     /* XX.XXXX */
    GDW_A24,     /* hh DD */
    GDW_A25,     /* +-XXX.XXX */
    GDW_A26,     /* X.XXX */
    GDW_A27,     /* XXXXXXXX */
    GDW_A28,     /* longitude/latitude -> OBJECT {deg, min, sec, hemi} */
    /* plain types; `len` gives the byte count */
    GDW_BIN,     /* unsigned binary, little endian, 1..8 bytes -> INT */
    GDW_SBIN,    /* two's complement binary, little endian -> INT */
    GDW_BS,      /* bit string -> BYTES (hex), bit 0 of byte 0 is D0 */
    GDW_ASCII,   /* text, NUL/space padded on the wire -> STR (padding stripped) */
    GDW_BCD,     /* unsigned BCD integer, low byte first -> INT */
    GDW_RAW,     /* raw bytes -> BYTES */
    GDW_DADT,    /* 4 bytes DA1 DA2 DT1 DT2 -> OBJECT {pn: [..], fn: [..]} */
    GDW_FMT_COUNT
} gdw_fmt;

typedef enum gdw_fk {
    GDW_FK_END = 0,
    GDW_FK_FMT,
    GDW_FK_GROUP,
    GDW_FK_REPEAT,
    GDW_FK_BITS,
    GDW_FK_BITF,
    GDW_FK_SWITCH,
    GDW_FK_SIZED,
    GDW_FK_VARBYTES,
    GDW_FK_REST,
    GDW_FK_INCLUDE,
} gdw_fk;

typedef struct gdw_field gdw_field;

typedef struct gdw_case {
    int64_t value;           /* the value of the SWITCH's ref field */
    const char *name;        /* a readable name of this case (e.g. "ERC1 data init") */
    const gdw_field *layout; /* NULL ends the case table */
} gdw_case;

struct gdw_field {
    const char *name;  /* JSON key */
    uint8_t kind;      /* gdw_fk */
    uint8_t fmt;       /* gdw_fmt for FMT */
    uint16_t len;      /* bytes (plain types, BITS), or a fixed REPEAT count */
    const char *unit;  /* "kWh", "V", "min"... or NULL */
    const char *ref;   /* REPEAT / SWITCH / SIZED / VARBYTES: the field giving the count */
    int16_t add;       /* added to the ref value (e.g. +1: "M tariffs" means M+1 values) */
    uint8_t lo, width; /* BITF: lowest bit and bit count */
    const gdw_field *sub;
    const gdw_case *cases;
};

#define GDW_COUNT_REST 0

/* Table-writing macros. */
#define GDW_END {.kind = GDW_FK_END}
#define GDW_F(n, f, u) {.name = (n), .kind = GDW_FK_FMT, .fmt = (f), .unit = (u)}
#define GDW_BINF(n, l, u) {.name = (n), .kind = GDW_FK_FMT, .fmt = GDW_BIN, .len = (l), .unit = (u)}
#define GDW_SBINF(n, l, u) {.name = (n), .kind = GDW_FK_FMT, .fmt = GDW_SBIN, .len = (l), .unit = (u)}
#define GDW_BSF(n, l) {.name = (n), .kind = GDW_FK_FMT, .fmt = GDW_BS, .len = (l)}
#define GDW_ASCIIF(n, l) {.name = (n), .kind = GDW_FK_FMT, .fmt = GDW_ASCII, .len = (l)}
#define GDW_BCDF(n, l, u) {.name = (n), .kind = GDW_FK_FMT, .fmt = GDW_BCD, .len = (l), .unit = (u)}
#define GDW_RAWF(n, l) {.name = (n), .kind = GDW_FK_FMT, .fmt = GDW_RAW, .len = (l)}
#define GDW_DADTF(n) {.name = (n), .kind = GDW_FK_FMT, .fmt = GDW_DADT, .len = 4}
#define GDW_GROUP(n, s) {.name = (n), .kind = GDW_FK_GROUP, .sub = (s)}
#define GDW_REP(n, r, a, s) {.name = (n), .kind = GDW_FK_REPEAT, .ref = (r), .add = (a), .sub = (s)}
#define GDW_REPN(n, cnt, s) {.name = (n), .kind = GDW_FK_REPEAT, .len = (cnt), .sub = (s)}
#define GDW_REP_REST(n, s) {.name = (n), .kind = GDW_FK_REPEAT, .len = GDW_COUNT_REST, .sub = (s)}
#define GDW_BITS(l, s) {.kind = GDW_FK_BITS, .len = (l), .sub = (s)}
#define GDW_BITF(n, l, w) {.name = (n), .kind = GDW_FK_BITF, .lo = (l), .width = (w)}
#define GDW_SWITCH(n, r, c) {.name = (n), .kind = GDW_FK_SWITCH, .ref = (r), .cases = (c)}
#define GDW_SIZED(n, r, s) {.name = (n), .kind = GDW_FK_SIZED, .ref = (r), .sub = (s)}
#define GDW_VARBYTES(n, r, a) {.name = (n), .kind = GDW_FK_VARBYTES, .ref = (r), .add = (a)}
#define GDW_REST(n) {.name = (n), .kind = GDW_FK_REST}
#define GDW_INCLUDE(s) {.kind = GDW_FK_INCLUDE, .sub = (s)}

/* Errors of the data-unit and frame codecs. */
typedef enum gdw13761_errc {
    GDW13761_OK = 0,
    GDW13761_E_SHORT,    /* data ends before the layout does */
    GDW13761_E_FORMAT,   /* a value does not fit its format (range, digits, type) */
    GDW13761_E_MISSING,  /* encoding: a field is absent from the value */
    GDW13761_E_COUNT,    /* a count/size field disagrees with the data */
    GDW13761_E_SPACE,    /* encoding: the output buffer is too small */
    GDW13761_E_ARENA,    /* decoding: the value arena is full */
    GDW13761_E_LAYOUT,   /* the layout table itself is wrong (a ref to no field) */
    GDW13761_E_FRAME,    /* link frame check failed (L, CS, 68/16, identifier) */
    GDW13761_E_UNKNOWN,  /* an (AFN, Fn) not in the catalogue whose length cannot be known */
} gdw13761_errc;

typedef struct gdw13761_err {
    gdw13761_errc code;
    size_t offset;  /* byte offset in the input (decode) or output (encode) where it failed */
    char msg[128];  /* readable reason, naming the field ("f10.meters[3].addr: ...") */
} gdw13761_err;

/* Decodes one data unit laid out as `layout` from p[0..len). On success the
 * OBJECT is in *out, *used is the number of bytes consumed (a layout that ends
 * in REST or REPEAT-REST uses all of len). Returns 0, or -1 with *err set.
 * Memory: the tree lives in `a`. */
int gdw13761_unit_decode(const gdw_field *layout, const uint8_t *p, size_t len, size_t *used,
                         mdc_arena *a, mdc_value **out, gdw13761_err *err);

/* Encodes the OBJECT v laid out as `layout` into out[0..cap). Returns 0 and the
 * byte count in *written, or -1 with *err set (nothing useful in out). */
int gdw13761_unit_encode(const gdw_field *layout, const mdc_value *v, uint8_t *out, size_t cap,
                         size_t *written, gdw13761_err *err);

/* Fills an OBJECT with plausible values for every field of the layout (used by
 * the round-trip tests and the benchmarks); counts come out small (1..3) and
 * `seed` varies the values. Returns NULL when the arena is full. */
mdc_value *gdw13761_unit_sample(const gdw_field *layout, unsigned seed, mdc_arena *a);

/* Fixed byte length of a layout, or -1 when it depends on the data. */
long gdw13761_unit_fixed_len(const gdw_field *layout);

const char *gdw13761_strerror(gdw13761_errc code);

#endif
