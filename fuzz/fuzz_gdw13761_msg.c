/* libFuzzer target: full message decode through the catalogue. An input that
 * starts with 68H is taken as a frame; any other input is [AFN] [flags]
 * [data-unit region...] and is wrapped into a valid frame first (flags D0 =
 * uplink, D1 = ACD, D2 = TpV), so the fuzzer reaches the unit decoders
 * without having to solve the checksum. When decode succeeds, re-encoding the
 * decoded units must not crash (it may fail: some layouts decode lossily, and
 * a raw uncatalogued unit may move away from the end), and its output is
 * decoded once more. The bare region is also decoded on its own. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "gdw13761/msg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint8_t arena_buf[1 << 20];
static gdw13761_unit units[512];
static gdw13761_unit units2[512];
static uint8_t wrapped[GDW13761_FRAME_MAX];
static uint8_t out[GDW13761_FRAME_MAX];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    mdc_arena a;
    mdc_arena_init(&a, arena_buf, sizeof arena_buf);
    gdw13761_msg m;
    gdw13761_err err;
    if (size >= 2 && data[0] != 0x68) {
        gdw13761_frame f;
        memset(&f, 0, sizeof f);
        memcpy(f.a1, "3501", 5);
        f.a2 = 1;
        f.afn = data[0];
        f.dir = (data[1] & 1u) != 0;
        f.acd = (data[1] & 2u) != 0;
        f.tpv = (data[1] & 4u) != 0;
        f.tp.day = 1;
        f.fir = f.fin = true;
        f.units = data + 2;
        f.units_len = size - 2;
        (void)gdw13761_msg_decode_units(f.afn, f.dir, f.units, f.units_len, &m, units, 512, &a,
                                        &err);
        mdc_arena_reset(&a);
        size_t w = 0;
        if (gdw13761_frame_encode(&f, wrapped, sizeof wrapped, &w, &err) != 0)
            return 0;
        data = wrapped;
        size = w;
    }
    if (gdw13761_msg_decode(data, size, &m, units, 512, &a, &err) != 0)
        return 0;
    size_t w = 0;
    if (gdw13761_msg_encode(&m.frame, m.units, m.nunits, out, sizeof out, &w, &err) != 0)
        return 0;
    gdw13761_msg m2;
    (void)gdw13761_msg_decode(out, w, &m2, units2, 512, &a, &err);
    return 0;
}
