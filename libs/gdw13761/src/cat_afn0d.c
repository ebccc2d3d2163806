/* AFN0D request class 2 data (Q/GDW 1376.1-2013 §5.13, Table 221).
 *
 * The request (DOWN) data unit is the time label alone (§5.13.1.3): Td_d
 * (A.20) for daily and reading-day frozen data, Td_m (A.21) for monthly, Td_c
 * {start A.15, density m (Appendix C: 0 none, 1 15 min, 2 30 min, 3 60 min,
 * 254 5 min, 255 1 min), points n} for curves. The answer (UP) repeats the
 * time label and follows it with the data of §5.13.2.4.
 *
 * Catalogued: F1-F12, F17-F39, F41-F46, F49-F54, F57-F62, F65-F66, F73-F76,
 * F81-F95, F97-F110, F113-F118, F124-F126, F129-F130, F138, F145-F148,
 * F153-F196, F201-F219. Spare in Table 221: F13-F16, F40, F47-F48, F55-F56,
 * F63-F64, F67-F72, F77-F80, F96, F111-F112, F119-F120, F127-F128,
 * F131-F137, F139-F144, F149-F152, F197-F200, F220-F248. Not catalogued:
 * F121-F123 (harmonic over-limit statistics), whose tables are unreadable
 * in our copy of the text.
 *
 * Layouts of groups 6, 8-10, 15-18, 20, 27, 28 are in cat_afn0d_extra.c.
 */
#include "cat_afn0d.h"
#include "cat_tables.h"

/* ---- elements and shared field lists ------------------------------------ */

#define TD_D  GDW0D_TD_D
#define TD_M  GDW0D_TD_M
#define TD_C  GDW0D_TD_C
#define CURVE GDW0D_CURVE
#define AS_0C GDW0D_AS_0C

/* Td_c (Table 222) */
const gdw_field gdw13761_td_c[] = {
    GDW_F("time", GDW_A15, NULL),
    GDW_BINF("density", 1, NULL), /* Appendix C: 0 none, 1 15 min, 2 30, 3 60, 254 5, 255 1 */
    GDW_BINF("points", 1, NULL),
    GDW_END,
};

/* Request data units: the time label only */
static const gdw_field l_0d_td_d[] = {TD_D, GDW_END};
static const gdw_field l_0d_td_m[] = {TD_M, GDW_END};
static const gdw_field l_0d_td_c[] = {TD_C, GDW_END};

/* ---- groups 1-3: readings, max demand, energy (M <= 12) ------------------ */

/* F1 Table 225 (F9, F17 Table 233): as AFN0C F33 after the label */
static const gdw_field l_0d_f1[] = AS_0C(TD_D, gdw13761_l0c_f33);
static const gdw_field l_0d_f17[] = AS_0C(TD_M, gdw13761_l0c_f33);

/* F2 Table 226 (F10, F18 Table 234): as AFN0C F34 */
static const gdw_field l_0d_f2[] = AS_0C(TD_D, gdw13761_l0c_f34);
static const gdw_field l_0d_f18[] = AS_0C(TD_M, gdw13761_l0c_f34);

/* F3 Table 227 (F11, F19): as AFN0C F35, all demands then all times */
static const gdw_field l_0d_f3[] = AS_0C(TD_D, gdw13761_l0c_f35);
static const gdw_field l_0d_f19[] = AS_0C(TD_M, gdw13761_l0c_f35);

/* F4 Table 228 (F12, F20): as AFN0C F36 */
static const gdw_field l_0d_f4[] = AS_0C(TD_D, gdw13761_l0c_f36);
static const gdw_field l_0d_f20[] = AS_0C(TD_M, gdw13761_l0c_f36);

/* F5, F7 Tables 229, 231 (F21, F23): energy of the day/month, no reading
 * time, as AFN0C F41 */
static const gdw_field l_0d_f5[] = AS_0C(TD_D, gdw13761_l0c_f41);
static const gdw_field l_0d_f21[] = AS_0C(TD_M, gdw13761_l0c_f41);
/* F6, F8 Tables 230, 232 (F22, F24): as AFN0C F42 */
static const gdw_field l_0d_f6[] = AS_0C(TD_D, gdw13761_l0c_f42);
static const gdw_field l_0d_f22[] = AS_0C(TD_M, gdw13761_l0c_f42);

/* ---- groups 4-5: daily / monthly statistics ----------------------------- */

/* F25 Table 241, F33 Table 249: max active power [total, A, B, C], then the
 * minutes with zero active power [total, A, B, C] */
