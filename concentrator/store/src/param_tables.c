/* Parameter tables: defaults, value ranges, list parameters and the
 * master-communication set (docs/storage.md explains each choice). */
#include <string.h>

#include "mdc/hex.h"
#include "store_int.h"

/* ---- defaults ----
 * Hex of the wire bytes. The standard gives no defaults; these are ours
 * (docs/storage.md). F3 and F89 come from the site config (store_opts). */
typedef struct pdefault {
    uint16_t fn;
    const char *hex;
} pdefault;

#define Z8   "0000000000000000" /* 8 zero bytes */
#define Z32  Z8 Z8 Z8 Z8
#define Z128 Z32 Z32 Z32 Z32

static const pdefault defaults[] = {
    /* RTS 0, Tp delay 0 (no check), timeout 30 s, 3 retries, CON for class 3
     * (event) reports only, heartbeat 5 min */
    {1, "00001E300405"},
    {2, "00"}, /* relay forwarding off, no addresses */
    {4, "FFFFFFFFFFFFFFFF"
        "FFFFFFFFFFFFFFFF"}, /* no phone numbers (digits FH) */
    {5, "000000"},           /* no message authentication */
    {6, Z8 Z8},              /* no group addresses */
    {7, Z8 Z8 Z8},           /* 24 bytes: no IP set, no proxy, no listening */
    /* TCP, client, permanently online; redial 60 s, 3 redials, 30 min idle, every hour */
    {8, "113C00031EFFFFFF"},
    /* every ERC recorded; ERC1 (init) and ERC14 (power off/on) important */
    {9, "FFFFFFFFFFFFFFFF"
        "0120000000000000"},
    {10, "0000"}, /* no meters */
    {11, "00"},
    {12, "0000"},
    {13, "00"},
    {14, "00"},
    {15, "00"},
    {16, Z32 Z32}, /* 64 bytes: no VPN user */
    /* PT 1, CT 1, 220.0 V, 5.0 A, 0 kVA, single-phase, phase unknown */
    {25, "01000100002250000000"
         "03"},
    /* qualified 198.0..235.4 V, break phase 132.0 V; over-voltage 264.0 V 5 min
     * recovery 95.0 %, under-voltage 154.0 V 5 min recovery 105.0 %; the
     * current, apparent-power and unbalance limits 0 (not judged) */
    {26, "542380192013"
         "4026055009"
         "4015055010" Z32 "000000000000000000"},
    {27, Z8 Z8 Z8}, /* 24 bytes: 12 x A.26 */
    {28, "00000000"},
    {29, "000000000000000000000000"},
    {30, "00"}, /* reading on */
    {31, "00"},
    {33, "00"}, /* no port blocks: the reader's built-in schedule */
    {34, "00"},
    {35, "00"},
    {36, "00000000"}, /* no traffic limit */
    /* no cascade port; 9600 8E1, frame timeout 1 s, byte 50 ms, 1 retry, patrol 5 min */
    {37, "00CB0A05010500"},
    {38, "0000"},
    {39, "0000"},
    /* F59 meter anomaly thresholds: energy out of tolerance 2.0, running fast
     * 5.0 (A.22), stopped after 16 x 15 min (4 h) without a change, meter
     * clock off by more than 5 min (ERC12) */
    {59, "20501005"},
    /* every hour from 2000-01-01 00:00:00 (Saturday), ratio 1, no items */
    {65, "4100000001C1000100"},
    {66, "4100000001C1000100"},
    {67, "AA"}, /* stopped */
    {68, "AA"},
    {90, "FE00"}, /* channel automatic, highest power */
    {91, "0000000000"
         "0000000000"},
    {150, Z128 Z128 Z128 Z128}, /* 512 bytes */
};

static void put_le16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)(v & 0xFFu);
    p[1] = (uint8_t)(v >> 8);
}

int store_param_default_bytes(const store_opts *o, uint16_t fn, uint16_t pn, uint8_t *out,
                              size_t cap, size_t *len)
{
    static const store_opts none;
    (void)pn;
    if (!o)
        o = &none;
    if (fn == 3) {
        if (cap < 28)
            return STORE_E_SPACE;
        memset(out, 0, 28);
        memcpy(out, o->master_ip, 4);
        put_le16(out + 4, o->master_port);
        memcpy(out + 6, o->backup_ip, 4);
        put_le16(out + 10, o->backup_port);
        if (o->apn)
            memcpy(out + 12, o->apn, strnlen(o->apn, 16));
        *len = 28;
        return 0;
    }
    if (fn == 89) {
        if (cap < 4)
            return STORE_E_SPACE;
        put_le16(out, o->region);
        put_le16(out + 2, o->address ? o->address : 1);
        *len = 4;
        return 0;
    }
    for (size_t i = 0; i < sizeof defaults / sizeof defaults[0]; i++) {
        if (defaults[i].fn != fn)
            continue;
        size_t n = strlen(defaults[i].hex) / 2;
        if (n > cap)
            return STORE_E_SPACE;
        size_t bad = 0;
        if (mdc_hex_parse(defaults[i].hex, out, cap, &bad) != (long)n)
            return STORE_E_INVALID;
        *len = n;
        return 0;
    }
    return STORE_E_INVALID;
}

