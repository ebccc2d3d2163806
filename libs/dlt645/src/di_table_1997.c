/* DL/T 645-1997 DI catalogue (2-byte DI 0xDI1DI0). Sources: the project's
 * notes section 2 (bobyuxinyang/dlt645_1997 tables, zepheir DI structure).
 * Rows are sorted by the high nibble of DI1 (the lookup key). */
#include "di_internal.h"

#define BLOCK DLT645_DK_BLOCK

#define EBLK97(f)                                                                                  \
    DI_OBJ(BLOCK, "total + n tariffs (n = 0..14), XXXXXX.XX each", DI_FLD("total", f),             \
           DI_ARR("tariffs", f, 0, 14))
#define DBLK97(f, nt)                                                                              \
    DI_OBJ(BLOCK, "total + n tariffs (n = 0..14), " nt " each", DI_FLD("total", f),                \
           DI_ARR("tariffs", f, 0, 14))
#define PH3(f, nt)                                                                                 \
    DI_OBJ(BLOCK, "A B C, " nt " each", DI_FLD("a", f), DI_FLD("b", f), DI_FLD("c", f))
#define PH4(f, nt)                                                                                 \
    DI_OBJ(BLOCK, "total A B C, " nt " each", DI_FLD("total", f), DI_FLD("a", f), DI_FLD("b", f),  \
           DI_FLD("c", f))

#define TAR(d0) DI_V(0, d0, (d0) + 4, DI_ROLE_TARIFF97)

/* DI1 = x0 current, x4 last month, x8 month before last. A row over months and tariffs 0..4, and
 * its block xF over months. */
#define M_ROW(d1, d0, n, zh, lay)                                                                  \
    {                                                                                              \
        (d1) << 8 | (d0), {{1, d1, (d1) + 8, DI_ROLE_MONTH97, 4}, TAR(d0)}, n, zh, lay, NULL       \
    }
#define M_BLK(d1, d0, n, zh, lay)                                                                  \
    {                                                                                              \
        (d1) << 8 | (d0) | 0x0F, {{1, d1, (d1) + 8, DI_ROLE_MONTH97, 4}, DI_NOV}, n, zh, lay, NULL \
    }
#define EN97(d1, d0, n, zh, f)                                                                     \
    M_ROW(d1, d0, n, zh, DI_SC(f)), M_BLK(d1, d0, n " block", zh "数据块", EBLK97(f))
#define DM97(d1, d0, n, zh, f, nt)                                                                 \
    M_ROW(d1, d0, n, zh, DI_SC(f)), M_BLK(d1, d0, n " block", zh "数据块", DBLK97(f, nt))
#define PH(d, n, zh, f) DI_R1(d, DI_V(0, (d)&0xFF, ((d)&0xFF) + 3, DI_ROLE_PHASE), n, zh, DI_SC(f))
#define PH3R(d, n, zh, f)                                                                          \
    DI_R1(d, DI_V(0, (d)&0xFF, ((d)&0xFF) + 2, DI_ROLE_PHASE3), n, zh, DI_SC(f))

