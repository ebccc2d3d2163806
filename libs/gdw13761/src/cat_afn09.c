/* Catalogue rows for AFN09 request terminal configuration and information
 * (Q/GDW 1376.1-2013 §5.9, Tables 115-123). All Fn are p0; the request has an
 * empty data unit, the answer carries the data. */
#include "cat_tables.h"

/* F1 terminal version information (Table 116), 41 bytes. protocol_version is
 * "09.XX" or "12.XX". */
static const gdw_field l_09_f1[] = {
    GDW_ASCIIF("vendor", 4),
    GDW_ASCIIF("device_id", 8),
    GDW_ASCIIF("sw_version", 4),
    GDW_F("sw_date", GDW_A20, NULL),
    GDW_ASCIIF("capacity_code", 11),
    GDW_ASCIIF("protocol_version", 4),
    GDW_ASCIIF("hw_version", 4),
    GDW_F("hw_date", GDW_A20, NULL),
    GDW_END,
};

/* F2 one communication port: port number and information word (D4..D0 port
 * 1..31; D6..D5 interface 0 RS485, 1 RS232, 2 narrowband PLC module;
 * D7 1 = non-standard asynchronous serial port; D12..D8 reserved; D15..D13
 * use 0 special-transformer / public-transformer reading, 1 substation
 * reading, 2 low-voltage concentrated reading, 3 local user data sharing),
 * then the highest baud rate, device count and buffer sizes. The table's
 * second half is garbled in our copy of the standard; the per-port fields
 * (2 + 4 + 2 + 2 + 2 bytes) follow the 2009 text and common firmware. */
static const gdw_field l_09_f2_port_bits[] = {
    GDW_BITF("port", 0, 5),     GDW_BITF("interface", 5, 2), GDW_BITF("nonstandard", 7, 1),
    GDW_BITF("reserved", 8, 5), GDW_BITF("use", 13, 3),      GDW_END,
};
static const gdw_field l_09_f2_port[] = {
    GDW_BITS(2, l_09_f2_port_bits),   GDW_BINF("max_baud", 4, "bps"),
    GDW_BINF("max_devices", 2, NULL), GDW_BINF("rx_buffer", 2, "byte"),
    GDW_BINF("tx_buffer", 2, "byte"), GDW_END,
};

/* F2 input, output and communication port configuration (Table 117). */
static const gdw_field l_09_f2[] = {
    GDW_BINF("pulse_inputs", 1, NULL),
    GDW_BINF("switch_inputs", 1, NULL),
    GDW_BINF("dc_analog_inputs", 1, NULL),
    GDW_BINF("switch_outputs", 1, NULL),
    GDW_BINF("max_meters", 2, NULL),
    GDW_BINF("up_rx_buffer", 2, "byte"),
    GDW_BINF("up_tx_buffer", 2, "byte"),
    GDW_RAWF("mac", 6), /* MAC address segments 1..6 in wire order */
    GDW_BINF("port_count", 1, NULL),
    GDW_REP("ports", "port_count", 0, l_09_f2_port),
    GDW_END,
};

static const gdw_field l_09_byte[] = {
    GDW_BINF(NULL, 1, NULL),
    GDW_END,
};

/* F3 other configuration (Table 118). Densities are Appendix C codes. The
 * table is garbled after the first row in our copy; the fields follow the
 * 2009 text. Reading of the standard: one sub-class count for each of the
 * 16 user classes (a class whose flag bit is 0 "shall have count 0", so its
 * byte is present), 35 bytes in all. */