/* ---- value ranges, from the text of §5.5.1.3 ----
 * Bit fields whose width already bounds them (F1 retries 0..3) need no rule. */
#define R(fn, path, lo, hi)                                                                        \
    {                                                                                              \
        fn, path, lo, hi, lo, hi                                                                   \
    }
static const store_range ranges[] = {
    R(2, "count", 0, 16),
    R(7, "proxy_type", 0, 3),
    R(7, "proxy_auth", 0, 1),
    R(7, "user_len", 0, 20),
    R(7, "password_len", 0, 20),
    R(8, "mode", 0, 2),
    R(8, "online_mode", 1, 3),
    R(10, "count", 0, 2040),
    R(10, "meters.index", 1, 2040),
    R(10, "meters.point", 0, 2040),
    R(10, "meters.port", 1, 31),
    R(10, "meters.tariff_count", 1, 12),
    R(11, "count", 0, 64),
    R(11, "pulses.port", 1, 64),
    R(11, "pulses.point", 0, 64),
    R(13, "count", 0, 64),
    R(13, "inputs.port", 1, 64),
    R(13, "inputs.point", 0, 64),
    R(13, "inputs.quantity", 0, 5),
    R(14, "count", 1, 8),
    R(14, "groups.group", 1, 8),
    R(14, "groups.point_count", 0, 64),
    R(15, "count", 1, 8),
    R(15, "groups.group", 1, 8),
    R(15, "groups.compare_group", 0, 8),
    R(15, "groups.reference_group", 0, 8),
    R(15, "groups.span", 0, 2),
    R(25, "wiring", 1, 3),
    R(30, "stopped", 0, 1),
    R(31, "count", 0, 20),
    R(33, "count", 1, 31),
    R(33, "ports.port", 1, 31),
    R(33, "ports.read_interval", 1, 60),
    R(33, "ports.period_count", 0, 24),
    R(34, "count", 1, 31),
    R(34, "ports.port", 1, 31),
    R(35, "count", 0, 20),
    R(35, "meters", 1, 2040),
    R(37, "port", 0, 31),
    R(37, "retries", 0, 3),
    R(37, "patrol_period", 1, 60),
    R(37, "count", 0, 3),
    R(38, "major", 0, 15),
    R(38, "count", 1, 16),
    R(38, "minors.minor", 0, 15),
    R(38, "minors.group_count", 0, 31),
    R(39, "major", 0, 15),
    R(39, "count", 1, 16),
    R(39, "minors.minor", 0, 15),
    R(39, "minors.group_count", 0, 31),
    R(65, "ratio", 1, 96),
    R(66, "ratio", 1, 96),
    {67, "action", 0x55, 0x55, 0xAA, 0xAA},
    {68, "action", 0x55, 0x55, 0xAA, 0xAA},
    {90, "channel_group", 0, 63, 254, 255},
    {90, "tx_power", 0, 3, 255, 255},
};

const store_range *store_param_ranges(size_t *n)
{
    *n = sizeof ranges / sizeof ranges[0];
    return ranges;
}

/* ---- list parameters, merged by element key ---- */
static const store_list_fn lists[] = {
    {10, "index"}, {11, "port"}, {13, "port"}, {14, "group"}, {15, "group"},
    {33, "port"},  {34, "port"}, {38, NULL},   {39, NULL},
};

const store_list_fn *store_param_list_fn(uint16_t fn)
{
    for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++)
        if (lists[i].fn == fn)
            return &lists[i];
    return NULL;
}

/* ---- AFN01 F4 keeps the parameters "related to communication with the
 * master station": group 1 (uplink port, relay, master IP/APN, phone/SMS,
 * message authentication, group addresses, terminal IP, working mode), the
 * VPN credentials F16, the terminal address F89 and the wireless module F90. */
static const uint16_t comm_fns[] = {1, 2, 3, 4, 5, 6, 7, 8, 16, 89, 90};

bool store_param_is_comm(uint16_t fn)
{
    for (size_t i = 0; i < sizeof comm_fns / sizeof comm_fns[0]; i++)
        if (comm_fns[i] == fn)
            return true;
    return false;
}

bool store_param_read_only(uint16_t fn)
{
    return fn == 150; /* Table 21: measurement point status, read-only */
}
