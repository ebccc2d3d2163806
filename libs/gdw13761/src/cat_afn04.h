/* Parameters of Q/GDW 1376.1-2013: the data units shared by AFN04 (set
 * parameters, downlink) and AFN0A (query parameters, uplink answer).
 *
 * §5.10.2.2 says the AFN0A answer carries "the same data unit as §5.5.1.3",
 * so each parameter layout is defined once, in cat_afn04.c, and both
 * catalogue tables are generated from the one list below. Private to the
 * library (src/). */
#ifndef GDW13761_CAT_AFN04_H
#define GDW13761_CAT_AFN04_H

#include "cat_common.h"
#include "cat_tables.h"

/* Parameter data units (Tables 22..85 of §5.5.1.3), defined in cat_afn04.c. */
extern const gdw_field gdw13761_l04_f1[], gdw13761_l04_f2[], gdw13761_l04_f3[], gdw13761_l04_f4[],
    gdw13761_l04_f5[], gdw13761_l04_f6[], gdw13761_l04_f7[], gdw13761_l04_f8[];
extern const gdw_field gdw13761_l04_f9[], gdw13761_l04_f10[], gdw13761_l04_f11[],
    gdw13761_l04_f12[], gdw13761_l04_f13[], gdw13761_l04_f14[], gdw13761_l04_f15[],
    gdw13761_l04_f16[];
extern const gdw_field gdw13761_l04_f25[], gdw13761_l04_f26[], gdw13761_l04_f27[],
    gdw13761_l04_f28[], gdw13761_l04_f29[], gdw13761_l04_f30[], gdw13761_l04_f31[];
extern const gdw_field gdw13761_l04_f33[], gdw13761_l04_f34[], gdw13761_l04_f35[],
    gdw13761_l04_f36[], gdw13761_l04_f37[], gdw13761_l04_f38[];
extern const gdw_field gdw13761_l04_f59[];
extern const gdw_field gdw13761_l04_f65[], gdw13761_l04_f67[];
extern const gdw_field gdw13761_l04_f89[], gdw13761_l04_f90[], gdw13761_l04_f91[],
    gdw13761_l04_f150[];

/* A count (BIN 1) then that many elements: the usual parameter list. */
#define GDW13761_COUNTED(name, elem) GDW_BINF("count", 1, NULL), GDW_REP(name, "count", 0, elem)

/* One catalogue row of a parameter Fn (AFN04 or AFN0A, either direction). */
#define GDW13761_PARAM_ROW(afn_, dir_, fn_, pn_, layout_, en, zh)                                  \
    {                                                                                              \
        .afn = (afn_), .dir = (dir_), .fn = (fn_), .pn = GDW13761_PN_##pn_, .name = (en),          \
        .name_zh = (zh), .layout = (layout_)                                                       \
    }

/* The parameter Fn, in Fn order (Table 21):
 *   X(fn, pn kind, parameter layout, AFN0A downlink query layout, name, name_zh)
 * The query layout (§5.10.1.3) is used by cat_afn0a.c only; the l_0a_* names
 * are static there. Spare numbers (Table 21 "备用"): F32, F40, F69..F72.
 * Groups 3, 6, 7, 10 and 11 (F17..F23, F41..F49, F73..F83) and group 8 but
 * F59 (F57, F58, F60, F61) are not catalogued yet. */