static const gdw_field l_09_f3[] = {
    GDW_BINF("max_points", 2, NULL),
    GDW_BINF("max_groups", 1, NULL),
    GDW_BINF("max_tasks", 1, NULL),
    GDW_BINF("max_diff_groups", 1, NULL),
    GDW_BINF("max_tariffs", 1, NULL),
    GDW_BINF("density_point", 1, NULL),
    GDW_BINF("density_group_p", 1, NULL),
    GDW_BINF("density_group_q", 1, NULL),
    GDW_BINF("density_group_ep", 1, NULL),
    GDW_BINF("density_group_eq", 1, NULL),
    GDW_BINF("max_days", 1, NULL),
    GDW_BINF("max_months", 1, NULL),
    GDW_BINF("max_power_schemes", 1, NULL),
    GDW_BINF("max_harmonic", 1, NULL),
    GDW_BINF("max_capacitors", 1, NULL),
    GDW_BINF("max_key_users", 1, NULL),
    GDW_BSF("user_classes", 2),
    GDW_REPN("subclass_counts", 16, l_09_byte),
    GDW_END,
};

/* F4 supported parameters (Table 119), F5 supported controls: n groups (0..31),
 * then one BS8 per group: bit Dk of group g = F(8(g-1)+k+1) supported. */
static const gdw_field l_09_f4[] = {
    GDW_BINF("group_count", 1, NULL),
    GDW_VARBYTES("flags", "group_count", 0),
    GDW_END,
};

/* F6 / F7 supported class 1 / class 2 data (Table 120): user-class flags
 * (BS16, D0..D15 = user classes 0..15), then for each class whose bit is 1,
 * lowest first, a group count n (0..31) and n BS8 (bit Dk of group g =
 * F(8(g-1)+k+1) supported). Each flag bit is its own 0/1 field "classN"
 * selecting whether "classN_data" holds a block ({group_count, flags}) or is
 * empty ({}), so the unit's length is known exactly (a count of 1 bits cannot
 * be written as a layout count). */
static const gdw_field l_09_f6_class[] = {
    GDW_BINF("group_count", 1, NULL),
    GDW_VARBYTES("flags", "group_count", 0),
    GDW_END,
};
static const gdw_case l_09_f6_cases[] = {
    {0, "not supported", gdw13761_empty},
    {1, "supported", l_09_f6_class},
    {0, NULL, NULL},
};
static const gdw_field l_09_f6_bits[] = {
    GDW_BITF("class0", 0, 1),
    GDW_BITF("class1", 1, 1),
    GDW_BITF("class2", 2, 1),
    GDW_BITF("class3", 3, 1),
    GDW_BITF("class4", 4, 1),
    GDW_BITF("class5", 5, 1),
    GDW_BITF("class6", 6, 1),
    GDW_BITF("class7", 7, 1),
    GDW_BITF("class8", 8, 1),
    GDW_BITF("class9", 9, 1),
    GDW_BITF("class10", 10, 1),
    GDW_BITF("class11", 11, 1),
    GDW_BITF("class12", 12, 1),
    GDW_BITF("class13", 13, 1),
    GDW_BITF("class14", 14, 1),
    GDW_BITF("class15", 15, 1),
    GDW_END,
};
static const gdw_field l_09_f6[] = {
    GDW_BITS(2, l_09_f6_bits),
    GDW_SWITCH("class0_data", "class0", l_09_f6_cases),
    GDW_SWITCH("class1_data", "class1", l_09_f6_cases),
    GDW_SWITCH("class2_data", "class2", l_09_f6_cases),
    GDW_SWITCH("class3_data", "class3", l_09_f6_cases),
    GDW_SWITCH("class4_data", "class4", l_09_f6_cases),
    GDW_SWITCH("class5_data", "class5", l_09_f6_cases),
    GDW_SWITCH("class6_data", "class6", l_09_f6_cases),
    GDW_SWITCH("class7_data", "class7", l_09_f6_cases),
    GDW_SWITCH("class8_data", "class8", l_09_f6_cases),
    GDW_SWITCH("class9_data", "class9", l_09_f6_cases),
    GDW_SWITCH("class10_data", "class10", l_09_f6_cases),
    GDW_SWITCH("class11_data", "class11", l_09_f6_cases),
    GDW_SWITCH("class12_data", "class12", l_09_f6_cases),
    GDW_SWITCH("class13_data", "class13", l_09_f6_cases),
    GDW_SWITCH("class14_data", "class14", l_09_f6_cases),
    GDW_SWITCH("class15_data", "class15", l_09_f6_cases),
    GDW_END,
};

