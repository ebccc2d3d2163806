/* AFN0A query parameters (Q/GDW 1376.1-2013 §5.10).
 *
 * Downlink: most Fn carry no data unit; §5.10.1.3 gives one for F10, F11,
 * F13, F14, F15, F33, F34, F38 and F39 (which objects to report). Uplink: the
 * parameter data unit of §5.5.1.3, the same layout as AFN04 (cat_afn04.c);
 * for F10 it holds the meters asked for. */
#include "cat_afn04.h"

/* F10 Table 124: n (2 bytes) meter indexes (2 bytes each). */
static const gdw_field l_0a_f10[] = {
    GDW_BINF("count", 2, NULL),
    GDW_REP("indexes", "count", 0, E_BIN2),
    GDW_END,
};

/* F11 Table 125, also F13, F14, F15, F33, F34: n (1 byte) object numbers
 * (1 byte each): pulse port (F11), analogue port (F13), total-add group
 * (F14), differential group (F15), communication port (F33, F34). */
static const gdw_field l_0a_items[] = {GDW13761_COUNTED("items", E_BIN1), GDW_END};

/* F38/F39 Table 126: user major class, n minor classes. */
static const gdw_field l_0a_classes[] = {
    GDW_BINF("major", 1, NULL),
    GDW13761_COUNTED("minors", E_BIN1),
    GDW_END,
};

/* Two rows per Fn: the query (DOWN) then the answer (UP). */
#define ROW0A(fn_, pn_, layout_, query_, en, zh)                                                   \
    GDW13761_PARAM_ROW(0x0A, GDW13761_DOWN, fn_, pn_, query_, en, zh),                             \
        GDW13761_PARAM_ROW(0x0A, GDW13761_UP, fn_, pn_, layout_, en, zh),

const gdw13761_fn gdw13761_cat_afn0a[] = {
    // clang-format off
    GDW13761_PARAM_FNS(ROW0A)
    {.layout = NULL},
    // clang-format on
};

/* Rows before the terminator (catalog.c looks tables up without scanning them). */
const size_t gdw13761_cat_afn0a_n = sizeof gdw13761_cat_afn0a / sizeof gdw13761_cat_afn0a[0] - 1;
