/* DL/T 645-2007 DI catalogue. Sources: docs/dlt645-di.md and the project's
 * notes (DLT645-and-1376.2-notes.md 1.10). Rows are sorted by DI3 DI2 (the
 * lookup key); no row varies DI3 or DI2. */
#include "di_internal.h"

#define BLOCK  DLT645_DK_BLOCK
#define RECORD DLT645_DK_RECORD

/* ---- layouts ---- */
#define EBLK(f, nt)                                                                                \
    DI_OBJ(BLOCK, "total + n tariffs (n = 0..63), " nt " each", DI_FLD("total", f),                \
           DI_ARR("tariffs", f, 0, 63))
#define DEM(f)                                                                                     \
    DI_OBJ(RECORD, "XX.XXXX YYMMDDhhmm", DI_FLD("value", f), DI_FLD("time", DI_F_T_YMDHM))
#define DBLK(f)                                                                                    \
    DI_OBJ(BLOCK, "total + n tariffs (n = 0..63), XX.XXXX YYMMDDhhmm each",                        \
           DI_SUB("total", DEM(f)), DI_SARR("tariffs", DEM(f), 0, 63))
#define PH3(f, nt)                                                                                 \
    DI_OBJ(BLOCK, "A B C, " nt " each", DI_FLD("a", f), DI_FLD("b", f), DI_FLD("c", f))
#define PH4(f, nt)                                                                                 \
    DI_OBJ(BLOCK, "total A B C, " nt " each", DI_FLD("total", f), DI_FLD("a", f), DI_FLD("b", f),  \
           DI_FLD("c", f))

/* Six energies: forward/reverse active, quadrant I..IV reactive (event snapshots). */
#define E6                                                                                         \
    DI_OBJ(RECORD, "6 x XXXXXX.XX", DI_FLD("forward_active", DI_F_E4),                             \
           DI_FLD("reverse_active", DI_F_E4), DI_FLD("q1_reactive", DI_F_Q4),                      \
           DI_FLD("q2_reactive", DI_F_Q4), DI_FLD("q3_reactive", DI_F_Q4),                         \
           DI_FLD("q4_reactive", DI_F_Q4))
/* Six demands with their times. */
#define D6                                                                                         \
    DI_OBJ(RECORD, "6 x (XX.XXXX YYMMDDhhmm)", DI_SUB("forward_active", DEM(DI_F_D3)),             \
           DI_SUB("reverse_active", DEM(DI_F_D3)), DI_SUB("q1_reactive", DEM(DI_F_DQ3)),           \
           DI_SUB("q2_reactive", DEM(DI_F_DQ3)), DI_SUB("q3_reactive", DEM(DI_F_DQ3)),             \
           DI_SUB("q4_reactive", DEM(DI_F_DQ3)))

static const di_layout *const lay_program =
    DI_OBJ(RECORD, "YYMMDDhhmmss C0C1C2C3 10 x DI", DI_FLD("time", DI_F_T_YMDHMS),
           DI_FLD("operator", DI_F_HEX4), DI_ARR("dis", DI_F_HEX4, 10, 10));
static const di_layout *const lay_meter_reset =
    DI_OBJ(RECORD, "YYMMDDhhmmss C0C1C2C3 + total/A/B/C x 6 energies",
           DI_FLD("time", DI_F_T_YMDHMS), DI_FLD("operator", DI_F_HEX4), DI_SUB("total", E6),
           DI_SUB("a", E6), DI_SUB("b", E6), DI_SUB("c", E6));
static const di_layout *const lay_demand_reset =
    DI_OBJ(RECORD, "YYMMDDhhmmss C0C1C2C3 + total/A/B/C x 6 demands", DI_FLD("time", DI_F_T_YMDHMS),
           DI_FLD("operator", DI_F_HEX4), DI_SUB("total", D6), DI_SUB("a", D6), DI_SUB("b", D6),
           DI_SUB("c", D6));
static const di_layout *const lay_event_reset =
    DI_OBJ(RECORD, "YYMMDDhhmmss C0C1C2C3 DI", DI_FLD("time", DI_F_T_YMDHMS),
           DI_FLD("operator", DI_F_HEX4), DI_FLD("di", DI_F_HEX4));
