/* AFN04 set parameters (Q/GDW 1376.1-2013 §5.5): the parameter data units,
 * shared with the AFN0A answers (cat_afn04.h), and the AFN04 catalogue rows.
 *
 * Only the downlink exists: the terminal answers AFN04 with AFN00. */
#include "cat_afn04.h"

/* Building blocks. */
#define SCALAR(f)                                                                                  \
    (const gdw_field[])                                                                            \
    {                                                                                              \
        f, GDW_END                                                                                 \
    }

/* An IPv4 address, 4 BIN bytes in dotted order: [192, 168, 1, 10]. */
#define IP4(name) GDW_REPN(name, 4, E_BIN1)

#define COUNTED GDW13761_COUNTED

/* Serial control word (Fig. 51, used by F34 and F37): baud code 0..7 =
 * 300, 600, 1200, 2400, 4800, 7200, 9600, 19200 bps; stop bits 0/1 = 1/2;
 * parity 0/1 = none/used; odd 0/1 = even/odd; data bits 0..3 = 5..8. */
static const gdw_field serial_ctl[] = {
    GDW_BITF("data_bits", 0, 2), GDW_BITF("odd", 2, 1),  GDW_BITF("parity", 3, 1),
    GDW_BITF("stop_bits", 4, 1), GDW_BITF("baud", 5, 3), GDW_END,
};

/* ---- group 1 ---- */

/* F1 Table 22, Fig. 20. */
static const gdw_field f1_timeout[] = {
    GDW_BITF("timeout_s", 0, 12), /* byte 1 D0..D7 + byte 2 D0..D3, 0..4095 s */
    GDW_BITF("retries", 12, 2),   /* byte 2 D4..D5, 0 = no resend */
    GDW_END,
};
static const gdw_field f1_con[] = {
    /* CON=1 wanted for automatic reports of class 1/2/3 data; D3..D7 spare */
    GDW_BITF("con_class1", 0, 1),
    GDW_BITF("con_class2", 1, 1),
    GDW_BITF("con_class3", 2, 1),
    GDW_END,
};
const gdw_field gdw13761_l04_f1[] = {
    GDW_BINF("rts", 1, "20ms"), GDW_BINF("tx_delay", 1, "min"),  GDW_BITS(2, f1_timeout),
    GDW_BITS(1, f1_con),        GDW_BINF("heartbeat", 1, "min"), GDW_END,
};

/* F2 Table 23: D7 enable, D0..D6 count n (0..16), then n A2 addresses. */
static const gdw_field f2_head[] = {
    GDW_BITF("count", 0, 7),
    GDW_BITF("enabled", 7, 1),
    GDW_END,
};
const gdw_field gdw13761_l04_f2[] = {
    GDW_BITS(1, f2_head),
    GDW_REP("addrs", "count", 0, E_BIN2),
    GDW_END,
};

/* F3 Table 24: APN is ASCII padded with 00H. */
const gdw_field gdw13761_l04_f3[] = {
    IP4("main_ip"),        GDW_BINF("main_port", 2, NULL),
    IP4("backup_ip"),      GDW_BINF("backup_port", 2, NULL),
    GDW_ASCIIF("apn", 16), GDW_END,
};

/* F4 Table 25: 16 digits each, two per byte, the first digit in the high
 * nibble, 0..9, A = ',' (pause), B = '#', unused digits FH; the hex of the
 * bytes therefore reads as the number ("13912345678FFFFF"). */
const gdw_field gdw13761_l04_f4[] = {
    GDW_RAWF("master_phone", 8),
    GDW_RAWF("sms_centre", 8),
    GDW_END,
};

/* F5 Table 26: scheme 0 none, 255 hardware, 1..254 software schemes. */
const gdw_field gdw13761_l04_f5[] = {
    GDW_BINF("scheme", 1, NULL),
    GDW_BINF("scheme_param", 2, NULL),
    GDW_END,
};

/* F6 Table 27: 8 group addresses, 0 = unused. */
const gdw_field gdw13761_l04_f6[] = {
    GDW_REPN("group_addrs", 8, E_BIN2),
    GDW_END,
};

/* F7 Table 28. The user name and password are ASCII of the given length;
 * the layout language has no counted text, so they come out as bytes. */
