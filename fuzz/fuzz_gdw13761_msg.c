/* libFuzzer target: full message decode through the catalogue; when it
 * succeeds, re-encoding the decoded units must not crash (it may fail, e.g.
 * for layouts whose decode is lossy, or move a raw uncatalogued unit away
 * from the end), and its output is decoded once more. */
#include <stddef.h>
#include <stdint.h>

#include "gdw13761/msg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint8_t arena_buf[1 << 20];
static gdw13761_unit units[512];
static gdw13761_unit units2[512];
static uint8_t out[GDW13761_FRAME_MAX];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    mdc_arena a;
    mdc_arena_init(&a, arena_buf, sizeof arena_buf);
    gdw13761_msg m;
    gdw13761_err err;
    if (gdw13761_msg_decode(data, size, &m, units, 512, &a, &err) != 0)
        return 0;
    size_t w = 0;
    if (gdw13761_msg_encode(&m.frame, m.units, m.nunits, out, sizeof out, &w, &err) != 0)
        return 0;
    gdw13761_msg m2;
    (void)gdw13761_msg_decode(out, w, &m2, units2, 512, &a, &err);
    return 0;
}