static const di_layout *const lay_clock_set =
    DI_OBJ(RECORD, "C0C1C2C3 YYMMDDhhmmss YYMMDDhhmmss", DI_FLD("operator", DI_F_HEX4),
           DI_FLD("before", DI_F_T_YMDHMS), DI_FLD("after", DI_F_T_YMDHMS));
static const di_layout *const lay_op_byte =
    DI_OBJ(RECORD, "YYMMDDhhmmss C0C1C2C3 NN", DI_FLD("time", DI_F_T_YMDHMS),
           DI_FLD("operator", DI_F_HEX4), DI_FLD("before", DI_F_HEX1));
static const di_layout *const lay_settle_prog =
    DI_OBJ(RECORD, "YYMMDDhhmmss C0C1C2C3 3 x DDhh", DI_FLD("time", DI_F_T_YMDHMS),
           DI_FLD("operator", DI_F_HEX4), DI_ARR("before", DI_F_T_DH, 3, 3));
static const di_layout *const lay_cover =
    DI_OBJ(RECORD, "YYMMDDhhmmss YYMMDDhhmmss + 6 energies before + 6 after",
           DI_FLD("start", DI_F_T_YMDHMS), DI_FLD("end", DI_F_T_YMDHMS), DI_SUB("before", E6),
           DI_SUB("after", E6));
static const di_layout *const lay_start_end =
    DI_OBJ(RECORD, "YYMMDDhhmmss YYMMDDhhmmss", DI_FLD("start", DI_F_T_YMDHMS),
           DI_FLD("end", DI_F_T_YMDHMS));
static const di_layout *const lay_start_end_more =
    DI_OBJ(RECORD, "YYMMDDhhmmss YYMMDDhhmmss + optional data", DI_FLD("start", DI_F_T_YMDHMS),
           DI_FLD("end", DI_F_T_YMDHMS), DI_ARR("data", DI_F_RAW, 0, 200));
static const di_layout *const lay_switch =
    DI_OBJ(RECORD, "YYMMDDhhmmss C0C1C2C3 + 6 energies", DI_FLD("time", DI_F_T_YMDHMS),
           DI_FLD("operator", DI_F_HEX4), DI_SUB("energies", E6));
static const di_layout *const lay_sw_block = DI_OBJ(
    BLOCK, "7 x XXXX (+ 2 extra bytes accepted)", DI_FLD("sw1", DI_F_SW1), DI_FLD("sw2", DI_F_SW2),
    DI_FLD("sw3", DI_F_SW3), DI_FLD("sw4", DI_F_SW456), DI_FLD("sw5", DI_F_SW456),
    DI_FLD("sw6", DI_F_SW456), DI_FLD("sw7", DI_F_SW7), DI_ARR("extra", DI_F_HEX2, 0, 1));
static const di_layout lay_loadrec = {DI_SHAPE_LOADREC, DLT645_DK_LOADREC,
                                      "A0A0 len YYMMDDhhmm blocks..AA cs E5E5", NULL, 0};

/* ---- varying bytes ---- */
#define TARIFF DI_V(1, 0x00, 0x3F, DI_ROLE_TARIFF)
#define SETTLE DI_V(0, 0x00, 0x0C, DI_ROLE_SETTLE)
#define LAST10 DI_V(0, 0x01, 0x0A, DI_ROLE_LAST)
#define PHASE3 DI_V(1, 0x01, 0x03, DI_ROLE_PHASE3)
#define PHASE4 DI_V(1, 0x00, 0x03, DI_ROLE_PHASE)

/* Energy type t (DI2): a tariff row and a block row, both over settlement days. */
#define ENERGY(t, name, zh, f, nt)                                                                 \
    DI_R2(0x00000000u | (t) << 16, TARIFF, SETTLE, name, zh, DI_SC(f)),                            \
        DI_R1(0x0000FF00u | (t) << 16, SETTLE, name " block", zh "数据块", EBLK(f, nt))
