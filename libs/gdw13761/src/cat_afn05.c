/* Catalogue rows for AFN05 control commands (Q/GDW 1376.1-2013 §5.6, Table 86).
 * All rows are downlink: the terminal answers with AFN00 (§5.6.2). Fn not
 * given a data-unit section in §5.6.1.3 (F13, F14, F21, F22, F40, F43..F48,
 * F54..F148, F151..F248) are spare and not catalogued. */
#include "cat_tables.h"

/* F1 remote trip (Table 87). The table puts 告警延时时间 over D7..D4 and
 * 限电时间 over D3..D0; the notes have the two swapped, the standard wins.
 * limit_time 0..15 half hours (0 = emergency limit, not lifted
 * automatically); alarm_delay 0..15 min (0 = trip at once). */
static const gdw_field l_05_f1_bits[] = {
    GDW_BITF("limit_time", 0, 4),
    GDW_BITF("alarm_delay", 4, 4),
    GDW_END,
};
static const gdw_field l_05_f1[] = {
    GDW_BITS(1, l_05_f1_bits),
    GDW_END,
};

/* F9 period power control on (Table 88): D0..D7 = periods 1..8; scheme 0..2 =
 * schemes 1..3. */
static const gdw_field l_05_f9[] = {
    GDW_BSF("periods", 1),
    GDW_BINF("scheme", 1, NULL),
    GDW_END,
};

/* One unnamed BIN 1 in minutes: the element of a scalar array. */
static const gdw_field l_05_minutes[] = {
    GDW_BINF(NULL, 1, "min"),
    GDW_END,
};

/* F12 current power floating-down control on (Table 89). */
static const gdw_field l_05_f12[] = {
    GDW_BINF("slip_time", 1, "min"),
    GDW_F("float_factor", GDW_A4, "%"),
    GDW_BINF("freeze_delay", 1, "min"),
    GDW_BINF("control_time", 1, "0.5h"),
    GDW_REPN("alarm_times", 4, l_05_minutes), /* rounds 1..4 */
    GDW_END,
};

/* F25 terminal power protection on (Table 90): 0..48 half hours, 0 = until
 * lifted. */
static const gdw_field l_05_f25[] = {
    GDW_BINF("duration", 1, "0.5h"),
    GDW_END,
};

/* F30 terminal-to-meter time setting on/off (Table 91): 0 off (default), 1 on. */
static const gdw_field l_05_f30[] = {
    GDW_BINF("enabled", 1, NULL),
    GDW_END,
};

/* F31 time set (Table 92): A.1. */
static const gdw_field l_05_f31[] = {
    GDW_F("time", GDW_A1, NULL),
    GDW_END,
};

/* F32 Chinese message (Table 93): D7..D4 kind (0 normal, 1 important), D3..D0
 * message number; then Lcn (<= 200) bytes of GB 2312 / GB 18030 text, kept as
 * raw bytes (not UTF-8). */
static const gdw_field l_05_f32_bits[] = {
    GDW_BITF("number", 0, 4),
    GDW_BITF("kind", 4, 4),
    GDW_END,
};
static const gdw_field l_05_f32[] = {
    GDW_BITS(1, l_05_f32_bits),
    GDW_BINF("text_len", 1, NULL),
    GDW_VARBYTES("text", "text_len", 0),
    GDW_END,
};

/* F41 / F42 capacitor switch in / out (Tables 94-95): D0..D15 = groups 1..16. */
static const gdw_field l_05_f41[] = {
    GDW_BSF("groups", 2),
    GDW_END,
};

/* F49..F53: a terminal communication port 1..31 (Table 96). */
static const gdw_field l_05_port[] = {
    GDW_BINF("port", 1, NULL),
    GDW_END,
};

/* F149 meter communication-parameter auto-maintenance (Table 97): 0 off
 * (default), 1 on and update AFN04 F10, 2 on without updating F10. */
static const gdw_field l_05_f149[] = {
    GDW_BINF("state", 1, NULL),
    GDW_END,
};

#define DN    GDW13761_DOWN
#define P0    GDW13761_PN_P0
#define CTRL  GDW13761_PN_CONTROL
#define GROUP GDW13761_PN_GROUP
#define POINT GDW13761_PN_POINT
#define E     gdw13761_empty