static const gdw_field max_power[] = {
    GDW_F("value", GDW_A23, "kW"),
    GDW_F("time", GDW_A18, NULL),
    GDW_END,
};
#define B_MAX_POWER GDW_REPN("max_power", 4, max_power), GDW_REPN("zero_minutes", 4, E_BIN2_MIN)
static const gdw_field l_0d_f25[] = {TD_D, B_MAX_POWER, GDW_END};
static const gdw_field l_0d_f33[] = {TD_M, B_MAX_POWER, GDW_END};

/* F26 Table 242, F34 Table 250: max active demand [total, A, B, C] */
static const gdw_field l_0d_f26[] = {TD_D, GDW_REPN("max_demand", 4, max_power), GDW_END};
static const gdw_field l_0d_f34[] = {TD_M, GDW_REPN("max_demand", 4, max_power), GDW_END};

/* F27 Table 243, F35 Table 251: voltage statistics. The middle rows of both
 * tables are lost in our copy of the text; the visible first and last rows
 * give phase-major order (A: upper-upper, lower-lower, upper, lower, normal;
 * then B; then C), as in the notes. */
static const gdw_field volt_minutes[] = {
    GDW_BINF("over_upper_upper", 2, "min"), GDW_BINF("under_lower_lower", 2, "min"),
    GDW_BINF("over_upper", 2, "min"),       GDW_BINF("under_lower", 2, "min"),
    GDW_BINF("normal", 2, "min"),           GDW_END,
};
static const gdw_field volt_extremes[] = {
    GDW_F("max", GDW_A7, "V"),
    GDW_F("max_time", GDW_A18, NULL),
    GDW_F("min", GDW_A7, "V"),
    GDW_F("min_time", GDW_A18, NULL),
    GDW_END,
};
#define B_VOLTAGE                                                                                  \
    GDW_REPN("minutes", 3, volt_minutes), GDW_REPN("extremes", 3, volt_extremes),                  \
        GDW_REPN("average", 3, E_A7_V)
static const gdw_field l_0d_f27[] = {TD_D, B_VOLTAGE, GDW_END};
static const gdw_field l_0d_f35[] = {TD_M, B_VOLTAGE, GDW_END};

/* F28 Table 244 (times A.18), F36 Table 252 (times A.17) */
#define B_UNBALANCE(tfmt)                                                                          \
    GDW_BINF("current_minutes", 2, "min"), GDW_BINF("voltage_minutes", 2, "min"),                  \
        GDW_F("current_max", GDW_A5, "%"), GDW_F("current_max_time", tfmt, NULL),                  \
        GDW_F("voltage_max", GDW_A5, "%"), GDW_F("voltage_max_time", tfmt, NULL)
static const gdw_field l_0d_f28[] = {TD_D, B_UNBALANCE(GDW_A18), GDW_END};
static const gdw_field l_0d_f36[] = {TD_M, B_UNBALANCE(GDW_A17), GDW_END};

/* F29 Table 245, F37 Table 253 (first rows lost in our copy; the rest
 * matches F29 row for row): minutes over limits per phase A, B, C, zero
 * sequence over upper, then max current [A, B, C, zero] and time */
static const gdw_field cur_minutes[] = {
    GDW_BINF("over_upper_upper", 2, "min"),
    GDW_BINF("over_upper", 2, "min"),
    GDW_END,
};
static const gdw_field cur_max[] = {
    GDW_F("value", GDW_A25, "A"),
    GDW_F("time", GDW_A18, NULL),
    GDW_END,
};
#define B_CURRENT                                                                                  \
    GDW_REPN("minutes", 3, cur_minutes), GDW_BINF("zero_over_upper", 2, "min"),                    \
        GDW_REPN("max_current", 4, cur_max)
static const gdw_field l_0d_f29[] = {TD_D, B_CURRENT, GDW_END};
static const gdw_field l_0d_f37[] = {TD_M, B_CURRENT, GDW_END};

/* F30 Table 246, F38 Table 254 */
#define B_APPARENT GDW_BINF("over_upper_upper", 2, "min"), GDW_BINF("over_upper", 2, "min")
static const gdw_field l_0d_f30[] = {TD_D, B_APPARENT, GDW_END};
static const gdw_field l_0d_f38[] = {TD_M, B_APPARENT, GDW_END};

/* F31 Table 247 (times A.18), F39 Table 255 (times A.17) */
#define B_LOAD(tfmt)                                                                               \
    GDW_F("max", GDW_A5, "%"), GDW_F("max_time", tfmt, NULL), GDW_F("min", GDW_A5, "%"),           \
        GDW_F("min_time", tfmt, NULL)
