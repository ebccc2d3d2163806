/* BCD helpers. All functions are pure; none of them reads past the lengths given. */
#ifndef MDC_BCD_H
#define MDC_BCD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* True when both nibbles of b are 0..9. */
static inline bool mdc_bcd_valid(uint8_t b)
{
    return (b & 0x0Fu) <= 9u && (b >> 4) <= 9u;
}

/* 0x45 -> 45. The caller checks validity first; invalid nibbles give a value > 99. */
static inline unsigned mdc_bcd_to_u8(uint8_t b)
{
    return (unsigned)(b >> 4) * 10u + (b & 0x0Fu);
}

/* 45 -> 0x45; v must be < 100. */
static inline uint8_t mdc_u8_to_bcd(unsigned v)
{
    return (uint8_t)(((v / 10u) % 10u) << 4 | (v % 10u));
}

/* Decodes n BCD bytes, least significant byte first, into *out. n <= 9.
 * Returns false (and leaves *out alone) when a nibble is not a digit. */
bool mdc_bcd_decode_le(const uint8_t *p, size_t n, uint64_t *out);

/* Encodes v into n BCD bytes, least significant byte first.
 * Returns false when v does not fit in 2n digits (nothing written). */
bool mdc_bcd_encode_le(uint64_t v, uint8_t *p, size_t n);

#endif