#define PHASE_E(d2, name, zh, f) DI_R1(0x00000000u | (d2) << 16, SETTLE, name, zh, DI_SC(f))
#define PHASE_ENERGIES(b, p, pz)                                                                   \
    PHASE_E(b + 0, p " forward active energy", pz "正向有功电能", DI_F_E4),                        \
        PHASE_E(b + 1, p " reverse active energy", pz "反向有功电能", DI_F_E4),                    \
        PHASE_E(b + 2, p " combined reactive 1 energy", pz "组合无功1电能", DI_F_Q4S),             \
        PHASE_E(b + 3, p " combined reactive 2 energy", pz "组合无功2电能", DI_F_Q4S),             \
        PHASE_E(b + 4, p " quadrant I reactive energy", pz "第一象限无功电能", DI_F_Q4),           \
        PHASE_E(b + 5, p " quadrant II reactive energy", pz "第二象限无功电能", DI_F_Q4),          \
        PHASE_E(b + 6, p " quadrant III reactive energy", pz "第三象限无功电能", DI_F_Q4),         \
        PHASE_E(b + 7, p " quadrant IV reactive energy", pz "第四象限无功电能", DI_F_Q4),          \
        PHASE_E(b + 8, p " forward apparent energy", pz "正向视在电能", DI_F_S4),                  \
        PHASE_E(b + 9, p " reverse apparent energy", pz "反向视在电能", DI_F_S4)
#define DEMAND(t, name, zh, f)                                                                     \
    DI_R2(0x01000000u | (t) << 16, TARIFF, SETTLE, name, zh, DEM(f)),                              \
        DI_R1(0x0100FF00u | (t) << 16, SETTLE, name " block", zh "数据块", DBLK(f))
#define INST(d2, name, zh, f, nt)                                                                  \
    DI_R1(0x02000100u | (d2) << 16, PHASE3, name, zh, DI_SC(f)),                                   \
        DI_R0(0x0200FF00u | (d2) << 16, name " block", zh "数据块", PH3(f, nt))
#define INST4(d2, name, zh, f, nt)                                                                 \
    DI_R1(0x02000000u | (d2) << 16, PHASE4, name, zh, DI_SC(f)),                                   \
        DI_R0(0x0200FF00u | (d2) << 16, name " block", zh "数据块", PH4(f, nt))
/* Event type e (DI1) of 0330: count and records 1..10. */
#define EV(e, name, zh, lay)                                                                       \
    DI_R0(0x03300000u | (e) << 8, name " count", zh "总次数", DI_SC(DI_F_CNT3)),                   \
        DI_R1(0x03300001u | (e) << 8, LAST10, name " record", zh "记录", lay)
#define EVC(e, name, zh) DI_R0(0x03300000u | (e) << 8, name " count", zh "总次数", DI_SC(DI_F_CNT3))
/* Freeze group d2 (00 timed, 06 daily) with record index role v. */
#define FREEZE(d2, hi, role, p, pz)                                                                \
    DI_R1(0x05000001u | (d2) << 16, DI_V(0, 1, hi, role), p " time", pz "时间",                    \
          DI_SC(DI_F_T_YMDHM)),                                                                    \
        DI_R1(0x05000101u | (d2) << 16, DI_V(0, 1, hi, role), p " forward active energy",          \
              pz "正向有功电能数据", EBLK(DI_F_E4, "XXXXXX.XX")),                                  \
        DI_R1(0x05000201u | (d2) << 16, DI_V(0, 1, hi, role), p " reverse active energy",          \
              pz "反向有功电能数据", EBLK(DI_F_E4, "XXXXXX.XX")),                                  \
        DI_R1(0x05000301u | (d2) << 16, DI_V(0, 1, hi, role), p " combined reactive 1 energy",     \
              pz "组合无功1电能数据", EBLK(DI_F_Q4S, "XXXXXX.XX")),                                \
        DI_R1(0x05000401u | (d2) << 16, DI_V(0, 1, hi, role), p " combined reactive 2 energy",     \
              pz "组合无功2电能数据", EBLK(DI_F_Q4S, "XXXXXX.XX")),                                \
        DI_R1(0x05000501u | (d2) << 16, DI_V(0, 1, hi, role), p " quadrant I reactive energy",     \
              pz "第一象限无功电能数据", EBLK(DI_F_Q4, "XXXXXX.XX")),                              \
        DI_R1(0x05000601u | (d2) << 16, DI_V(0, 1, hi, role), p " quadrant II reactive energy",    \
              pz "第二象限无功电能数据", EBLK(DI_F_Q4, "XXXXXX.XX")),                              \
        DI_R1(0x05000701u | (d2) << 16, DI_V(0, 1, hi, role), p " quadrant III reactive energy",   \
              pz "第三象限无功电能数据", EBLK(DI_F_Q4, "XXXXXX.XX")),                              \
        DI_R1(0x05000801u | (d2) << 16, DI_V(0, 1, hi, role), p " quadrant IV reactive energy",    \
              pz "第四象限无功电能数据", EBLK(DI_F_Q4, "XXXXXX.XX")),                              \
        DI_R1(0x05000901u | (d2) << 16, DI_V(0, 1, hi, role), p " forward active max demand",      \
              pz "正向有功最大需量数据", DBLK(DI_F_D3)),                                           \
        DI_R1(0x05000A01u | (d2) << 16, DI_V(0, 1, hi, role), p " reverse active max demand",      \
              pz "反向有功最大需量数据", DBLK(DI_F_D3))