const gdw_field gdw13761_l04_f7[] = {
    IP4("ip"),
    IP4("netmask"),
    IP4("gateway"),
    GDW_BINF("proxy_type", 1, NULL), /* 0 none, 1 http connect, 2 socks4, 3 socks5 */
    IP4("proxy_ip"),
    GDW_BINF("proxy_port", 2, NULL),
    GDW_BINF("proxy_auth", 1, NULL), /* 0 none, 1 user name/password */
    GDW_BINF("user_len", 1, NULL),   /* 0..20 */
    GDW_VARBYTES("user", "user_len", 0),
    GDW_BINF("password_len", 1, NULL), /* 0..20 */
    GDW_VARBYTES("password", "password_len", 0),
    GDW_BINF("listen_port", 2, NULL),
    GDW_END,
};

/* F8 Table 29, working mode byte: D7 0 TCP / 1 UDP; D5..D4 0 mixed, 1 client,
 * 2 server; D1..D0 1 permanent, 2 passive activation, 3 time-window online. */
static const gdw_field f8_mode[] = {
    GDW_BITF("online_mode", 0, 2),
    GDW_BITF("mode", 4, 2),
    GDW_BITF("udp", 7, 1),
    GDW_END,
};
const gdw_field gdw13761_l04_f8[] = {
    GDW_BITS(1, f8_mode),
    GDW_BINF("redial_interval", 2, "s"),
    GDW_BINF("redial_count", 1, NULL),
    GDW_BINF("idle_timeout", 1, "min"),
    GDW_BSF("online_hours", 3), /* D0..D23 = hours 0..23 */
    GDW_END,
};

/* ---- group 2 ---- */

/* F9 Table 30: D0..D63 = ERC1..ERC64. */
const gdw_field gdw13761_l04_f9[] = {
    GDW_BSF("record_valid", 8),
    GDW_BSF("important", 8),
    GDW_END,
};

/* F10 Table 31: 27 bytes per meter. */
static const gdw_field f10_port[] = {
    GDW_BITF("port", 0, 5), /* 1..31 */
    GDW_BITF("baud", 5, 3), /* 0 default, 1..7 = 600 .. 19200 bps */
    GDW_END,
};
static const gdw_field f10_tariffs[] = {
    GDW_BITF("tariff_count", 0, 4), /* 1..12 */
    GDW_END,
};
static const gdw_field f10_digits[] = {
    GDW_BITF("dec_digits_code", 0, 2), /* 0..3 = 1..4 decimals */
    GDW_BITF("int_digits_code", 2, 2), /* 0..3 = 4..7 integer digits */
    GDW_END,
};
static const gdw_field f10_class[] = {
    GDW_BITF("user_minor", 0, 4),
    GDW_BITF("user_major", 4, 4),
    GDW_END,
};
static const gdw_field f10_meter[] = {
    GDW_BINF("index", 2, NULL), /* 1..2040 */
    GDW_BINF("point", 2, NULL), /* 0 = deleted */
    GDW_BITS(1, f10_port),
    /* 0 none, 1 DL/T 645-1997, 2 AC sampling, 30 DL/T 645-2007, 31 carrier module */
    GDW_BINF("protocol", 1, NULL),
    GDW_F("addr", GDW_A12, NULL),
    GDW_RAWF("password", 6), /* "BIN 6": kept as bytes, it is not a number */
    GDW_BITS(1, f10_tariffs),
    GDW_BITS(1, f10_digits),
    GDW_F("collector_addr", GDW_A12, NULL), /* 0 = connected directly */
    GDW_BITS(1, f10_class),
    GDW_END,
};
const gdw_field gdw13761_l04_f10[] = {
    GDW_BINF("count", 2, NULL), /* 0..2040 */
    GDW_REP("meters", "count", 0, f10_meter),
    GDW_END,
};

/* F11 Table 32. */
static const gdw_field f11_attr[] = {
    /* 0 fwd active, 1 fwd reactive, 2 rev active, 3 rev reactive */
    GDW_BITF("pulse_kind", 0, 2),
    GDW_END,
};
static const gdw_field f11_pulse[] = {
    GDW_BINF("port", 1, NULL),  /* 1..64 */
    GDW_BINF("point", 1, NULL), /* 0 = deleted */
    GDW_BITS(1, f11_attr),      GDW_BINF("meter_constant", 2, NULL), GDW_END,
};
const gdw_field gdw13761_l04_f11[] = {
    COUNTED("pulses", f11_pulse),
    GDW_END,
};

/* F12 Table 33: D0..D7 = inputs 1..8. */
const gdw_field gdw13761_l04_f12[] = {
    GDW_BSF("connected", 1),
    GDW_BSF("normally_open", 1), /* 1 normally open, 0 normally closed */
    GDW_END,
};

