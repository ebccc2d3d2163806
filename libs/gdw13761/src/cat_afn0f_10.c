/* Catalogue rows for AFN0F file transfer (Q/GDW 1376.1-2013 §5.15, Tables
 * 397-399) and AFN10 data forwarding (§5.16, Tables 400-407). All Fn are p0. */
#include "cat_tables.h"

/* AFN0F F1 file transfer mode 1, downlink (Table 398).
 * file_id: 0 clear the transferred file and roll back, 1 terminal firmware,
 *   2 remote (uplink) module, 3 local module, 4 / 5 collector address /
 *   program file, 6 / 7 collector-module address / program file.
 * attr: 0 first or middle segment, 1 last segment.
 * command: 0 by message, 1 by FTP ("ftp://path,user/password" in data),
 *   2 start a group-address upgrade.
 * segment: index or offset i of this segment (0..n-1). */
static const gdw_field l_0f_f1_down[] = {
    GDW_BINF("file_id", 1, NULL),        GDW_BINF("attr", 1, NULL),
    GDW_BINF("command", 1, NULL),        GDW_BINF("segments", 2, NULL),
    GDW_BINF("segment", 4, NULL),        GDW_BINF("data_len", 2, "byte"),
    GDW_VARBYTES("data", "data_len", 0), GDW_END,
};

/* AFN0F F1 uplink (Table 399): the segment received; FFFFFFFFH file error,
 * FFFFFFFEH FTP login failed, FFFFFFFDH FTP file not found. */
static const gdw_field l_0f_f1_up[] = {
    GDW_BINF("segment", 4, NULL),
    GDW_END,
};

/* AFN10 F1 transparent forwarding, downlink (Table 401, Fig. 51).
 * baud 0..7 = 300, 600, 1200, 2400, 4800, 7200, 9600, 19200 bps;
 * stop_bits 0 = 1, 1 = 2; parity 0 none, 1 with parity; odd 0 even, 1 odd;
 * data_bits 0..3 = 5..8 bits.
 * frame timeout: D7 unit (0 = 10 ms, 1 = 1 s), D6..D0 value 0..127.
 * "frame" is the forwarded bytes (usually a DL/T 645 frame), kept raw so the
 * frame tool can decode it nested. */
static const gdw_field l_10_f1_ctrl[] = {
    GDW_BITF("data_bits", 0, 2), GDW_BITF("odd", 2, 1),  GDW_BITF("parity", 3, 1),
    GDW_BITF("stop_bits", 4, 1), GDW_BITF("baud", 5, 3), GDW_END,
};
static const gdw_field l_10_f1_timeout[] = {
    GDW_BITF("frame_timeout", 0, 7),
    GDW_BITF("frame_timeout_unit", 7, 1),
    GDW_END,
};
static const gdw_field l_10_f1_down[] = {
    GDW_BINF("port", 1, NULL),
    GDW_BITS(1, l_10_f1_ctrl),
    GDW_BITS(1, l_10_f1_timeout),
    GDW_BINF("byte_timeout", 1, "10ms"),
    GDW_BINF("frame_len", 2, "byte"),
    GDW_VARBYTES("frame", "frame_len", 0),
    GDW_END,
};

/* AFN10 F1 uplink (Table 405): port, k, the k bytes received. */
static const gdw_field l_10_f1_up[] = {
    GDW_BINF("port", 1, NULL),
    GDW_BINF("frame_len", 2, "byte"),
    GDW_VARBYTES("frame", "frame_len", 0),
    GDW_END,
};

/* AFN10 F9 forward a direct meter read, downlink (Table 402). relay_count
 * 0..32 is followed by that many relay addresses; FFH means "no route given"
 * and no relay addresses follow (0 means a direct read without relays). A
 * count cannot say "FFH counts as 0", so the rest of the unit is a SWITCH on
 * relay_count. di_type (D1..D0): 0 DL/T 645-1997 (only the low two bytes of
 * di are used), 1 DL/T 645-2007. di is the 4-byte identifier, low byte first,
 * as an integer. */
static const gdw_field l_10_addr[] = {
    GDW_F(NULL, GDW_A12, NULL),
    GDW_END,
};
static const gdw_field l_10_di_type[] = {
    GDW_BITF("di_type", 0, 2),
    GDW_BITF("reserved", 2, 6),
    GDW_END,
};
static const gdw_field l_10_f9_routed[] = {
    GDW_REP("relays", "relay_count", 0, l_10_addr),
    GDW_F("target", GDW_A12, NULL),
    GDW_BITS(1, l_10_di_type),
    GDW_BINF("di", 4, NULL),
    GDW_END,
};
static const gdw_field l_10_f9_noroute[] = {
    GDW_F("target", GDW_A12, NULL),
    GDW_BITS(1, l_10_di_type),
    GDW_BINF("di", 4, NULL),
    GDW_END,
};

#define ROUTED(n)                                                                                  \
    {                                                                                              \
        (n), "relays", l_10_f9_routed                                                              \
    }