/* Remote trip (1D) / close (1E) family: count, then per field over records 1..10. */
#define SWITCHING(d3, p, pz)                                                                       \
    DI_R0N((d3) << 24 | 0x00000001u, p " count", pz "总次数", DI_SC(DI_F_CNT3), NOTE_SW),          \
        DI_R1N((d3) << 24 | 0x00000101u, LAST10, p " time", pz "发生时刻", DI_SC(DI_F_T_YMDHMS),   \
               NOTE_SW),                                                                           \
        DI_R1N((d3) << 24 | 0x00000201u, LAST10, p " operator", pz "操作者代码", DI_SC(DI_F_HEX4), \
               NOTE_SW),                                                                           \
        DI_R1N((d3) << 24 | 0x00000301u, LAST10, p " forward active energy", pz "正向有功总电能",  \
               DI_SC(DI_F_E4), NOTE_SW),                                                           \
        DI_R1N((d3) << 24 | 0x00000401u, LAST10, p " reverse active energy", pz "反向有功总电能",  \
               DI_SC(DI_F_E4), NOTE_SW),                                                           \
        DI_R1N((d3) << 24 | 0x0000FF01u, LAST10, p " record", pz "记录", lay_switch, NOTE_SW)

#define NOTE_SW                                                                                    \
    "field practice (not in the 2007 text); 1D = trip, 1E = close (two sources swap them)"
#define NOTE_DAILY  "daily freeze: field practice / State Grid amendment, absent from the 2007 text"
#define NOTE_HOURLY "hourly freeze: field practice (State Grid meters), unverified; totals only"
#define NOTE_PREPAY "prepayment: field practice (2007 filing amendment), lengths unverified"