/* F8 supported events (Table 121): D0..D63 = ERC1..ERC64. */
static const gdw_field l_09_f8[] = {
    GDW_BSF("erc_flags", 8),
    GDW_END,
};

/* F9 remote communication module version (Table 122), 46 bytes. */
static const gdw_field l_09_f9[] = {
    GDW_ASCIIF("vendor", 4),     GDW_ASCIIF("model", 8),
    GDW_ASCIIF("sw_version", 4), GDW_F("sw_date", GDW_A20, NULL),
    GDW_ASCIIF("hw_version", 4), GDW_F("hw_date", GDW_A20, NULL),
    GDW_ASCIIF("iccid", 20),     GDW_END,
};

/* F10 local communication module version (Table 123), 15 bytes. The module
 * address is "BCD 6": read as an A.12 address (same bytes). The version date
 * is three BCD bytes day, month, year: the A.20 layout. */
static const gdw_field l_09_f10[] = {
    GDW_F("module_addr", GDW_A12, NULL),  GDW_ASCIIF("vendor", 2),      GDW_ASCIIF("chip", 2),
    GDW_F("version_date", GDW_A20, NULL), GDW_BCDF("version", 2, NULL), GDW_END,
};

#define DN GDW13761_DOWN
#define UP GDW13761_UP
#define P0 GDW13761_PN_P0
#define E  gdw13761_empty

const gdw13761_fn gdw13761_cat_afn09[] = {
    {0x09, DN, 1, P0, "terminal version information", "终端版本信息", E},
    {0x09, UP, 1, P0, "terminal version information", "终端版本信息", l_09_f1},
    {0x09, DN, 2, P0, "input, output and communication port configuration",
     "终端支持的输入、输出及通信端口配置", E},
    {0x09, UP, 2, P0, "input, output and communication port configuration",
     "终端支持的输入、输出及通信端口配置", l_09_f2},
    {0x09, DN, 3, P0, "other configuration", "终端支持的其他配置", E},
    {0x09, UP, 3, P0, "other configuration", "终端支持的其他配置", l_09_f3},
    {0x09, DN, 4, P0, "supported parameters", "终端支持的参数配置", E},
    {0x09, UP, 4, P0, "supported parameters", "终端支持的参数配置", l_09_f4},
    {0x09, DN, 5, P0, "supported controls", "终端支持的控制配置", E},
    {0x09, UP, 5, P0, "supported controls", "终端支持的控制配置", l_09_f4},
    {0x09, DN, 6, P0, "supported class 1 data", "终端支持的1类数据配置", E},
    {0x09, UP, 6, P0, "supported class 1 data", "终端支持的1类数据配置", l_09_f6},
    {0x09, DN, 7, P0, "supported class 2 data", "终端支持的2类数据配置", E},
    {0x09, UP, 7, P0, "supported class 2 data", "终端支持的2类数据配置", l_09_f6},
    {0x09, DN, 8, P0, "supported event records", "终端支持的事件记录配置", E},
    {0x09, UP, 8, P0, "supported event records", "终端支持的事件记录配置", l_09_f8},
    {0x09, DN, 9, P0, "remote communication module version", "远程通信模块版本信息", E},
    {0x09, UP, 9, P0, "remote communication module version", "远程通信模块版本信息", l_09_f9},
    {0x09, DN, 10, P0, "local communication module version", "本地通信模块版本信息", E},
    {0x09, UP, 10, P0, "local communication module version", "本地通信模块版本信息", l_09_f10},
    {.layout = NULL},
};

/* Rows before the terminator (catalog.c looks tables up without scanning them). */
const size_t gdw13761_cat_afn09_n = sizeof gdw13761_cat_afn09 / sizeof gdw13761_cat_afn09[0] - 1;