static const gdw_field l_0d_f31[] = {TD_D, B_LOAD(GDW_A18), GDW_END};
static const gdw_field l_0d_f39[] = {TD_M, B_LOAD(GDW_A17), GDW_END};

/* F32 Table 248: phase breaks as AFN0C F26, after the label */
static const gdw_field l_0d_f32[] = AS_0C(TD_D, gdw13761_l0c_f26);

/* ---- group 7: terminal statistics (p0) ---------------------------------- */

/* F49 Table 262, F51 Table 264 */
#define B_POWER_ON GDW_BINF("power_on_minutes", 2, "min"), GDW_BINF("reset_count", 2, NULL)
static const gdw_field l_0d_f49[] = {TD_D, B_POWER_ON, GDW_END};
static const gdw_field l_0d_f51[] = {TD_M, B_POWER_ON, GDW_END};

/* F50 Table 263, F52 Table 265: trip counts */
#define B_CONTROL                                                                                  \
    GDW_BINF("monthly_trips", 1, NULL), GDW_BINF("purchase_trips", 1, NULL),                       \
        GDW_BINF("power_trips", 1, NULL), GDW_BINF("remote_trips", 1, NULL)
static const gdw_field l_0d_f50[] = {TD_D, B_CONTROL, GDW_END};
static const gdw_field l_0d_f52[] = {TD_M, B_CONTROL, GDW_END};

/* F53 Table 266, F54 Table 267 */
static const gdw_field l_0d_f53[] = {TD_D, GDW_BINF("bytes", 4, "byte"), GDW_END};
static const gdw_field l_0d_f54[] = {TD_M, GDW_BINF("bytes", 4, "byte"), GDW_END};

/* ---- groups 11-14, 19: measurement point curves ------------------------- */

static const gdw_field l_0d_f81[] = {CURVE(E_A9_KW), GDW_END};      /* Table 280 */
static const gdw_field l_0d_f85[] = {CURVE(E_A9_KVAR), GDW_END};    /* Table 281 */
static const gdw_field l_0d_f89[] = {CURVE(E_A7_V), GDW_END};       /* Table 282 */
static const gdw_field l_0d_f92[] = {CURVE(E_A25_A), GDW_END};      /* Table 283 */
static const gdw_field l_0d_f97[] = {CURVE(E_A13_KWH), GDW_END};    /* Table 284 */
static const gdw_field l_0d_f98[] = {CURVE(E_A13_KVARH), GDW_END};  /* Table 285 */
static const gdw_field l_0d_f101[] = {CURVE(E_A11_KWH), GDW_END};   /* Table 286 */
static const gdw_field l_0d_f102[] = {CURVE(E_A11_KVARH), GDW_END}; /* reactive readings */
static const gdw_field l_0d_f105[] = {CURVE(E_A5_PCT), GDW_END};    /* Table 287 */

/* F109 Table 288: per point Uab/Ua, Ub, Ucb/Uc phase angles */
static const gdw_field l_0d_f109[] = {CURVE(gdw13761_f_volt_angles), GDW_END};

/* F110 Table 289: per point Ia, Ib, Ic phase angles */
static const gdw_field l_0d_f110[] = {CURVE(gdw13761_f_curr_angles), GDW_END};

/* ---- groups 21-26: frozen readings and max demand (any M) --------------- */

/* F161, F163, F169, F171 (Tables 314, 316): active reading, as AFN0C F129 */
static const gdw_field l_0d_f161[] = AS_0C(TD_D, gdw13761_l0c_f129);
/* F162, F164-F168, F170, F172-F176 (Tables 315, 317-321): reactive reading */
static const gdw_field l_0d_f162[] = AS_0C(TD_D, gdw13761_l0c_f130);
/* F177, F179, F201-F208 (Tables 322, 324, 338) */
static const gdw_field l_0d_f177[] = AS_0C(TD_M, gdw13761_l0c_f129);
/* F178, F180-F184 (Tables 323, 325-329) */
static const gdw_field l_0d_f178[] = AS_0C(TD_M, gdw13761_l0c_f130);

/* F185-F196 (Tables 330-337): max demand and time per total/tariff, paired,
 * as AFN0C F145/F146 */
static const gdw_field l_0d_f185[] = AS_0C(TD_D, gdw13761_l0c_f145);
static const gdw_field l_0d_f186[] = AS_0C(TD_D, gdw13761_l0c_f146);
static const gdw_field l_0d_f193[] = AS_0C(TD_M, gdw13761_l0c_f145);
static const gdw_field l_0d_f194[] = AS_0C(TD_M, gdw13761_l0c_f146);