static const di_row rows[] = {
    /* 9: energy */
    EN97(0x90, 0x10, "forward active energy", "正向有功电能", DI_F_E4),
    EN97(0x90, 0x20, "reverse active energy", "反向有功电能", DI_F_E4),
    EN97(0x91, 0x10, "forward reactive energy", "正向无功电能", DI_F_Q4),
    EN97(0x91, 0x20, "reverse reactive energy", "反向无功电能", DI_F_Q4),
    EN97(0x91, 0x30, "quadrant I reactive energy", "一象限无功电能", DI_F_Q4),
    EN97(0x91, 0x40, "quadrant IV reactive energy", "四象限无功电能", DI_F_Q4),
    EN97(0x91, 0x50, "quadrant II reactive energy", "二象限无功电能", DI_F_Q4),
    EN97(0x91, 0x60, "quadrant III reactive energy", "三象限无功电能", DI_F_Q4),
    /* A: maximum demand (value only; its time is the matching Bxxx item) */
    DM97(0xA0, 0x10, "forward active max demand", "正向有功最大需量", DI_F_D3_97, "XX.XXXX"),
    DM97(0xA0, 0x20, "reverse active max demand", "反向有功最大需量", DI_F_D3_97, "XX.XXXX"),
    DM97(0xA1, 0x10, "forward reactive max demand", "正向无功最大需量", DI_F_DQ3, "XX.XXXX"),
    DM97(0xA1, 0x20, "reverse reactive max demand", "反向无功最大需量", DI_F_DQ3, "XX.XXXX"),
    /* B: demand times, events, instantaneous values */
    DM97(0xB0, 0x10, "forward active max demand time", "正向有功最大需量发生时间", DI_F_T_MDHM,
         "MMDDhhmm"),
    DM97(0xB0, 0x20, "reverse active max demand time", "反向有功最大需量发生时间", DI_F_T_MDHM,
         "MMDDhhmm"),
    DM97(0xB1, 0x10, "forward reactive max demand time", "正向无功最大需量发生时间", DI_F_T_MDHM,
         "MMDDhhmm"),
    DM97(0xB1, 0x20, "reverse reactive max demand time", "反向无功最大需量发生时间", DI_F_T_MDHM,
         "MMDDhhmm"),
    DI_R0(0xB210, "last programming time", "最近一次编程时间", DI_SC(DI_F_T_MDHM)),
    DI_R0(0xB211, "last demand reset time", "最近一次最大需量清零时间", DI_SC(DI_F_T_MDHM)),
    DI_R0(0xB212, "programming count", "编程次数", DI_SC(DI_F_NNNN2)),
    DI_R0(0xB213, "demand reset count", "最大需量清零次数", DI_SC(DI_F_NNNN2)),
    DI_R0(0xB214, "battery working time", "电池工作时间", DI_SC(DI_F_MIN3)),
    PH(0xB310, "phase-break count", "断相次数", DI_F_NNNN2),
    PH(0xB320, "phase-break cumulative time", "断相累计时间", DI_F_MIN3),
    PH(0xB330, "phase-break last start", "最近一次断相起始时刻", DI_F_T_MDHM),
    PH(0xB340, "phase-break last end", "最近一次断相结束时刻", DI_F_T_MDHM),
    PH3R(0xB611, "voltage", "电压", DI_F_V2_97),
    DI_R0(0xB61F, "voltage block", "电压数据块", PH3(DI_F_V2_97, "XXX")),
    PH3R(0xB621, "current", "电流", DI_F_I2_97),
    DI_R0(0xB62F, "current block", "电流数据块", PH3(DI_F_I2_97, "XX.XX")),
    PH(0xB630, "active power", "瞬时有功功率", DI_F_P3_97),
    DI_R0(0xB63F, "active power block", "瞬时有功功率数据块", PH4(DI_F_P3_97, "XX.XXXX")),
    PH(0xB640, "reactive power", "瞬时无功功率", DI_F_Q2_97),
    DI_R0(0xB64F, "reactive power block", "瞬时无功功率数据块", PH4(DI_F_Q2_97, "XX.XX")),
    PH(0xB650, "power factor", "功率因数", DI_F_PF2_97),
    DI_R0(0xB65F, "power factor block", "功率因数数据块", PH4(DI_F_PF2_97, "X.XXX")),
    /* C: parameters */
    DI_R0(0xC010, "date and weekday", "日期及周次", DI_SC(DI_F_T_YMDW)),
    DI_R0(0xC011, "time", "时间", DI_SC(DI_F_T_HMS)),
    DI_R0(0xC020, "meter status word", "电表运行状态字", DI_SC(DI_F_SW97)),
    DI_R0N(0xC021, "grid status word", "电网状态字", DI_SC(DI_F_GRID97),
           "bit meanings not catalogued: raw only"),
    DI_R0(0xC022, "weekend status word", "周休日状态字", DI_SC(DI_F_WEEKEND97)),
    DI_R0(0xC030, "active meter constant", "电表常数(有功)", DI_SC(DI_F_CONST3)),
    DI_R0(0xC031, "reactive meter constant", "电表常数(无功)", DI_SC(DI_F_CONSTQ3)),
    DI_R0(0xC032, "meter number", "表号", DI_SC(DI_F_ADDR6)),
    DI_R0(0xC033, "user number", "用户号", DI_SC(DI_F_ADDR6)),
    DI_R0(0xC034, "device code", "设备码", DI_SC(DI_F_ADDR6)),
    DI_R0(0xC111, "demand period", "最大需量周期", DI_SC(DI_F_NN1_MIN)),
    DI_R0(0xC112, "sliding time", "滑差时间", DI_SC(DI_F_NN1_MIN)),
    DI_R0(0xC117, "automatic reading day", "自动抄表日期", DI_SC(DI_F_T_DH)),
};

const di_table dlt645_di_table_1997 = {rows, sizeof rows / sizeof rows[0], 12};