static const gdw_case l_10_f9_routes[] = {
    ROUTED(0),       ROUTED(1),
    ROUTED(2),       ROUTED(3),
    ROUTED(4),       ROUTED(5),
    ROUTED(6),       ROUTED(7),
    ROUTED(8),       ROUTED(9),
    ROUTED(10),      ROUTED(11),
    ROUTED(12),      ROUTED(13),
    ROUTED(14),      ROUTED(15),
    ROUTED(16),      ROUTED(17),
    ROUTED(18),      ROUTED(19),
    ROUTED(20),      ROUTED(21),
    ROUTED(22),      ROUTED(23),
    ROUTED(24),      ROUTED(25),
    ROUTED(26),      ROUTED(27),
    ROUTED(28),      ROUTED(29),
    ROUTED(30),      ROUTED(31),
    ROUTED(32),      {0xFF, "no route given", l_10_f9_noroute},
    {0, NULL, NULL},
};
#undef ROUTED

static const gdw_field l_10_f9_down[] = {
    GDW_BINF("port", 1, NULL),
    GDW_BINF("relay_count", 1, NULL),
    GDW_SWITCH("read", "relay_count", l_10_f9_routes),
    GDW_END,
};

/* AFN10 F9 uplink (Table 406). result 0..5: cannot forward, receive timeout,
 * receive error, confirmed, denied, data received. data_len is k+4: the
 * identifier di (4 bytes, as in the request) and then the k data bytes as the
 * meter sent them (the DL/T 645 data content for di). For results 3..5 the
 * content is split into {di, data}; for 0..2 (nothing was received) devices
 * differ on whether di is echoed, so "read" keeps the data_len bytes raw,
 * whatever their number (0 included). */
static const gdw_field l_10_f9_read[] = {
    GDW_BINF("di", 4, NULL),
    GDW_REST("data"),
    GDW_END,
};
static const gdw_case l_10_f9_results[] = {
    {3, "confirmed", l_10_f9_read},
    {4, "denied", l_10_f9_read},
    {5, "data received", l_10_f9_read},
    {0, NULL, NULL},
};
static const gdw_field l_10_f9_content[] = {
    GDW_SWITCH("read", "result", l_10_f9_results),
    GDW_END,
};
static const gdw_field l_10_f9_up[] = {
    GDW_BINF("port", 1, NULL),
    GDW_F("target", GDW_A12, NULL),
    GDW_BINF("result", 1, NULL),
    GDW_BINF("data_len", 1, "byte"),
    GDW_SIZED(NULL, "data_len", l_10_f9_content),
    GDW_END,
};

/* AFN10 F12 batch meter task (Table 403, garbled in our copy after the title;
 * fields from common 2013 firmware: task format BIN 2, task type BIN 1, task
 * data length BIN 2 + data, meter count BIN 2, then per meter the meter
 * number BIN 8 and its key ciphertext BIN 32). task_type: 0 identity
 * authentication, 1 meter time setting, 2 tariff price change, 3 step price
 * change, 4..255 reserved. Answered with AFN00. */
static const gdw_field l_10_f12_meter[] = {
    GDW_RAWF("meter_no", 8),
    GDW_RAWF("key", 32),
    GDW_END,
};
static const gdw_field l_10_f12_down[] = {
    GDW_BINF("task_format", 2, NULL),
    GDW_BINF("task_type", 1, NULL),
    GDW_BINF("task_len", 2, "byte"),
    GDW_VARBYTES("task_data", "task_len", 0),
    GDW_BINF("meter_count", 2, NULL),
    GDW_REP("meters", "meter_count", 0, l_10_f12_meter),
    GDW_END,
};

/* AFN10 F13 query a batch task's state (Table 404) and its answer (Table 407). */
static const gdw_field l_10_f13_down[] = {
    GDW_BINF("task_type", 1, NULL),
    GDW_END,
};
static const gdw_field l_10_meter_no[] = {
    GDW_RAWF(NULL, 8),
    GDW_END,
};
static const gdw_field l_10_f13_up[] = {
    GDW_BINF("task_type", 1, NULL),
    GDW_BINF("meter_total", 2, NULL),
    GDW_BINF("success_count", 2, NULL),
    GDW_REP("succeeded", "success_count", 0, l_10_meter_no),
    GDW_END,
};

#define DN GDW13761_DOWN
#define UP GDW13761_UP
#define P0 GDW13761_PN_P0

const gdw13761_fn gdw13761_cat_afn0f_10[] = {
    {0x0F, DN, 1, P0, "file transfer mode 1", "文件传输方式1", l_0f_f1_down},
    {0x0F, UP, 1, P0, "file transfer mode 1", "文件传输方式1", l_0f_f1_up},
    {0x10, DN, 1, P0, "transparent forwarding", "透明转发", l_10_f1_down},
    {0x10, UP, 1, P0, "transparent forwarding", "透明转发应答", l_10_f1_up},
    {0x10, DN, 9, P0, "forward a direct meter read", "转发主站直接对电表的抄读数据命令",
     l_10_f9_down},
    {0x10, UP, 9, P0, "forward a direct meter read", "转发主站直接对电表的抄读数据命令的应答",
     l_10_f9_up},
    {0x10, DN, 12, P0, "batch meter task", "对批量电表下发任务命令", l_10_f12_down},
    {0x10, DN, 13, P0, "batch meter task state", "查询对批量电表下发任务的执行状态", l_10_f13_down},
    {0x10, UP, 13, P0, "batch meter task state", "查询对批量电表下发任务的执行状态的应答",
     l_10_f13_up},
    {.layout = NULL},
};

/* Rows before the terminator (catalog.c looks tables up without scanning them). */
const size_t gdw13761_cat_afn0f_10_n = sizeof gdw13761_cat_afn0f_10 / sizeof gdw13761_cat_afn0f_10[0] - 1;