/* F13 Table 34. */
static const gdw_field f13_attr[] = {
    GDW_BITF("quantity", 0, 3), /* 0..5 = Ua, Ub, Uc, Ia, Ib, Ic */
    GDW_END,
};
static const gdw_field f13_input[] = {
    GDW_BINF("port", 1, NULL),
    GDW_BINF("point", 1, NULL), /* 0 = deleted */
    GDW_BITS(1, f13_attr),
    GDW_END,
};
const gdw_field gdw13761_l04_f13[] = {
    COUNTED("inputs", f13_input),
    GDW_END,
};

/* F14 Table 35: each member byte is D0..D5 point code 0..63 (= points 1..64),
 * D6 0 forward / 1 reverse, D7 0 add / 1 subtract. */
static const gdw_field f14_member[] = {
    GDW_BITF("point_code", 0, 6),
    GDW_BITF("reverse", 6, 1),
    GDW_BITF("subtract", 7, 1),
    GDW_END,
};
static const gdw_field f14_group[] = {
    GDW_BINF("group", 1, NULL),       /* 1..8 */
    GDW_BINF("point_count", 1, NULL), /* 0 = deleted */
    GDW_REP("points", "point_count", 0, SCALAR(GDW_BITS(1, f14_member))),
    GDW_END,
};
const gdw_field gdw13761_l04_f14[] = {
    COUNTED("groups", f14_group),
    GDW_END,
};

/* F15 Table 36: D0..D1 span 0/1/2 = 60/30/15 min energy; D7 0 relative,
 * 1 absolute comparison. */
static const gdw_field f15_flags[] = {
    GDW_BITF("span", 0, 2),
    GDW_BITF("absolute", 7, 1),
    GDW_END,
};
static const gdw_field f15_group[] = {
    GDW_BINF("group", 1, NULL),
    GDW_BINF("compare_group", 1, NULL),
    GDW_BINF("reference_group", 1, NULL),
    GDW_BITS(1, f15_flags),
    GDW_BINF("relative_limit", 1, "%"),
    GDW_F("absolute_limit", GDW_A3, "kWh"),
    GDW_END,
};
const gdw_field gdw13761_l04_f15[] = {
    COUNTED("groups", f15_group),
    GDW_END,
};

/* F16 Table 37. */
const gdw_field gdw13761_l04_f16[] = {
    GDW_ASCIIF("user", 32),
    GDW_ASCIIF("password", 32),
    GDW_END,
};

/* ---- group 4, pn = measurement point ---- */

/* F25 Table 45: wiring 1..3 = three-phase 3-wire, three-phase 4-wire,
 * single-phase; phase 0..3 = unknown, A, B, C (single-phase meters). */
static const gdw_field f25_wiring[] = {
    GDW_BITF("wiring", 0, 2),
    GDW_BITF("phase", 2, 2),
    GDW_END,
};
const gdw_field gdw13761_l04_f25[] = {
    GDW_BINF("pt_ratio", 2, NULL),
    GDW_BINF("ct_ratio", 2, NULL),
    GDW_F("rated_voltage", GDW_A7, "V"),
    GDW_F("rated_current", GDW_A22, "A"),
    GDW_F("rated_load", GDW_A23, "kVA"),
    GDW_BITS(1, f25_wiring),
    GDW_END,
};

/* F26 Table 46: each judgement is a limit, how long it must last and the
 * recovery coefficient. */
#define LIMIT_BLOCK(fmt, unit)                                                                     \
    {                                                                                              \
        GDW_F("limit", fmt, unit), GDW_BINF("duration", 1, "min"), GDW_F("recovery", GDW_A5, "%"), \
            GDW_END,                                                                               \
    }
static const gdw_field lim_v[] = LIMIT_BLOCK(GDW_A7, "V");
static const gdw_field lim_a[] = LIMIT_BLOCK(GDW_A25, "A");
static const gdw_field lim_kva[] = LIMIT_BLOCK(GDW_A23, "kVA");
static const gdw_field lim_pct[] = LIMIT_BLOCK(GDW_A5, "%");
const gdw_field gdw13761_l04_f26[] = {
    GDW_F("voltage_upper", GDW_A7, "V"), /* voltage qualification upper limit */
    GDW_F("voltage_lower", GDW_A7, "V"),
    GDW_F("break_phase", GDW_A7, "V"),
    GDW_GROUP("over_voltage", lim_v),
    GDW_GROUP("under_voltage", lim_v),
    GDW_GROUP("over_current", lim_a),
    GDW_GROUP("rated_current", lim_a),
    GDW_GROUP("zero_seq_current", lim_a),
    GDW_GROUP("apparent_upper_upper", lim_kva),
    GDW_GROUP("apparent_upper", lim_kva),
    GDW_GROUP("voltage_unbalance", lim_pct),
    GDW_GROUP("current_unbalance", lim_pct),
    GDW_BINF("loss_voltage_time", 1, "min"),
    GDW_END,
};