#define GDW13761_PARAM_FNS(X)                                                                      \
    /* group 1, p0 */                                                                              \
    X(1, P0, gdw13761_l04_f1, gdw13761_empty, "uplink port communication parameters",              \
      "终端上行通信口通信参数设置")                                                                \
    X(2, P0, gdw13761_l04_f2, gdw13761_empty, "uplink wireless relay forwarding",                  \
      "终端上行通信口无线中继转发设置")                                                            \
    X(3, P0, gdw13761_l04_f3, gdw13761_empty, "master station IP, port and APN",                   \
      "主站IP地址和端口")                                                                          \
    X(4, P0, gdw13761_l04_f4, gdw13761_empty, "master phone and SMS centre numbers",               \
      "主站电话号码和短信中心号码")                                                                \
    X(5, P0, gdw13761_l04_f5, gdw13761_empty, "uplink message authentication",                     \
      "终端上行通信消息认证参数设置")                                                              \
    X(6, P0, gdw13761_l04_f6, gdw13761_empty, "terminal group addresses", "终端组地址设置")        \
    X(7, P0, gdw13761_l04_f7, gdw13761_empty, "terminal IP address and port", "终端IP地址和端口")  \
    X(8, P0, gdw13761_l04_f8, gdw13761_empty, "Ethernet/VPN working mode",                         \
      "终端上行通信工作方式（以太专网或虚拟专网）")                                                \
    /* group 2, p0 */                                                                              \
    X(9, P0, gdw13761_l04_f9, gdw13761_empty, "event record configuration",                        \
      "终端事件记录配置设置")                                                                      \
    X(10, P0, gdw13761_l04_f10, l_0a_f10, "meter / AC sampling configuration",                     \
      "终端电能表/交流采样装置配置参数")                                                           \
    X(11, P0, gdw13761_l04_f11, l_0a_items, "pulse configuration", "终端脉冲配置参数")             \
    X(12, P0, gdw13761_l04_f12, gdw13761_empty, "status input parameters", "终端状态量输入参数")   \
    X(13, P0, gdw13761_l04_f13, l_0a_items, "voltage/current analogue configuration",              \
      "终端电压/电流模拟量配置参数")                                                               \
    X(14, P0, gdw13761_l04_f14, l_0a_items, "total-add group configuration", "终端总加组配置参数") \
    X(15, P0, gdw13761_l04_f15, l_0a_items, "active energy differential limits",                   \
      "有功总电能量差动越限事件参数设置")                                                          \
    X(16, P0, gdw13761_l04_f16, gdw13761_empty, "VPN user name and password",                      \
      "虚拟专网用户名、密码")                                                                      \
    /* group 4, measurement point */                                                               \
    X(25, POINT, gdw13761_l04_f25, gdw13761_empty, "measurement point basic parameters",           \
      "测量点基本参数")                                                                            \
    X(26, POINT, gdw13761_l04_f26, gdw13761_empty, "measurement point limits", "测量点限值参数")   \
    X(27, POINT, gdw13761_l04_f27, gdw13761_empty, "copper and iron loss", "测量点铜损、铁损参数") \
    X(28, POINT, gdw13761_l04_f28, gdw13761_empty, "power factor segment limits",                  \
      "测量点功率因数分段限值")                                                                    \
    X(29, POINT, gdw13761_l04_f29, gdw13761_empty, "local meter display number",                   \
      "终端当地电能表显示号")                                                                      \
    X(30, POINT, gdw13761_l04_f30, gdw13761_empty, "stop/start reading",                           \
      "终端台区集中抄表停抄/投抄设置")                                                             \
    X(31, POINT, gdw13761_l04_f31, gdw13761_empty, "carrier slave sub-node addresses",             \
      "载波从节点附属节点地址")                                                                    \
    /* group 5, p0 */                                                                              \
    X(33, P0, gdw13761_l04_f33, l_0a_items, "meter reading run parameters",                        \
      "终端抄表运行参数设置")                                                                      \
    X(34, P0, gdw13761_l04_f34, l_0a_items, "downlink module parameters",                          \
      "集中器下行通信模块的参数设置")                                                              \
    X(35, P0, gdw13761_l04_f35, gdw13761_empty, "key users", "台区集中抄表重点户设置")             \
    X(36, P0, gdw13761_l04_f36, gdw13761_empty, "uplink traffic threshold",                        \
      "终端上行通信流量门限设置")                                                                  \
    X(37, P0, gdw13761_l04_f37, gdw13761_empty, "cascade communication parameters",                \
      "终端级联通信参数")                                                                          \
    X(38, P0, gdw13761_l04_f38, l_0a_classes, "class 1 data configuration",                        \
      "1类数据配置设置（在终端支持的1类数据配置内）")                                              \
    X(39, P0, gdw13761_l04_f38, l_0a_classes, "class 2 data configuration",                        \
      "2类数据配置设置（在终端支持的2类数据配置内）")                                              \
    /* group 8, p0 */                                                                              \
    X(59, P0, gdw13761_l04_f59, gdw13761_empty, "meter anomaly thresholds",                        \
      "电能表异常判别阈值设定")                                                                    \
    /* group 9, task number */                                                                     \
    X(65, TASK, gdw13761_l04_f65, gdw13761_empty, "timed class 1 report task",                     \
      "定时上报1类数据任务设置")                                                                   \
    X(66, TASK, gdw13761_l04_f65, gdw13761_empty, "timed class 2 report task",                     \
      "定时上报2类数据任务设置")                                                                   \
    X(67, TASK, gdw13761_l04_f67, gdw13761_empty, "start/stop class 1 report task",                \
      "定时上报1类数据任务启动/停止设置")                                                          \
    X(68, TASK, gdw13761_l04_f67, gdw13761_empty, "start/stop class 2 report task",                \
      "定时上报2类数据任务启动/停止设置")                                                          \
    /* p0 */                                                                                       \
    X(89, P0, gdw13761_l04_f89, gdw13761_empty, "terminal logical address", "终端逻辑地址")        \
    X(90, P0, gdw13761_l04_f90, gdw13761_empty, "wireless communication parameters",               \
      "设置无线通信参数")                                                                          \
    X(91, P0, gdw13761_l04_f91, gdw13761_empty, "terminal geographic location",                    \
      "终端地理位置信息")                                                                          \
    /* Table 21 gives no pn for F150; its bitmaps cover all points, so p0. The                     \
     * standard calls it read-only: a terminal refuses the AFN04 set, but the                      \
     * data unit is defined in §5.5.1.3.66, so the AFN04 row is kept. */                          \
    X(150, P0, gdw13761_l04_f150, gdw13761_empty, "measurement point status", "测量点状态")

#endif
