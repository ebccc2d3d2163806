/* libFuzzer target: 1376.1 link frame decode; a decoded frame must re-encode
 * to the same bytes. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gdw13761/dadt.h"
#include "gdw13761/frame.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    gdw13761_frame f;
    gdw13761_err err;
    size_t flen = 0;
    if (gdw13761_frame_decode(data, size, &f, &flen, &err) != 0)
        return 0;
    static uint8_t out[GDW13761_FRAME_MAX];
    size_t w = 0;
    if (gdw13761_frame_encode(&f, out, sizeof out, &w, &err) != 0 || w != flen ||
        memcmp(out, data, w) != 0)
        abort();
    /* walk the identifiers as far as they go */
    for (size_t pos = 0; pos + 4 <= f.units_len; pos += 4) {
        gdw13761_dadt d;
        if (gdw13761_dadt_decode(f.units + pos, &d, &err) != 0)
            break;
    }
    if (f.tpv) {
        mdc_tm now = {
            .year = 2025, .mon = 3, .day = 1, .hour = 0, .min = 0, .sec = 0, .fields = MDC_TM_FULL};
        int64_t age;
        (void)gdw13761_tp_check(&f.tp, &now, &age);
    }
    return 0;
}