/* ---- group 28 ------------------------------------------------------------ */

/* F219 Table 349: the table lists one record without an index; a curve of n
 * points carries one record per point. Reactive power is printed "kW". */
static const gdw_field f219_point[] = {
    GDW_F("power", GDW_A9, "kW"),           GDW_F("q", GDW_A9, "kvar"),
    GDW_INCLUDE(gdw13761_f_volt3),          GDW_INCLUDE(gdw13761_f_curr3),
    GDW_F("fwd_active", GDW_A11, "kWh"),    GDW_F("q1_reactive", GDW_A11, "kvarh"),
    GDW_F("q4_reactive", GDW_A11, "kvarh"), GDW_END,
};
static const gdw_field l_0d_f219[] = {CURVE(f219_point), GDW_END};

/* ---- the table ---------------------------------------------------------- */

#define P0   GDW13761_PN_P0
#define PT   GDW13761_PN_POINT
#define GR   GDW13761_PN_GROUP
#define DC   GDW13761_PN_DIRECT
#define X(n) gdw13761_l0d_f##n
#define ROWS(f, pn, en, zh, down, up)                                                              \
    {0x0D, GDW13761_DOWN, f, pn, en, zh, down},                                                    \
    {                                                                                              \
        0x0D, GDW13761_UP, f, pn, en, zh, up                                                       \
    }
/* daily / reading-day frozen, monthly frozen, curve */
#define DAY(f, pn, en, zh, up) ROWS(f, pn, en, zh, l_0d_td_d, up)
#define MON(f, pn, en, zh, up) ROWS(f, pn, en, zh, l_0d_td_m, up)
#define CRV(f, pn, en, zh, up) ROWS(f, pn, en, zh, l_0d_td_c, up)

#define ZH_FWD     "正向有/无功电能示值、一/四象限无功电能示值（总、费率1～M，1≤M≤12）"
#define ZH_REV     "反向有/无功电能示值、二/三象限无功电能示值（总、费率1～M，1≤M≤12）"
#define ZH_FWD_DEM "正向有/无功最大需量及发生时间（总、费率1～M，1≤M≤12）"
#define ZH_REV_DEM "反向有/无功最大需量及发生时间（总、费率1～M，1≤M≤12）"
#define ZH_161     "正向有功电能示值（总、费率1～M）"
#define ZH_162     "正向无功（组合无功1）电能示值（总、费率1～M）"
#define ZH_163     "反向有功电能示值（总、费率1～M）"
#define ZH_164     "反向无功（组合无功1）电能示值（总、费率1～M）"
#define ZH_165     "一象限无功电能示值（总、费率1～M）"
#define ZH_166     "二象限无功电能示值（总、费率1～M）"
#define ZH_167     "三象限无功电能示值（总、费率1～M）"
#define ZH_168     "四象限无功电能示值（总、费率1～M）"
#define ZH_185     "正向有功最大需量及发生时间（总、费率1～M）"
#define ZH_186     "正向无功最大需量及发生时间（总、费率1～M）"
#define ZH_187     "反向有功最大需量及发生时间（总、费率1～M）"
#define ZH_188     "反向无功最大需量及发生时间（总、费率1～M）"

