#include "mdc/bcd.h"

bool mdc_bcd_decode_le(const uint8_t *p, size_t n, uint64_t *out)
{
    uint64_t v = 0;
    if (n > 9)
        return false;
    for (size_t i = n; i-- > 0;) {
        if (!mdc_bcd_valid(p[i]))
            return false;
        v = v * 100u + mdc_bcd_to_u8(p[i]);
    }
    *out = v;
    return true;
}

bool mdc_bcd_encode_le(uint64_t v, uint8_t *p, size_t n)
{
    uint64_t rest = v;
    if (n > 9)
        return false;
    for (size_t i = 0; i < n; i++)
        rest /= 100u;
    if (rest != 0)
        return false;
    for (size_t i = 0; i < n; i++) {
        p[i] = mdc_u8_to_bcd((unsigned)(v % 100u));
        v /= 100u;
    }
    return true;
}