/* F27 Table 47: resistance, reactance, conductance, susceptance per phase. */
#define RXGB(ph)                                                                                   \
    GDW_F("r_" ph, GDW_A26, "ohm"), GDW_F("x_" ph, GDW_A26, "ohm"), GDW_F("g_" ph, GDW_A26, "S"),  \
        GDW_F("b_" ph, GDW_A26, "S")
const gdw_field gdw13761_l04_f27[] = {RXGB("a"), RXGB("b"), RXGB("c"), GDW_END};

/* F28 Table 48. */
const gdw_field gdw13761_l04_f28[] = {
    GDW_F("pf_limit1", GDW_A5, "%"),
    GDW_F("pf_limit2", GDW_A5, "%"),
    GDW_END,
};

/* F29 Table 49. */
const gdw_field gdw13761_l04_f29[] = {GDW_ASCIIF("display_no", 12), GDW_END};

/* F30 Table 50: 1 stop reading, 0 read. */
const gdw_field gdw13761_l04_f30[] = {GDW_BINF("stopped", 1, NULL), GDW_END};

/* F31 Table 51: n <= 20 addresses. */
const gdw_field gdw13761_l04_f31[] = {
    COUNTED("addrs", E_A12),
    GDW_END,
};

/* ---- group 5, p0 ---- */

/* F33 Table 52, control word D0 no automatic reading, D1 key meters only,
 * D2 broadcast-freeze reading, D3 timed broadcast time-set, D4 search new
 * meters, D5 read the meter status word; D6..D15 spare. */
static const gdw_field f33_ctl[] = {
    GDW_BITF("no_auto_read", 0, 1),
    GDW_BITF("key_only", 1, 1),
    GDW_BITF("bcast_freeze", 2, 1),
    GDW_BITF("time_sync", 3, 1),
    GDW_BITF("search_new", 4, 1),
    GDW_BITF("read_status", 5, 1),
    GDW_END,
};
static const gdw_field f33_period[] = {
    GDW_F("start", GDW_A19, NULL),
    GDW_F("end", GDW_A19, NULL),
    GDW_END,
};
static const gdw_field f33_block[] = {
    GDW_BINF("port", 1, NULL),
    GDW_BITS(2, f33_ctl),
    GDW_BSF("read_days", 4), /* D0..D30 = day 1..31 */
    GDW_F("read_day_time", GDW_A19, NULL),
    GDW_BINF("read_interval", 1, NULL), /* minutes on RS-485, hours on carrier */
    GDW_F("time_sync_time", GDW_A18, NULL),
    GDW_BINF("period_count", 1, NULL), /* 0..24 */
    GDW_REP("periods", "period_count", 0, f33_period),
    GDW_END,
};
const gdw_field gdw13761_l04_f33[] = {
    COUNTED("ports", f33_block), /* 1..31 */
    GDW_END,
};

/* F34 Table 53 (the text of the table is damaged in our copy; read with the
 * notes and the items a)..c)): port, control word (Fig. 51), speed in bps. */
static const gdw_field f34_block[] = {
    GDW_BINF("port", 1, NULL),
    GDW_BITS(1, serial_ctl),
    GDW_BINF("speed", 4, "bps"),
    GDW_END,
};
const gdw_field gdw13761_l04_f34[] = {
    COUNTED("ports", f34_block),
    GDW_END,
};

/* F35 Table 54: meter indexes (1..2040) of the key users, n <= 20. */
const gdw_field gdw13761_l04_f35[] = {
    COUNTED("meters", E_BIN2),
    GDW_END,
};

/* F36 Table 55: 0 = no traffic control. */
const gdw_field gdw13761_l04_f36[] = {GDW_BINF("monthly_limit", 4, "byte"), GDW_END};

/* F37 Table 56: D7 0 = this terminal cascades others (n 0..3), 1 = it is
 * cascaded (n = 1, the cascading terminal); D3..D0 n. */