const gdw13761_fn gdw13761_cat_afn0d[] = {
    /* group 1: daily frozen */
    DAY(1, PT, "day forward readings (M<=12)", ZH_FWD, l_0d_f1),
    DAY(2, PT, "day reverse readings (M<=12)", ZH_REV, l_0d_f2),
    DAY(3, PT, "day forward max demand (M<=12)", ZH_FWD_DEM, l_0d_f3),
    DAY(4, PT, "day reverse max demand (M<=12)", ZH_REV_DEM, l_0d_f4),
    DAY(5, PT, "day forward active energy", "正向有功电能量（总、费率1～M）", l_0d_f5),
    DAY(6, PT, "day forward reactive energy", "正向无功电能量（总、费率1～M）", l_0d_f6),
    DAY(7, PT, "day reverse active energy", "反向有功电能量（总、费率1～M）", l_0d_f5),
    DAY(8, PT, "day reverse reactive energy", "反向无功电能量（总、费率1～M）", l_0d_f6),
    /* group 2: reading-day frozen (§5.13.2.4.9-12: as F1-F4) */
    DAY(9, PT, "reading-day forward readings (M<=12)", ZH_FWD, l_0d_f1),
    DAY(10, PT, "reading-day reverse readings (M<=12)", ZH_REV, l_0d_f2),
    DAY(11, PT, "reading-day forward max demand (M<=12)", ZH_FWD_DEM, l_0d_f3),
    DAY(12, PT, "reading-day reverse max demand (M<=12)", ZH_REV_DEM, l_0d_f4),
    /* group 3: monthly frozen */
    MON(17, PT, "month forward readings (M<=12)", ZH_FWD, l_0d_f17),
    MON(18, PT, "month reverse readings (M<=12)", ZH_REV, l_0d_f18),
    MON(19, PT, "month forward max demand (M<=12)", ZH_FWD_DEM, l_0d_f19),
    MON(20, PT, "month reverse max demand (M<=12)", ZH_REV_DEM, l_0d_f20),
    MON(21, PT, "month forward active energy", "正向有功电能量（总、费率1～M）", l_0d_f21),
    MON(22, PT, "month forward reactive energy", "正向无功电能量（总、费率1～M）", l_0d_f22),
    MON(23, PT, "month reverse active energy", "反向有功电能量（总、费率1～M）", l_0d_f21),
    MON(24, PT, "month reverse reactive energy", "反向无功电能量（总、费率1～M）", l_0d_f22),
    /* group 4: daily statistics */
    DAY(25, PT, "day max active power and zero-power time",
        "日总及分相最大有功功率及发生时间、有功功率为零时间", l_0d_f25),
    DAY(26, PT, "day max demand per phase", "日总及分相最大需量及发生时间", l_0d_f26),
    DAY(27, PT, "day voltage statistics", "日电压统计数据", l_0d_f27),
    DAY(28, PT, "day unbalance over-limit time", "日不平衡度越限累计时间", l_0d_f28),
    DAY(29, PT, "day current over-limit statistics", "日电流越限统计", l_0d_f29),
    DAY(30, PT, "day apparent power over-limit time", "日视在功率越限累计时间", l_0d_f30),
    DAY(31, PT, "day load rate statistics", "日负载率率统计", l_0d_f31),
    DAY(32, PT, "day meter phase breaks", "日电能表断相数据", l_0d_f32),
    /* group 5: monthly statistics */
    MON(33, PT, "month max active power and zero-power time",
        "月总及分相最大有功功率及发生时间、有功功率为零时间", l_0d_f33),
    MON(34, PT, "month max active demand per phase", "月总及分相有功最大需量及发生时间", l_0d_f34),
    MON(35, PT, "month voltage statistics", "月电压统计数据", l_0d_f35),
    MON(36, PT, "month unbalance over-limit time", "月不平衡度越限累计时间", l_0d_f36),
    MON(37, PT, "month current over-limit statistics", "月电流越限统计", l_0d_f37),
    MON(38, PT, "month apparent power over-limit time", "月视在功率越限累计时间", l_0d_f38),
    MON(39, PT, "month load rate statistics", "月负载率率统计", l_0d_f39),
    /* group 6: capacitors, power factor, losses */
    DAY(41, PT, "day capacitor time and count in service", "电容器投入累计时间和次数", X(41)),
    DAY(42, PT, "capacitor compensated energy, day and month", "日、月电容器累计补偿的无功电能量",
        X(42)),
    DAY(43, PT, "day power factor segment time", "日功率因数区段累计时间", X(43)),
    MON(44, PT, "month power factor segment time", "月功率因数区段累计时间", X(44)),
    DAY(45, PT, "day copper and iron loss readings", "铜损、铁损有功电能示值", X(45)),
    MON(46, PT, "month copper and iron loss readings", "铜损、铁损有功电能示值", X(46)),
    /* group 7: terminal statistics */
    DAY(49, P0, "day power-on time and resets", "终端日供电时间、日复位累计次数", l_0d_f49),
    DAY(50, P0, "day control statistics", "终端日控制统计数据", l_0d_f50),
    MON(51, P0, "month power-on time and resets", "终端月供电时间、月复位累计次数", l_0d_f51),
    MON(52, P0, "month control statistics", "终端月控制统计数据", l_0d_f52),
    DAY(53, P0, "day traffic with master", "终端与主站日通信流量", l_0d_f53),
    MON(54, P0, "month traffic with master", "终端与主站月通信流量", l_0d_f54),
    /* groups 8-10: total-add groups */
    DAY(57, GR, "group day max/min power and zero-power time",
        "总加组日最大、最小有功功率及其发生时间，有功功率为零日累计时间", X(57)),
    DAY(58, GR, "group day active energy", "总加组日累计有功电能量（总、费率1～M）", X(58)),
    DAY(59, GR, "group day reactive energy", "总加组日累计无功电能量（总、费率1～M）", X(59)),
    MON(60, GR, "group month max/min power and zero-power time",
        "总加组月最大、最小有功功率及其发生时间，有功功率为零月累计时间", X(60)),
    MON(61, GR, "group month active energy", "总加组月累计有功电能量（总、费率1～M）", X(61)),
    MON(62, GR, "group month reactive energy", "总加组月累计无功电能量（总、费率1～M）", X(62)),
    MON(65, GR, "group time and energy over power limit",
        "总加组超功率定值的月累计时间、月累计电能量", X(65)),
    MON(66, GR, "group time and energy over month energy limit",
        "总加组超月电能量定值的月累计时间、累计电能量", X(65)),
    CRV(73, GR, "group active power curve", "总加组有功功率曲线", X(73)),
    CRV(74, GR, "group reactive power curve", "总加组无功功率曲线", X(74)),
    CRV(75, GR, "group active energy curve", "总加组有功电能量曲线", X(75)),
    CRV(76, GR, "group reactive energy curve", "总加组无功电能量曲线", X(76)),
    /* group 11: power curves */
    CRV(81, PT, "active power curve", "有功功率曲线", l_0d_f81),
    CRV(82, PT, "phase A active power curve", "A相有功功率曲线", l_0d_f81),
    CRV(83, PT, "phase B active power curve", "B相有功功率曲线", l_0d_f81),
    CRV(84, PT, "phase C active power curve", "C相有功功率曲线", l_0d_f81),
    CRV(85, PT, "reactive power curve", "无功功率曲线", l_0d_f85),
    CRV(86, PT, "phase A reactive power curve", "A相无功功率曲线", l_0d_f85),
    CRV(87, PT, "phase B reactive power curve", "B相无功功率曲线", l_0d_f85),
    CRV(88, PT, "phase C reactive power curve", "C相无功功率曲线", l_0d_f85),
    /* group 12: voltage and current curves */
    CRV(89, PT, "phase A voltage curve", "A相电压曲线", l_0d_f89),
    CRV(90, PT, "phase B voltage curve", "B相电压曲线", l_0d_f89),
    CRV(91, PT, "phase C voltage curve", "C相电压曲线", l_0d_f89),
    CRV(92, PT, "phase A current curve", "A相电流曲线", l_0d_f92),
    CRV(93, PT, "phase B current curve", "B相电流曲线", l_0d_f92),
    CRV(94, PT, "phase C current curve", "C相电流曲线", l_0d_f92),
    CRV(95, PT, "zero-sequence current curve", "零序电流曲线", l_0d_f92),
    /* group 13: energy and reading curves. The text says F99/F100 are "as
     * F98" and F102-F104 "as F101" (same 4-byte formats); units follow the
     * quantity (active kWh, reactive kvarh). */
    CRV(97, PT, "forward active energy curve", "正向有功总电能量", l_0d_f97),
    CRV(98, PT, "forward reactive energy curve", "正向无功总电能量", l_0d_f98),
    CRV(99, PT, "reverse active energy curve", "反向有功总电能量", l_0d_f97),
    CRV(100, PT, "reverse reactive energy curve", "反向无功总电能量", l_0d_f98),
    CRV(101, PT, "forward active reading curve", "正向有功总电能示值", l_0d_f101),
    CRV(102, PT, "forward reactive reading curve", "正向无功总电能示值", l_0d_f102),
    CRV(103, PT, "reverse active reading curve", "反向有功总电能示值", l_0d_f101),
    CRV(104, PT, "reverse reactive reading curve", "反向无功总电能示值", l_0d_f102),
    /* group 14: power factor and phase angle curves */
    CRV(105, PT, "power factor curve", "总功率因数", l_0d_f105),
    CRV(106, PT, "phase A power factor curve", "A相功率因数", l_0d_f105),
    CRV(107, PT, "phase B power factor curve", "B相功率因数", l_0d_f105),
    CRV(108, PT, "phase C power factor curve", "C相功率因数", l_0d_f105),
    CRV(109, PT, "voltage phase angle curve", "电压相位角曲线", l_0d_f109),
    CRV(110, PT, "current phase angle curve", "电流相位角曲线", l_0d_f110),
    /* groups 15-16: harmonics */
    DAY(113, PT, "phase A harmonic current day max", "A相2～19次谐波电流日最大值及发生时间",
        X(113)),
    DAY(114, PT, "phase B harmonic current day max", "B相2～19次谐波电流日最大值及发生时间",
        X(113)),
    DAY(115, PT, "phase C harmonic current day max", "C相2～19次谐波电流日最大值及发生时间",
        X(113)),
    DAY(116, PT, "phase A harmonic voltage ratio day max",
        "A相2～19次谐波电压含有率及总畸变率日最大值及发生时间", X(116)),
    DAY(117, PT, "phase B harmonic voltage ratio day max",
        "B相2～19次谐波电压含有率及总畸变率日最大值及发生时间", X(116)),
    DAY(118, PT, "phase C harmonic voltage ratio day max",
        "C相2～19次谐波电压含有率及总畸变率日最大值及发生时间", X(116)),
    DAY(124, PT, "phase A harmonic 95% values", "日冻结A相电压谐波电压含有率、谐波电流95％概率值",
        X(124)),
    DAY(125, PT, "phase B harmonic 95% values", "日冻结B相电压谐波电压含有率、谐波电流95％概率值",
        X(124)),
    DAY(126, PT, "phase C harmonic 95% values", "日冻结C相电压谐波电压含有率、谐波电流95％概率值",
        X(124)),
    /* groups 17-18: DC analogue */
    DAY(129, DC, "DC analogue day statistics", "直流模拟量越限日累计时间、最大/最小值及发生时间",
        X(129)),
    MON(130, DC, "DC analogue month statistics", "直流模拟量越限月累计时间、最大/最小值及发生时间",
        X(130)),
    CRV(138, DC, "DC analogue curve", "直流模拟量数据曲线", X(138)),
    /* group 19: quadrant reactive reading curves (Table 305 prints kWh) */
    CRV(145, PT, "Q1 reactive reading curve", "一象限无功总电能示值曲线", l_0d_f102),
    CRV(146, PT, "Q4 reactive reading curve", "四象限无功总电能示值曲线", l_0d_f102),
    CRV(147, PT, "Q2 reactive reading curve", "二象限无功总电能示值曲线", l_0d_f102),
    CRV(148, PT, "Q3 reactive reading curve", "三象限无功总电能示值曲线", l_0d_f102),
    /* group 20: phase readings */
    DAY(153, PT, "day phase forward active readings", "日冻结分相正向有功电能示值", X(153)),
    DAY(154, PT, "day phase forward reactive readings", "日冻结分相正向无功电能示值", X(154)),
    DAY(155, PT, "day phase reverse active readings", "日冻结分相反向有功电能示值", X(153)),
    DAY(156, PT, "day phase reverse reactive readings", "日冻结分相反向无功电能示值", X(154)),
    MON(157, PT, "month phase forward active readings", "月冻结分相正向有功电能示值", X(157)),
    MON(158, PT, "month phase forward reactive readings", "月冻结分相正向无功电能示值", X(158)),
    MON(159, PT, "month phase reverse active readings", "月冻结分相反向有功电能示值", X(157)),
    MON(160, PT, "month phase reverse reactive readings", "月冻结分相反向无功电能示值", X(158)),
    /* group 21: daily frozen readings */
    DAY(161, PT, "day forward active reading", ZH_161, l_0d_f161),
    DAY(162, PT, "day forward reactive reading", ZH_162, l_0d_f162),
    DAY(163, PT, "day reverse active reading", ZH_163, l_0d_f161),
    DAY(164, PT, "day reverse reactive reading", ZH_164, l_0d_f162),
    DAY(165, PT, "day Q1 reactive reading", ZH_165, l_0d_f162),
    DAY(166, PT, "day Q2 reactive reading", ZH_166, l_0d_f162),
    DAY(167, PT, "day Q3 reactive reading", ZH_167, l_0d_f162),
    DAY(168, PT, "day Q4 reactive reading", ZH_168, l_0d_f162),
    /* group 22: reading-day frozen readings (as F161-F168) */
    DAY(169, PT, "reading-day forward active reading", ZH_161, l_0d_f161),
    DAY(170, PT, "reading-day forward reactive reading", ZH_162, l_0d_f162),
    DAY(171, PT, "reading-day reverse active reading", ZH_163, l_0d_f161),
    DAY(172, PT, "reading-day reverse reactive reading", ZH_164, l_0d_f162),
    DAY(173, PT, "reading-day Q1 reactive reading", ZH_165, l_0d_f162),
    DAY(174, PT, "reading-day Q2 reactive reading", ZH_166, l_0d_f162),
    DAY(175, PT, "reading-day Q3 reactive reading", ZH_167, l_0d_f162),
    DAY(176, PT, "reading-day Q4 reactive reading", ZH_168, l_0d_f162),
    /* group 23: monthly frozen readings */
    MON(177, PT, "month forward active reading", ZH_161, l_0d_f177),
    MON(178, PT, "month forward reactive reading", ZH_162, l_0d_f178),
    MON(179, PT, "month reverse active reading", ZH_163, l_0d_f177),
    MON(180, PT, "month reverse reactive reading", ZH_164, l_0d_f178),
    MON(181, PT, "month Q1 reactive reading", ZH_165, l_0d_f178),
    MON(182, PT, "month Q2 reactive reading", ZH_166, l_0d_f178),
    MON(183, PT, "month Q3 reactive reading", ZH_167, l_0d_f178),
    MON(184, PT, "month Q4 reactive reading", ZH_168, l_0d_f178),
    /* group 24: daily and reading-day frozen max demand */
    DAY(185, PT, "day forward active max demand", ZH_185, l_0d_f185),
    DAY(186, PT, "day forward reactive max demand", ZH_186, l_0d_f186),
    DAY(187, PT, "day reverse active max demand", ZH_187, l_0d_f185),
    DAY(188, PT, "day reverse reactive max demand", ZH_188, l_0d_f186),
    DAY(189, PT, "reading-day forward active max demand", ZH_185, l_0d_f185),
    DAY(190, PT, "reading-day forward reactive max demand", ZH_186, l_0d_f186),
    DAY(191, PT, "reading-day reverse active max demand", ZH_187, l_0d_f185),
    DAY(192, PT, "reading-day reverse reactive max demand", ZH_188, l_0d_f186),
    /* group 25: monthly frozen max demand */
    MON(193, PT, "month forward active max demand", ZH_185, l_0d_f193),
    MON(194, PT, "month forward reactive max demand", ZH_186, l_0d_f194),
    MON(195, PT, "month reverse active max demand", ZH_187, l_0d_f193),
    MON(196, PT, "month reverse reactive max demand", ZH_188, l_0d_f194),
    /* group 26: time-zone frozen forward active readings (Table 338) */
    MON(201, PT, "zone 1 forward active reading", "第一时区冻结正向有功电能示值（总、费率1～M）",
        l_0d_f177),
    MON(202, PT, "zone 2 forward active reading", "第二时区冻结正向有功电能示值（总、费率1～M）",
        l_0d_f177),
    MON(203, PT, "zone 3 forward active reading", "第三时区冻结正向有功电能示值（总、费率1～M）",
        l_0d_f177),
    MON(204, PT, "zone 4 forward active reading", "第四时区冻结正向有功电能示值（总、费率1～M）",
        l_0d_f177),
    MON(205, PT, "zone 5 forward active reading", "第五时区冻结正向有功电能示值（总、费率1～M）",
        l_0d_f177),
    MON(206, PT, "zone 6 forward active reading", "第六时区冻结正向有功电能示值（总、费率1～M）",
        l_0d_f177),
    MON(207, PT, "zone 7 forward active reading", "第七时区冻结正向有功电能示值（总、费率1～M）",
        l_0d_f177),
    MON(208, PT, "zone 8 forward active reading", "第八时区冻结正向有功电能示值（总、费率1～M）",
        l_0d_f177),
    /* group 27: meter records */
    DAY(209, PT, "day meter remote switch state and record", "电能表远程控制通断电状态及记录",
        X(209)),
    DAY(210, PT, "day meter purchase and usage", "日冻结电能表购、用电信息", X(210)),
    DAY(211, PT, "day unbalance 95% values", "日冻结三相电压、电流不平衡度95％概率值", X(211)),
    MON(212, PT, "month unbalance 95% values", "月冻结三相电压、电流不平衡度95％概率值", X(212)),
    MON(213, PT, "month meter programming and cover openings", "电能表开关操作次数及时间", X(213)),
    MON(214, PT, "month meter parameter changes", "电能表参数修改次数及时间", X(214)),
    MON(215, PT, "month meter purchase and usage", "电能表购、用电信息", X(215)),
    MON(216, PT, "month meter settlement", "电能表结算信息", X(216)),
    /* group 28 */
    CRV(217, P0, "carrier main node white noise curve", "台区集中抄表载波主节点白噪声曲线", X(217)),
    CRV(218, P0, "carrier main node coloured noise curve", "台区集中抄表载波主节点色噪声曲线",
        X(218)),
    CRV(219, PT, "combined data curve", "测量点组合数据曲线", l_0d_f219),
    {.layout = NULL},
};

/* Rows before the terminator (catalog.c looks tables up without scanning them). */
const size_t gdw13761_cat_afn0d_n = sizeof gdw13761_cat_afn0d / sizeof gdw13761_cat_afn0d[0] - 1;
