/* Catalogue rows for AFN00 confirm/deny (Q/GDW 1376.1-2013 §5.1), AFN01 reset
 * (§5.2) and AFN02 link interface test (§5.3). */
#include "cat_tables.h"

/* AFN00 F3 (Table 11): the AFN being answered, then DADT + ERR pairs up to
 * the end of the data unit. ERR (Appendix D, BIN 1):
 *   0 = correct (正确), 1 = other error (其他错误),
 *   2 = duplicate meter address (表地址重复), 3..255 spare (备用). */
static const gdw_field l_00_f3_item[] = {
    GDW_DADTF("dadt"),
    GDW_BINF("err", 1, NULL),
    GDW_END,
};

static const gdw_field l_00_f3[] = {
    GDW_BINF("afn", 1, NULL),
    GDW_REP_REST("items", l_00_f3_item),
    GDW_END,
};

/* AFN00 F4 (Table 12), new in 2013: hardware security authentication error.
 * error_type: 1 signature check error, 2 ciphertext check error,
 * 3 symmetric MAC check failed. data: all FFH for types 1 and 2; for type 3
 * the terminal random number (low 8 bytes) then the module serial number
 * (high 8 bytes). */
static const gdw_field l_00_f4[] = {
    GDW_BINF("error_type", 1, NULL),
    GDW_RAWF("data", 16),
    GDW_END,
};

/* AFN02 F3 heartbeat (Table 15): the terminal clock, A.1. The 2009 edition
 * had no data unit here; this row follows 2013. */
static const gdw_field l_02_f3[] = {
    GDW_F("time", GDW_A1, NULL),
    GDW_END,
};

#define P0 GDW13761_PN_P0
#define DN GDW13761_DOWN
#define UP GDW13761_UP

/* AFN00 exists in both directions with the same data units (§5.1.2). AFN01 is
 * downlink only (answered with AFN00); AFN02 is uplink only (answered with
 * AFN00 F3, §5.3.3). */
const gdw13761_fn gdw13761_cat_afn00_02[] = {
    {0x00, DN, 1, P0, "all confirmed", "全部确认", gdw13761_empty},
    {0x00, UP, 1, P0, "all confirmed", "全部确认", gdw13761_empty},
    {0x00, DN, 2, P0, "all denied", "全部否认", gdw13761_empty},
    {0x00, UP, 2, P0, "all denied", "全部否认", gdw13761_empty},
    {0x00, DN, 3, P0, "confirm/deny per data unit", "按数据单元标识确认和否认", l_00_f3},
    {0x00, UP, 3, P0, "confirm/deny per data unit", "按数据单元标识确认和否认", l_00_f3},
    {0x00, DN, 4, P0, "hardware security authentication error", "硬件安全认证错误应答", l_00_f4},
    {0x00, UP, 4, P0, "hardware security authentication error", "硬件安全认证错误应答", l_00_f4},
    {0x01, DN, 1, P0, "hardware initialisation", "硬件初始化", gdw13761_empty},
    {0x01, DN, 2, P0, "data area initialisation", "数据区初始化", gdw13761_empty},
    {0x01, DN, 3, P0, "parameter and data area initialisation (factory defaults)",
     "参数及全体数据区初始化（即恢复至出厂配置）", gdw13761_empty},
    {0x01, DN, 4, P0, "parameter (except master communication) and data area initialisation",
     "参数（除与系统主站通信有关的）及全体数据区初始化", gdw13761_empty},
    {0x02, UP, 1, P0, "login", "登录", gdw13761_empty},
    {0x02, UP, 2, P0, "logout", "退出登录", gdw13761_empty},
    {0x02, UP, 3, P0, "heartbeat", "心跳", l_02_f3},
    {.layout = NULL},
};

/* Rows before the terminator (catalog.c looks tables up without scanning them). */
const size_t gdw13761_cat_afn00_02_n = sizeof gdw13761_cat_afn00_02 / sizeof gdw13761_cat_afn00_02[0] - 1;
