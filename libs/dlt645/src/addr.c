/* DL/T 645 meter addresses: 12 BCD digits, low byte first, 99.. broadcast, AA.. wildcard. */
#include <string.h>

#include "mdc/bcd.h"

#include "dlt645/frame.h"

const uint8_t dlt645_addr_broadcast[DLT645_ADDR_LEN] = {0x99, 0x99, 0x99, 0x99, 0x99, 0x99};
const uint8_t dlt645_addr_wildcard[DLT645_ADDR_LEN] = {0xAA, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA};

static int nibble(char ch)
{
    if (ch >= '0' && ch <= '9')
        return ch - '0';
    if (ch == 'A' || ch == 'a')
        return 0xA;
    return -1;
}

int dlt645_addr_parse(const char *s, uint8_t out[DLT645_ADDR_LEN])
{
    if (!s || !out)
        return DLT645_ERR_ADDR;
    size_t n = strlen(s);
    if (n == 0 || n > 12)
        return DLT645_ERR_ADDR;
    char digits[12];
    memset(digits, '0', sizeof digits);
    memcpy(digits + (12 - n), s, n);
    uint8_t tmp[DLT645_ADDR_LEN];
    for (unsigned i = 0; i < DLT645_ADDR_LEN; i++) {
        /* printed byte i (from the left) is wire byte 5 - i */
        int hi = nibble(digits[2 * i]), lo = nibble(digits[2 * i + 1]);
        if (hi < 0 || lo < 0)
            return DLT645_ERR_ADDR;
        tmp[DLT645_ADDR_LEN - 1 - i] = (uint8_t)(hi << 4 | lo);
    }
    if (!dlt645_addr_valid(tmp))
        return DLT645_ERR_ADDR;
    /* a short "AA1012" pads to 000000AA1012: AA below a concrete byte, refused above */
    memcpy(out, tmp, DLT645_ADDR_LEN);
    return DLT645_OK;
}

char *dlt645_addr_format(const uint8_t addr[DLT645_ADDR_LEN], char out[13])
{
    static const char hx[] = "0123456789ABCDEF";
    for (unsigned i = 0; i < DLT645_ADDR_LEN; i++) {
        uint8_t b = addr[DLT645_ADDR_LEN - 1 - i];
        out[2 * i] = hx[b >> 4];
        out[2 * i + 1] = hx[b & 0x0F];
    }
    out[12] = '\0';
    return out;
}

bool dlt645_addr_is_broadcast(const uint8_t addr[DLT645_ADDR_LEN])
{
    return memcmp(addr, dlt645_addr_broadcast, DLT645_ADDR_LEN) == 0;
}

bool dlt645_addr_valid(const uint8_t addr[DLT645_ADDR_LEN])
{
    bool concrete = false; /* seen a BCD byte, walking from the high byte down */
    for (int i = (int)DLT645_ADDR_LEN - 1; i >= 0; i--) {
        if (addr[i] == 0xAA && !concrete)
            continue;
        if (!mdc_bcd_valid(addr[i]))
            return false;
        concrete = true;
    }
    return true;
}

bool dlt645_addr_match(const uint8_t req[DLT645_ADDR_LEN], const uint8_t real[DLT645_ADDR_LEN])
{
    if (dlt645_addr_is_broadcast(req))
        return true;
    bool concrete = false;
    for (int i = (int)DLT645_ADDR_LEN - 1; i >= 0; i--) {
        if (req[i] == 0xAA && !concrete)
            continue;
        if (req[i] != real[i])
            return false;
        concrete = true;
    }
    return true;
}
