/* Fuzz target for the DL/T 645 DI catalogue.
 * Input: byte 0 picks the edition and how the DI is chosen; with bit 0x80 set,
 * bytes 1..3 pick a catalogue row and a member of it, otherwise bytes 0..3 are
 * the DI itself; with bit 0x20 set the data is cut to a length the DI accepts.
 * The rest is the data. Decode must never fail on content, and
 * whatever it produced (typed, INVALID parts or raw BYTES) must encode back to
 * exactly the input data. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dlt645/di.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint8_t arena_buf[1 << 18];
static uint8_t out[1 << 16];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 4)
        return 0;
    unsigned ed = (data[0] & 0x40) ? DLT645_DI_ED_1997 : DLT645_DI_ED_2007;
    uint32_t di;
    if (data[0] & 0x80) {
        size_t rows = dlt645_di_row_count(ed);
        size_t r = ((size_t)data[1] << 8 | data[2]) % rows;
        dlt645_di_row_info ri;
        if (!dlt645_di_row_at(ed, r, &ri))
            abort();
        di = dlt645_di_row_member(ed, r, data[3] % ri.count);
        if (!dlt645_di_lookup(ed, di, NULL))
            abort();
    } else {
        di = (uint32_t)data[0] << 24 | (uint32_t)data[1] << 16 | (uint32_t)data[2] << 8 | data[3];
        if (ed == DLT645_DI_ED_1997)
            di &= 0xFFFFu;
    }
    const uint8_t *p = data + 4;
    size_t n = size - 4;
    dlt645_di_info info;
    /* Bit 0x20 with a catalogued DI: cut the data to a length the DI accepts, so
     * typed decoding is reached more often than by chance. */
    if ((data[0] & 0x20) && dlt645_di_lookup(ed, di, &info) && n >= info.len) {
        size_t k = info.len_step ? (n - info.len) / info.len_step : 0;
        n = info.len + k * info.len_step;
        if (n > info.len_max)
            n = info.len_max;
    }
    mdc_arena a;
    mdc_value *v = NULL;
    dlt645_di_err e;
    char label[96];
    mdc_arena_init(&a, arena_buf, sizeof arena_buf);
    dlt645_di_label(ed, di, label, sizeof label);
    dlt645_di_status st = dlt645_di_decode(ed, di, p, n, &a, &v, &e);
    if (st == DLT645_DI_ENOMEM)
        return 0;
    if (!v || !e.reason)
        abort();
    size_t len = 0;
    st = dlt645_di_encode(ed, di, v, out, sizeof out, &len, &e);
    if (st != DLT645_DI_OK || len != n || memcmp(out, p, n) != 0)
        abort();
    /* Conversion to the other edition must not crash either. */
    uint32_t to;
    mdc_arena_init(&a, arena_buf, sizeof arena_buf);
    dlt645_di_convert(ed, di, p, n, &a, &to, out, sizeof out, &len, &e);
    return 0;
}