const gdw13761_fn gdw13761_cat_afn05[] = {
    {0x05, DN, 1, CTRL, "remote trip", "遥控跳闸", l_05_f1},
    {0x05, DN, 2, CTRL, "allow closing", "允许合闸", E},
    {0x05, DN, 9, GROUP, "period power control on", "时段功控投入", l_05_f9},
    {0x05, DN, 10, GROUP, "factory rest-day power control on", "厂休功控投入", E},
    {0x05, DN, 11, GROUP, "business suspension power control on", "营业报停功控投入", E},
    {0x05, DN, 12, GROUP, "current power floating-down control on", "当前功率下浮控投入", l_05_f12},
    {0x05, DN, 15, GROUP, "monthly energy control on", "月电控投入", E},
    {0x05, DN, 16, GROUP, "purchased energy control on", "购电控投入", E},
    {0x05, DN, 17, GROUP, "period power control off", "时段功控解除", E},
    {0x05, DN, 18, GROUP, "factory rest-day power control off", "厂休功控解除", E},
    {0x05, DN, 19, GROUP, "business suspension power control off", "营业报停功控解除", E},
    {0x05, DN, 20, GROUP, "current power floating-down control off", "当前功率下浮控解除", E},
    {0x05, DN, 23, GROUP, "monthly energy control off", "月电控解除", E},
    {0x05, DN, 24, GROUP, "purchased energy control off", "购电控解除", E},
    {0x05, DN, 25, P0, "power protection on", "终端保电投入", l_05_f25},
    {0x05, DN, 26, P0, "fee reminder alarm on", "催费告警投入", E},
    {0x05, DN, 27, P0, "allow talking to the master", "允许终端与主站通话", E},
    {0x05, DN, 28, P0, "terminal exclusion on", "终端剔除投入", E},
    {0x05, DN, 29, P0, "allow active reporting", "允许终端主动上报", E},
    {0x05, DN, 30, P0, "terminal-to-meter time setting on/off", "终端对电能表对时功能的开启与关闭",
     l_05_f30},
    {0x05, DN, 31, P0, "time set", "对时命令", l_05_f31},
    {0x05, DN, 32, P0, "Chinese message", "中文信息", l_05_f32},
    {0x05, DN, 33, P0, "power protection off", "终端保电解除", E},
    {0x05, DN, 34, P0, "fee reminder alarm off", "催费告警解除", E},
    {0x05, DN, 35, P0, "forbid talking to the master", "禁止终端与主站通话", E},
    {0x05, DN, 36, P0, "terminal exclusion off", "终端剔除解除", E},
    {0x05, DN, 37, P0, "forbid active reporting", "禁止终端主动上报", E},
    {0x05, DN, 38, P0, "activate connection to the master", "激活终端连接主站", E},
    {0x05, DN, 39, P0, "order disconnection", "命令终端断开连接", E},
    {0x05, DN, 41, POINT, "capacitor control switch in", "电容器控制投入", l_05_f41},
    {0x05, DN, 42, POINT, "capacitor control switch out", "电容器控制切除", l_05_f41},
    {0x05, DN, 49, P0, "pause meter reading on a port", "命令指定通信端口暂停抄表", l_05_port},
    {0x05, DN, 50, P0, "resume meter reading on a port", "命令指定通信端口恢复抄表", l_05_port},
    {0x05, DN, 51, P0, "re-read meters on a port", "命令指定通信端口重新抄表", l_05_port},
    {0x05, DN, 52, P0, "initialise all relay routes on a port",
     "初始化指定通信端口下的全部中继路由信息", l_05_port},
    {0x05, DN, 53, P0, "delete all meters on a port", "删除指定通信端口下的全部电表", l_05_port},
    {0x05, DN, 149, P0, "meter communication parameter auto-maintenance on/off",
     "电能表通信参数自动维护功能开启与关闭", l_05_f149},
    {0x05, DN, 150, P0, "reset the point parameter-changed flags", "复位测量点参数变更标志", E},
    {.layout = NULL},
};

/* Rows before the terminator (catalog.c looks tables up without scanning them). */
const size_t gdw13761_cat_afn05_n = sizeof gdw13761_cat_afn05 / sizeof gdw13761_cat_afn05[0] - 1;