static const di_row rows[] = {
    /* 00: energy */
    ENERGY(0x00, "combined active energy", "组合有功电能", DI_F_E4S, "XXXXXX.XX"),
    ENERGY(0x01, "forward active energy", "正向有功电能", DI_F_E4, "XXXXXX.XX"),
    ENERGY(0x02, "reverse active energy", "反向有功电能", DI_F_E4, "XXXXXX.XX"),
    ENERGY(0x03, "combined reactive 1 energy", "组合无功1电能", DI_F_Q4S, "XXXXXX.XX"),
    ENERGY(0x04, "combined reactive 2 energy", "组合无功2电能", DI_F_Q4S, "XXXXXX.XX"),
    ENERGY(0x05, "quadrant I reactive energy", "第一象限无功电能", DI_F_Q4, "XXXXXX.XX"),
    ENERGY(0x06, "quadrant II reactive energy", "第二象限无功电能", DI_F_Q4, "XXXXXX.XX"),
    ENERGY(0x07, "quadrant III reactive energy", "第三象限无功电能", DI_F_Q4, "XXXXXX.XX"),
    ENERGY(0x08, "quadrant IV reactive energy", "第四象限无功电能", DI_F_Q4, "XXXXXX.XX"),
    ENERGY(0x09, "forward apparent energy", "正向视在电能", DI_F_S4, "XXXXXX.XX"),
    ENERGY(0x0A, "reverse apparent energy", "反向视在电能", DI_F_S4, "XXXXXX.XX"),
    PHASE_ENERGIES(0x15, "phase A", "A相"),
    PHASE_ENERGIES(0x29, "phase B", "B相"),
    PHASE_ENERGIES(0x3D, "phase C", "C相"),
    DI_R0N(0x00900100u, "remaining energy", "当前剩余电量", DI_SC(DI_F_E4), NOTE_PREPAY),
    DI_R0N(0x00900101u, "overdraft energy", "当前透支电量", DI_SC(DI_F_E4), NOTE_PREPAY),
    DI_R0N(0x00900200u, "remaining money", "当前剩余金额", DI_SC(DI_F_MONEY4), NOTE_PREPAY),
    DI_R0N(0x00900201u, "overdraft money", "当前透支金额", DI_SC(DI_F_MONEY4), NOTE_PREPAY),
    /* 01: maximum demand and its time */
    DEMAND(0x01, "forward active max demand", "正向有功最大需量及发生时间", DI_F_D3),
    DEMAND(0x02, "reverse active max demand", "反向有功最大需量及发生时间", DI_F_D3),
    DEMAND(0x03, "combined reactive 1 max demand", "组合无功1最大需量及发生时间", DI_F_DQ3S),
    DEMAND(0x04, "combined reactive 2 max demand", "组合无功2最大需量及发生时间", DI_F_DQ3S),
    DEMAND(0x05, "quadrant I reactive max demand", "第一象限无功最大需量及发生时间", DI_F_DQ3),
    DEMAND(0x06, "quadrant II reactive max demand", "第二象限无功最大需量及发生时间", DI_F_DQ3),
    DEMAND(0x07, "quadrant III reactive max demand", "第三象限无功最大需量及发生时间", DI_F_DQ3),
    DEMAND(0x08, "quadrant IV reactive max demand", "第四象限无功最大需量及发生时间", DI_F_DQ3),
    DEMAND(0x09, "forward apparent max demand", "正向视在最大需量及发生时间", DI_F_DS3),
    DEMAND(0x0A, "reverse apparent max demand", "反向视在最大需量及发生时间", DI_F_DS3),
    /* 02: instantaneous values */
    INST(0x01, "voltage", "电压", DI_F_V2, "XXX.X"),
    INST(0x02, "current", "电流", DI_F_I3S, "XXX.XXX"),
    INST4(0x03, "active power", "瞬时有功功率", DI_F_P3S, "XX.XXXX"),
    INST4(0x04, "reactive power", "瞬时无功功率", DI_F_Q3S, "XX.XXXX"),
    INST4(0x05, "apparent power", "瞬时视在功率", DI_F_S3S, "XX.XXXX"),
    INST4(0x06, "power factor", "功率因数", DI_F_PF2S, "X.XXX"),
    INST(0x07, "phase angle", "相角", DI_F_ANG2, "XXX.X"),
    DI_R0(0x02800001u, "neutral current", "零线电流", DI_SC(DI_F_I3S)),
    DI_R0(0x02800002u, "grid frequency", "电网频率", DI_SC(DI_F_HZ2)),
    DI_R0(0x02800003u, "one-minute average active power", "一分钟有功总平均功率", DI_SC(DI_F_P3S)),
    DI_R0(0x02800004u, "current active demand", "当前有功需量", DI_SC(DI_F_P3S)),
    DI_R0(0x02800005u, "current reactive demand", "当前无功需量", DI_SC(DI_F_Q3S)),
    DI_R0(0x02800006u, "current apparent demand", "当前视在需量", DI_SC(DI_F_S3S)),
    DI_R0(0x02800007u, "meter temperature", "表内温度", DI_SC(DI_F_TEMP2S)),
    DI_R0(0x02800008u, "clock battery voltage", "时钟电池电压", DI_SC(DI_F_BATV2)),
    DI_R0(0x02800009u, "reading battery voltage", "停电抄表电池电压", DI_SC(DI_F_BATV2)),
    DI_R0(0x0280000Au, "battery working time", "内部电池工作时间", DI_SC(DI_F_MIN4)),
    /* 03: events */
    DI_R0(0x03110000u, "power down count", "掉电总次数", DI_SC(DI_F_CNT3)),
    DI_R1(0x03110001u, LAST10, "power down record", "掉电记录", lay_start_end),
    EV(0x00, "programming", "编程", lay_program),
    EV(0x01, "meter reset", "电表清零", lay_meter_reset),
    EV(0x02, "demand reset", "需量清零", lay_demand_reset),
    EV(0x03, "event reset", "事件清零", lay_event_reset),
    EV(0x04, "clock set", "校时", lay_clock_set),
    EVC(0x05, "time-segment table programming", "时段表编程"),
    EVC(0x06, "time-zone table programming", "时区表编程"),
    EV(0x07, "weekend programming", "周休日编程", lay_op_byte),
    EVC(0x08, "holiday programming", "节假日编程"),
    EV(0x09, "active combination programming", "有功组合方式编程", lay_op_byte),
    EV(0x0A, "reactive combination 1 programming", "无功组合方式1编程", lay_op_byte),
    EV(0x0B, "reactive combination 2 programming", "无功组合方式2编程", lay_op_byte),
    EV(0x0C, "settlement day programming", "结算日编程", lay_settle_prog),
    EV(0x0D, "cover opened", "开表盖", lay_cover),
    EV(0x0E, "terminal box opened", "开端钮盒", lay_cover),
    DI_R1N(0x03330101u, LAST10, "purchase time", "购电日期", DI_SC(DI_F_T_YMDHM), NOTE_PREPAY),
    DI_R1N(0x03330201u, LAST10, "purchase count after purchase", "购电后总购电次数",
           DI_SC(DI_F_NNNN2), NOTE_PREPAY),
    DI_R1N(0x03330301u, LAST10, "purchase amount", "购电金额", DI_SC(DI_F_MONEY4), NOTE_PREPAY),
    DI_R1N(0x03330401u, LAST10, "money before purchase", "购电前剩余金额", DI_SC(DI_F_MONEY4),
           NOTE_PREPAY),
    DI_R1N(0x03330501u, LAST10, "money after purchase", "购电后剩余金额", DI_SC(DI_F_MONEY4),
           NOTE_PREPAY),
    DI_R1N(0x03330601u, LAST10, "total purchased money", "购电后累计购电金额", DI_SC(DI_F_MONEY4),
           NOTE_PREPAY),
    DI_R0N(0x03350000u, "magnetic interference count", "恒定磁场干扰总次数", DI_SC(DI_F_CNT3),
           "field practice; record layout beyond start/end unverified: extra bytes kept raw"),
    DI_R1N(0x03350001u, LAST10, "magnetic interference record", "恒定磁场干扰记录",
           lay_start_end_more,
           "field practice; record layout beyond start/end unverified: extra bytes kept raw"),
    /* 04: parameters */
    DI_R0(0x04000101u, "date and weekday", "日期及星期", DI_SC(DI_F_T_YMDW)),
    DI_R0(0x04000102u, "time", "时间", DI_SC(DI_F_T_HMS)),
    DI_R0(0x04000103u, "demand period", "最大需量周期", DI_SC(DI_F_NN1_MIN)),
    DI_R0(0x04000104u, "sliding time", "滑差时间", DI_SC(DI_F_NN1_MIN)),
    DI_R0(0x04000105u, "calibration pulse width", "校表脉冲宽度", DI_SC(DI_F_NNNN2_MS)),
    DI_R0(0x04000106u, "zone table switch time", "两套时区表切换时间", DI_SC(DI_F_T_YMDHM)),
    DI_R0(0x04000107u, "segment table switch time", "两套日时段表切换时间", DI_SC(DI_F_T_YMDHM)),
    DI_R0(0x04000108u, "tariff price switch time", "两套费率电价切换时间", DI_SC(DI_F_T_YMDHM)),
    DI_R0(0x04000109u, "step tariff switch time", "两套阶梯切换时间", DI_SC(DI_F_T_YMDHM)),
    DI_R0N(0x0400010Cu, "date, weekday and time", "日期时间", DI_SC(DI_F_T_YMDWHMS),
           "field practice: YYMMDDWWhhmmss, 7 bytes"),
    DI_R0(0x04000201u, "year zone count", "年时区数", DI_SC(DI_F_NN1)),
    DI_R0(0x04000202u, "day table count", "日时段表数", DI_SC(DI_F_NN1)),
    DI_R0(0x04000203u, "day segment count", "日时段数", DI_SC(DI_F_NN1)),
    DI_R0(0x04000204u, "tariff count", "费率数", DI_SC(DI_F_NN1)),
    DI_R0(0x04000205u, "public holiday count", "公共假日数", DI_SC(DI_F_NNNN2)),
    DI_R0(0x04000206u, "harmonic analysis count", "谐波分析次数", DI_SC(DI_F_NN1)),
    DI_R0(0x04000207u, "prepayment step count", "阶梯数", DI_SC(DI_F_NN1)),
    DI_R0(0x04000306u, "current transformer ratio", "电流互感器变比", DI_SC(DI_F_CNT3)),
    DI_R0(0x04000307u, "voltage transformer ratio", "电压互感器变比", DI_SC(DI_F_CNT3)),
    DI_R0(0x04000401u, "communication address", "通信地址", DI_SC(DI_F_ADDR6)),
    DI_R0(0x04000402u, "meter number", "表号", DI_SC(DI_F_ADDR6)),
    DI_R0(0x04000403u, "asset management code", "资产管理编码", DI_SC(DI_F_ASC32)),
    DI_R0(0x04000404u, "rated voltage", "额定电压", DI_SC(DI_F_ASC6)),
    DI_R0(0x04000405u, "rated current", "额定电流", DI_SC(DI_F_ASC6)),
    DI_R0(0x04000406u, "maximum current", "最大电流", DI_SC(DI_F_ASC6)),
    DI_R0(0x04000407u, "active accuracy class", "有功准确度等级", DI_SC(DI_F_ASC4)),
    DI_R0(0x04000408u, "reactive accuracy class", "无功准确度等级", DI_SC(DI_F_ASC4)),
    DI_R0(0x04000409u, "active meter constant", "电表有功常数", DI_SC(DI_F_CONST3)),
    DI_R0(0x0400040Au, "reactive meter constant", "电表无功常数", DI_SC(DI_F_CONSTQ3)),
    DI_R0(0x0400040Bu, "meter model", "电表型号", DI_SC(DI_F_ASC10)),
    DI_R0(0x0400040Cu, "production date", "生产日期", DI_SC(DI_F_ASC10)),
    DI_R0(0x0400040Du, "protocol version", "协议版本号", DI_SC(DI_F_ASC16)),
    DI_R0(0x0400040Eu, "customer number", "客户编号", DI_SC(DI_F_ADDR6)),
    DI_R0(0x04000501u, "status word 1", "电表运行状态字1", DI_SC(DI_F_SW1)),
    DI_R0(0x04000502u, "status word 2", "电表运行状态字2", DI_SC(DI_F_SW2)),
    DI_R0(0x04000503u, "status word 3", "电表运行状态字3", DI_SC(DI_F_SW3)),
    DI_R0(0x04000504u, "status word 4 (phase A)", "电表运行状态字4", DI_SC(DI_F_SW456)),
    DI_R0(0x04000505u, "status word 5 (phase B)", "电表运行状态字5", DI_SC(DI_F_SW456)),
    DI_R0(0x04000506u, "status word 6 (phase C)", "电表运行状态字6", DI_SC(DI_F_SW456)),
    DI_R0(0x04000507u, "status word 7", "电表运行状态字7", DI_SC(DI_F_SW7)),
    DI_R0N(0x040005FFu, "status word block", "电表运行状态字数据块", lay_sw_block,
           "7 x 2 = 14 bytes sent; 16 accepted (one source says 16), the extra word kept"),
    DI_R1(0x04000601u, DI_V(0, 0x01, 0x03, DI_ROLE_INDEX), "combination mode word",
          "组合方式特征字", DI_SC(DI_F_HEX1)),
    DI_R1(0x04000701u, DI_V(0, 0x01, 0x05, DI_ROLE_INDEX), "baud feature word", "通信速率特征字",
          DI_SC(DI_F_HEX1)),
    DI_R0(0x04000801u, "weekend feature word", "周休日特征字", DI_SC(DI_F_HEX1)),
    DI_R0(0x04000802u, "weekend day table", "周休日采用的日时段表号", DI_SC(DI_F_NN1)),
    DI_R0(0x04000901u, "load-record mode word", "负荷记录模式字", DI_SC(DI_F_HEX1)),
    DI_R1(0x04000902u, DI_V(0, 0x02, 0x06, DI_ROLE_INDEX), "freeze mode word", "冻结数据模式字",
          DI_SC(DI_F_HEX1)),
    DI_R0(0x04000A01u, "load-record start time", "负荷记录起始时间", DI_SC(DI_F_T_MDHM)),
    DI_R1(0x04000A02u, DI_V(0, 0x02, 0x07, DI_ROLE_INDEX), "load-record interval",
          "负荷记录间隔时间", DI_SC(DI_F_NNNN2_MIN)),
    DI_R1(0x04000B01u, DI_V(0, 0x01, 0x03, DI_ROLE_INDEX), "settlement day", "每月结算日",
          DI_SC(DI_F_T_DH)),
    DI_R1(0x04000C01u, DI_V(0, 0x01, 0x0A, DI_ROLE_LEVEL), "password", "密码", DI_SC(DI_F_HEX4)),
    DI_R0N(0x04001001u, "alarm money limit 1", "报警金额1限值", DI_SC(DI_F_MONEY4), NOTE_PREPAY),
    DI_R0N(0x04001002u, "alarm money limit 2", "报警金额2限值", DI_SC(DI_F_MONEY4), NOTE_PREPAY),
    DI_R0N(0x04001003u, "overdraft money limit", "透支金额限值", DI_SC(DI_F_MONEY4), NOTE_PREPAY),
    DI_R0N(0x04001004u, "hoarding money limit", "囤积金额限值", DI_SC(DI_F_MONEY4), NOTE_PREPAY),
    DI_R0N(0x04001005u, "close-permitted money limit", "合闸允许金额限值", DI_SC(DI_F_MONEY4),
           NOTE_PREPAY),
    /* 05: freezes */
    FREEZE(0x00, 0x0C, DI_ROLE_LAST, "timed freeze", "定时冻结"),
    DI_R1N(0x05040001u, DI_V(0, 0x01, 0xFE, DI_ROLE_LAST), "hourly freeze time", "整点冻结时间",
           DI_SC(DI_F_T_YMDHM), NOTE_HOURLY),
    DI_R1N(0x05040101u, DI_V(0, 0x01, 0xFE, DI_ROLE_LAST), "hourly freeze forward active energy",
           "整点冻结正向有功总电能", DI_SC(DI_F_E4), NOTE_HOURLY),
    DI_R1N(0x05040201u, DI_V(0, 0x01, 0xFE, DI_ROLE_LAST), "hourly freeze reverse active energy",
           "整点冻结反向有功总电能", DI_SC(DI_F_E4), NOTE_HOURLY),
    FREEZE(0x06, 0x3E, DI_ROLE_DAY, "daily freeze", "日冻结"),
    /* 06: load records (reply data; the request data is dlt645_di_loadrec_request) */
    DI_R1(0x06000000u, DI_V(0, 0, 2, DI_ROLE_READMODE), "load record, all classes", "负荷记录",
          &lay_loadrec),
    DI_R1(0x06010000u, DI_V(0, 0, 2, DI_ROLE_READMODE), "load record class 1", "第1类负荷记录",
          &lay_loadrec),
    DI_R1(0x06020000u, DI_V(0, 0, 2, DI_ROLE_READMODE), "load record class 2", "第2类负荷记录",
          &lay_loadrec),
    DI_R1(0x06030000u, DI_V(0, 0, 2, DI_ROLE_READMODE), "load record class 3", "第3类负荷记录",
          &lay_loadrec),
    DI_R1(0x06040000u, DI_V(0, 0, 2, DI_ROLE_READMODE), "load record class 4", "第4类负荷记录",
          &lay_loadrec),
    DI_R1(0x06050000u, DI_V(0, 0, 2, DI_ROLE_READMODE), "load record class 5", "第5类负荷记录",
          &lay_loadrec),
    DI_R1(0x06060000u, DI_V(0, 0, 2, DI_ROLE_READMODE), "load record class 6", "第6类负荷记录",
          &lay_loadrec),
    /* 1D / 1E: remote trip and close */
    SWITCHING(0x1Du, "trip", "跳闸"),
    SWITCHING(0x1Eu, "close", "合闸"),
};

const di_table dlt645_di_table_2007 = {rows, sizeof rows / sizeof rows[0], 16};