static const gdw_field f37_head[] = {
    GDW_BITF("count", 0, 4),
    GDW_BITF("cascaded", 7, 1),
    GDW_END,
};
const gdw_field gdw13761_l04_f37[] = {
    GDW_BINF("port", 1, NULL), /* 0 = no wired cascade */
    GDW_BITS(1, serial_ctl),
    GDW_BINF("frame_timeout", 1, "100ms"),
    GDW_BINF("byte_timeout", 1, "10ms"),
    GDW_BINF("retries", 1, NULL),
    GDW_BINF("patrol_period", 1, "min"),
    GDW_BITS(1, f37_head),
    GDW_REP("terminals", "count", 0, gdw13761_l04_f89) /* region, addr */,
    GDW_END,
};

/* F38/F39 Table 57 (damaged in our copy; read with the items a)..e)): user
 * major class, m minor-class blocks, each with n flag bytes where byte i
 * D0..D7 = F(8i+1)..F(8i+8) supported. */
static const gdw_field f38_minor[] = {
    GDW_BINF("minor", 1, NULL),
    GDW_BINF("group_count", 1, NULL), /* 0..31 */
    GDW_VARBYTES("fn_flags", "group_count", 0),
    GDW_END,
};
const gdw_field gdw13761_l04_f38[] = {
    GDW_BINF("major", 1, NULL),
    COUNTED("minors", f38_minor), /* 1..16 */
    GDW_END,
};

/* ---- group 8, p0 ---- */

/* F59 Table 69: energy out-of-tolerance threshold (ERC28) and running-fast
 * threshold (ERC29), A.22 X.X each (the table gives no unit); meter-stopped
 * threshold (ERC30) in 15-minute units; meter clock threshold (ERC12) in
 * minutes. */
const gdw_field gdw13761_l04_f59[] = {
    GDW_F("energy_tolerance", GDW_A22, NULL),
    GDW_F("fast_threshold", GDW_A22, NULL),
    GDW_BINF("stop_threshold", 1, "15min"),
    GDW_BINF("clock_threshold", 1, "min"),
    GDW_END,
};

/* ---- group 9, pn = task number ---- */

/* F65/F66 Tables 72/73: period unit 0..3 = minute, hour, day, month; the
 * DADT are taken from AFN0C (F65) or AFN0D (F66). */
static const gdw_field f65_period[] = {
    GDW_BITF("period", 0, 6),
    GDW_BITF("period_unit", 6, 2),
    GDW_END,
};
const gdw_field gdw13761_l04_f65[] = {
    GDW_BITS(1, f65_period),    GDW_F("base_time", GDW_A1, NULL),
    GDW_BINF("ratio", 1, NULL), /* curve extraction ratio R, 1..96 */
    COUNTED("dadt", E_DADT),    GDW_END,
};

/* F67/F68 Table 74: 55H start, AAH stop. */
const gdw_field gdw13761_l04_f67[] = {GDW_BINF("action", 1, NULL), GDW_END};

/* ---- p0 ---- */

/* F89 Table 82: the A1 (BCD) and A2 (BIN) of the address field (also the
 * cascaded terminals of F37). */
const gdw_field gdw13761_l04_f89[] = {
    GDW_BCDF("region", 2, NULL),
    GDW_BINF("addr", 2, NULL),
    GDW_END,
};

/* F90 Table 83: channel 0..63, 254 auto, 255 unchanged; power 0..3 highest
 * to lowest, 255 unchanged. */
const gdw_field gdw13761_l04_f90[] = {
    GDW_BINF("channel_group", 1, NULL),
    GDW_BINF("tx_power", 1, NULL),
    GDW_END,
};

/* F91 Table 84. */
const gdw_field gdw13761_l04_f91[] = {
    GDW_F("longitude", GDW_A28, NULL),
    GDW_F("latitude", GDW_A28, NULL),
    GDW_END,
};

/* F150 Table 85: bit Dn = measurement point n (D0..D2047). */
const gdw_field gdw13761_l04_f150[] = {
    GDW_BSF("valid", 256),
    GDW_BSF("changed", 256),
    GDW_END,
};

/* ---- catalogue rows: downlink only ---- */

#define ROW04(fn_, pn_, layout_, query_, en, zh)                                                   \
    GDW13761_PARAM_ROW(0x04, GDW13761_DOWN, fn_, pn_, layout_, en, zh),

const gdw13761_fn gdw13761_cat_afn04[] = {
    // clang-format off
    GDW13761_PARAM_FNS(ROW04)
    {.layout = NULL},
    // clang-format on
};

/* Rows before the terminator (catalog.c looks tables up without scanning them). */
const size_t gdw13761_cat_afn04_n = sizeof gdw13761_cat_afn04 / sizeof gdw13761_cat_afn04[0] - 1;
