/* libFuzzer target: the stream framer fed the input in chunks whose sizes come
 * from the first byte; every frame it hands out must pass the frame checks
 * (CS, L, 16) and lie inside the input. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "gdw13761/framer.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static gdw13761_framer fr;
    gdw13761_framer_init(&fr);
    if (size == 0)
        return 0;
    size_t chunk = (size_t)data[0] % 32u + 1u;
    const uint8_t *p = data + 1;
    size_t n = size - 1, total = 0;
    while (n) {
        size_t give = n < chunk ? n : chunk;
        size_t left = give;
        const uint8_t *q = p;
        do {
            const uint8_t *f;
            size_t fl;
            size_t k = gdw13761_framer_feed(&fr, q, left, &f, &fl);
            if (k > left)
                abort();
            q += k;
            left -= k;
            if (f) {
                gdw13761_frame fd;
                gdw13761_err err;
                if (fl < GDW13761_FRAME_MIN || fl > GDW13761_FRAMER_BUF)
                    abort();
                size_t flen = 0;
                /* the framer's checks are the frame decoder's, minus A2 and AUX */
                if (gdw13761_frame_decode(f, fl, &fd, &flen, &err) == 0 && flen != fl)
                    abort();
                total += fl;
            } else if (left) {
                abort(); /* no frame but input left */
            }
        } while (left);
        p += give;
        n -= give;
    }
    if (total > size)
        abort();
    return 0;
}
