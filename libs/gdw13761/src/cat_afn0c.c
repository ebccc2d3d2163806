/* AFN0C request class 1 data (Q/GDW 1376.1-2013 §5.12, Table 129).
 *
 * The request (DOWN) carries no data unit: every Fn has an empty DOWN row.
 * The answer (UP) carries the data unit of §5.12.2.4. Per-meter items start
 * with the terminal's reading time read_time (A.15).
 *
 * Catalogued: F2-F14, F17-F49, F57-F58, F65-F67, F73, F81-F84, F89-F103,
 * F105-F116, F121, F129-F170 (F163, F164 spare), F177-F178. Spare or without
 * a data unit in §5.12.2.4: F1, F15-F16, F50-F56, F59-F64, F68-F72, F74-F80,
 * F85-F88, F104, F117-F120, F122-F128, F163-F164, F171-F176, F179 on.
 */
#include "cat_afn0c.h"
#include "cat_tables.h"

/* ---- shared elements ---------------------------------------------------- */

#define READ_TIME    GDW_CAT_READ_TIME
#define TARIFF_COUNT GDW_CAT_TARIFF_COUNT
#define TARIFFS      GDW_CAT_TARIFFS

/* ---- group 1/2: terminal (p0) ------------------------------------------ */

/* F2 Table 130 */
static const gdw_field l_0c_f2[] = {GDW_F("time", GDW_A1, NULL), GDW_END};

/* F3 Table 131: D0..D247 = AFN04 F1..F248 is set */
static const gdw_field l_0c_f3[] = {GDW_BSF("params", 31), GDW_END};

/* F4 Table 132: 1 allowed, 2 forbidden, 0/3 invalid */
static const gdw_field f4_bits[] = {GDW_BITF("report", 0, 2), GDW_BITF("talk", 2, 2),
                                    GDW_BITF("reserved", 4, 4), GDW_END};
static const gdw_field l_0c_f4[] = {GDW_BITS(1, f4_bits), GDW_END};

/* F5 Table 133. One block per total-add group whose bit is set in
 * group_valid, in group order; the count is not on the wire, so the blocks
 * run to the end of the data unit. */
static const gdw_field f5_group[] = {
    GDW_BINF("power_scheme", 1, NULL), /* D0-D1 power-control scheme number */
    GDW_BSF("period_valid", 1),        /* D0-D7 periods 1-8 */
    GDW_BSF("power_control", 1),       /* D0 period, D1 rest-day, D2 shutdown, D3 downturn */
    GDW_BSF("energy_control", 1),      /* D0 monthly, D1 purchase */
    GDW_BSF("power_rounds", 1),        /* D0-D7 rounds 1-8 under power control */
    GDW_BSF("energy_rounds", 1),       /* D0-D7 rounds 1-8 under energy control */
    GDW_END,
};
static const gdw_field l_0c_f5[] = {
    GDW_BSF("protect", 1),     /* D0 keep-power, D1 exclude, D2 fee alarm */
    GDW_BSF("group_valid", 1), /* D0-D7 total-add groups 1-8 */
    GDW_REP_REST("groups", f5_group),
    GDW_END,
};

/* F6 Table 134; blocks as in F5 */
static const gdw_field f6_group[] = {
    GDW_F("power_limit", GDW_A2, "kW"),
    GDW_F("downturn_factor", GDW_A4, "%"),
    GDW_BSF("power_trip", 1),
    GDW_BSF("monthly_trip", 1),
    GDW_BSF("purchase_trip", 1),
    GDW_BSF("power_alarm", 1),  /* D0 period, D1 rest-day, D2 shutdown, D3 downturn */
    GDW_BSF("energy_alarm", 1), /* D0 monthly, D1 purchase */
    GDW_END,
};
static const gdw_field l_0c_f6[] = {
    GDW_BSF("remote_trip", 1), /* D0-D7 rounds 1-8: 1 tripped */
    GDW_BSF("fee_alarm", 1),   /* D0 */
    GDW_BSF("group_valid", 1), GDW_REP_REST("groups", f6_group), GDW_END,
};

/* F7 Table 135 */
static const gdw_field l_0c_f7[] = {
    GDW_BINF("ec1", 1, NULL),
    GDW_BINF("ec2", 1, NULL),
    GDW_END,
};

/* F8 Table 136: D0..D63 = ERC1..ERC64 */
static const gdw_field l_0c_f8[] = {GDW_BSF("erc_flags", 8), GDW_END};

/* F9 Table 137: ST 1 closed; CD 1 changed since last transfer */
static const gdw_field l_0c_f9[] = {GDW_BSF("state", 1), GDW_BSF("changed", 1), GDW_END};

/* F10 Table 138 */
static const gdw_field l_0c_f10[] = {
    GDW_BINF("day_bytes", 4, "byte"),
    GDW_BINF("month_bytes", 4, "byte"),
    GDW_END,
};

/* F11 Table 139 */
static const gdw_field f11_state[] = {
    GDW_BITF("busy", 0, 1),           /* D0 reading now */
    GDW_BITF("done_in_period", 1, 1), /* D1 finished within the task period */
    GDW_BITF("reserved", 2, 6),       /* kept so that the byte re-encodes as it came */
    GDW_END,
};
static const gdw_field f11_block[] = {
    GDW_BINF("port", 1, NULL),        GDW_BINF("meters", 2, NULL),
    GDW_BITS(1, f11_state),           GDW_BINF("success", 2, NULL),
    GDW_BINF("key_success", 1, NULL), GDW_F("start", GDW_A1, NULL),
    GDW_F("end", GDW_A1, NULL),       GDW_END,
};
static const gdw_field l_0c_f11[] = {
    GDW_BINF("count", 1, NULL),
    GDW_REP("ports", "count", 0, f11_block),
    GDW_END,
};

/* F12 Table 140: 2 bits per control output 1-4 (normally open, normally
 * closed contact), ST 1 = connected, CD 1 = changed */
static const gdw_field f12_bits[] = {
    GDW_BITF("output1", 0, 2),
    GDW_BITF("output2", 2, 2),
    GDW_BITF("output3", 4, 2),
    GDW_BITF("output4", 6, 2),
    GDW_END,
};
static const gdw_field f12_byte[] = {GDW_BITS(1, f12_bits), GDW_END};
static const gdw_field l_0c_f12[] = {
    GDW_GROUP("state", f12_byte),
    GDW_GROUP("changed", f12_byte),
    GDW_END,
};

/* F13 Table 141; protocol as AFN04 F10 */
static const gdw_field f13_meter[] = {
    GDW_F("addr", GDW_A12, NULL),
    GDW_BINF("protocol", 1, NULL),
    GDW_F("collector_addr", GDW_A12, NULL),
    GDW_END,
};
static const gdw_field l_0c_f13[] = {
    GDW_BINF("total", 2, NULL),
    GDW_BINF("count", 2, NULL),
    GDW_REP("meters", "count", 0, f13_meter),
    GDW_END,
};

/* F14 Table 142: bit n = segment n of the group not received */
static const gdw_field l_0c_f14[] = {
    GDW_BINF("group", 2, NULL),
    GDW_BSF("missing", 128),
    GDW_END,
};

/* ---- group 4/5: measurement point real-time values ---------------------- */

/* F25 Table 149 (the standard prints "kW" for the reactive powers; kvar is meant) */
static const gdw_field l_0c_f25[] = {
    READ_TIME,
    GDW_F("power", GDW_A9, "kW"),
    GDW_F("power_a", GDW_A9, "kW"),
    GDW_F("power_b", GDW_A9, "kW"),
    GDW_F("power_c", GDW_A9, "kW"),
    GDW_F("q", GDW_A9, "kvar"),
    GDW_F("q_a", GDW_A9, "kvar"),
    GDW_F("q_b", GDW_A9, "kvar"),
    GDW_F("q_c", GDW_A9, "kvar"),
    GDW_F("pf", GDW_A5, "%"),
    GDW_F("pf_a", GDW_A5, "%"),
    GDW_F("pf_b", GDW_A5, "%"),
    GDW_F("pf_c", GDW_A5, "%"),
    GDW_INCLUDE(gdw13761_f_volt3),
    GDW_INCLUDE(gdw13761_f_curr3),
    GDW_F("current_0", GDW_A25, "A"),
    GDW_F("s", GDW_A9, "kVA"),
    GDW_F("s_a", GDW_A9, "kVA"),
    GDW_F("s_b", GDW_A9, "kVA"),
    GDW_F("s_c", GDW_A9, "kVA"),
    GDW_END,
};

/* F26 Table 150 */
const gdw_field gdw13761_l0c_f26[] = {
    READ_TIME,
    GDW_F("count", GDW_A10, NULL),
    GDW_F("count_a", GDW_A10, NULL),
    GDW_F("count_b", GDW_A10, NULL),
    GDW_F("count_c", GDW_A10, NULL),
    GDW_F("minutes", GDW_A10, "min"),
    GDW_F("minutes_a", GDW_A10, "min"),
    GDW_F("minutes_b", GDW_A10, "min"),
    GDW_F("minutes_c", GDW_A10, "min"),
    GDW_F("start", GDW_A17, NULL),
    GDW_F("start_a", GDW_A17, NULL),
    GDW_F("start_b", GDW_A17, NULL),
    GDW_F("start_c", GDW_A17, NULL),
    GDW_F("end", GDW_A17, NULL),
    GDW_F("end_a", GDW_A17, NULL),
    GDW_F("end_b", GDW_A17, NULL),
    GDW_F("end_c", GDW_A17, NULL),
    GDW_END,
};

/* F27 Table 151 */
static const gdw_field l_0c_f27[] = {
    READ_TIME,
    GDW_F("meter_clock", GDW_A1, NULL),
    GDW_F("battery_minutes", GDW_A27, "min"),
    GDW_F("program_count", GDW_A10, NULL),
    GDW_F("last_program", GDW_A1, NULL),
    GDW_F("clear_count", GDW_A10, NULL),
    GDW_F("last_clear", GDW_A1, NULL),
    GDW_F("demand_clear_count", GDW_A10, NULL),
    GDW_F("last_demand_clear", GDW_A1, NULL),
    GDW_F("event_clear_count", GDW_A10, NULL),
    GDW_F("last_event_clear", GDW_A1, NULL),
    GDW_F("time_set_count", GDW_A10, NULL),
    GDW_F("last_time_set", GDW_A1, NULL),
    GDW_END,
};

/* F28 Table 152: change flags 1-7, then status words 1-7 (Figs. 34-40) */
static const gdw_field l_0c_f28[] = {
    READ_TIME,
    GDW_REPN("changed", 7, E_BS16),
    GDW_REPN("status", 7, E_BS16),
    GDW_END,
};

/* F29 Table 153, F30 Table 154 */
static const gdw_field l_0c_f29[] = {
    READ_TIME,
    GDW_F("copper_loss", GDW_A14, "kWh"),
    GDW_F("iron_loss", GDW_A14, "kWh"),
    GDW_END,
};

/* F31 Table 155, F32 Table 156: phases A, B, C */
static const gdw_field f31_phase[] = {
    GDW_F("fwd_active", GDW_A14, "kWh"),
    GDW_F("rev_active", GDW_A14, "kWh"),
    GDW_F("reactive1", GDW_A11, "kvarh"),
    GDW_F("reactive2", GDW_A11, "kvarh"),
    GDW_END,
};
static const gdw_field l_0c_f31[] = {READ_TIME, GDW_REPN("phases", 3, f31_phase), GDW_END};

/* F33 Table 157, F37 Table 161 (previous settlement day) */
const gdw_field gdw13761_l0c_f33[] = {
    READ_TIME,
    TARIFF_COUNT,
    TARIFFS("fwd_active", E_A14_KWH),
    TARIFFS("fwd_reactive", E_A11_KVARH),
    TARIFFS("q1_reactive", E_A11_KVARH),
    TARIFFS("q4_reactive", E_A11_KVARH),
    GDW_END,
};

/* F34 Table 158, F38 */
const gdw_field gdw13761_l0c_f34[] = {
    READ_TIME,
    TARIFF_COUNT,
    TARIFFS("rev_active", E_A14_KWH),
    TARIFFS("rev_reactive", E_A11_KVARH),
    TARIFFS("q2_reactive", E_A11_KVARH),
    TARIFFS("q3_reactive", E_A11_KVARH),
    GDW_END,
};

/* F35 Table 159, F39: all demands, then all their times */
const gdw_field gdw13761_l0c_f35[] = {
    READ_TIME,
    TARIFF_COUNT,
    TARIFFS("fwd_active_demand", E_A23_KW),
    TARIFFS("fwd_active_time", E_A17),
    TARIFFS("fwd_reactive_demand", E_A23_KVAR),
    TARIFFS("fwd_reactive_time", E_A17),
    GDW_END,
};

/* F36 Table 160, F40 */
const gdw_field gdw13761_l0c_f36[] = {
    READ_TIME,
    TARIFF_COUNT,
    TARIFFS("rev_active_demand", E_A23_KW),
    TARIFFS("rev_active_time", E_A17),
    TARIFFS("rev_reactive_demand", E_A23_KVAR),
    TARIFFS("rev_reactive_time", E_A17),
    GDW_END,
};

/* ---- group 3: total-add groups ------------------------------------------ */

/* F17 Table 143, F24 Table 148 */
static const gdw_field l_0c_f17[] = {GDW_F("power", GDW_A2, "kW"), GDW_END};
/* F18 Table 144 */
static const gdw_field l_0c_f18[] = {GDW_F("q", GDW_A2, "kvar"), GDW_END};

/* F19, F21 (Table 145; F21 "as 5.12.2.4.15", one section early as in F137) */
const gdw_field gdw13761_l0c_f19[] = {TARIFF_COUNT, TARIFFS("energy", E_A3_KWH), GDW_END};
/* F20, F22 Table 146 */
const gdw_field gdw13761_l0c_f20[] = {TARIFF_COUNT, TARIFFS("energy", E_A3_KVARH), GDW_END};

/* F23 Table 147: kWh, or li (厘) for a fee-based purchase control; A.3 G
 * picks kWh/MWh or li/yuan, the value is in the smaller unit */
static const gdw_field l_0c_f23[] = {GDW_F("remaining", GDW_A3, NULL), GDW_END};

/* ---- groups 6-10: energy of the day/month, angles, harmonics, capacitors - */

/* F41-F48 Tables 165-172: day/month energy, no reading time */
const gdw_field gdw13761_l0c_f41[] = {TARIFF_COUNT, TARIFFS("energy", E_A13_KWH), GDW_END};
const gdw_field gdw13761_l0c_f42[] = {TARIFF_COUNT, TARIFFS("energy", E_A13_KVARH), GDW_END};

/* F49 Table 173 */
static const gdw_field l_0c_f49[] = {
    GDW_INCLUDE(gdw13761_f_volt_angles),
    GDW_INCLUDE(gdw13761_f_curr_angles),
    GDW_END,
};

/* F57 Table 174: N (<= 19), then harmonics 2..N per phase, voltages first */
#define HARMONICS(name, elem) GDW_REP(name, "n", -1, elem)
static const gdw_field l_0c_f57[] = {
    GDW_BINF("n", 1, NULL),         HARMONICS("voltage_a", E_A7_V),
    HARMONICS("voltage_b", E_A7_V), HARMONICS("voltage_c", E_A7_V),
    HARMONICS("current_a", E_A6_A), HARMONICS("current_b", E_A6_A),
    HARMONICS("current_c", E_A6_A), GDW_END,
};

/* F58 Table 175: voltage ratios with a total before each phase's 2..N */
static const gdw_field l_0c_f58[] = {
    GDW_BINF("n", 1, NULL),
    GDW_F("voltage_a_total", GDW_A5, "%"),
    HARMONICS("voltage_a", E_A5_PCT),
    GDW_F("voltage_b_total", GDW_A5, "%"),
    HARMONICS("voltage_b", E_A5_PCT),
    GDW_F("voltage_c_total", GDW_A5, "%"),
    HARMONICS("voltage_c", E_A5_PCT),
    HARMONICS("current_a", E_A5_PCT),
    HARMONICS("current_b", E_A5_PCT),
    HARMONICS("current_c", E_A5_PCT),
    GDW_END,
};

/* F65 Table 176: mode D0 local auto .. D7 local manual; D0-D8 banks 1-9 in */
static const gdw_field l_0c_f65[] = {GDW_BSF("mode", 1), GDW_BSF("switched", 2), GDW_END};

/* F66 Table 177: banks 1-9 */
const gdw_field gdw13761_l0c_f66[] = {
    GDW_REPN("seconds", 9, E_BIN4_S),
    GDW_REPN("counts", 9, E_BIN4),
    GDW_END,
};

/* F67 Table 178 */
const gdw_field gdw13761_l0c_f67[] = {
    GDW_F("day", GDW_A13, "kvarh"),
    GDW_F("month", GDW_A13, "kvarh"),
    GDW_END,
};

/* F73 Table 179 */
static const gdw_field l_0c_f73[] = {GDW_F("value", GDW_A2, NULL), GDW_END};

/* ---- groups 11-16: hourly frozen (Td_h) ---------------------------------- */

/* Td_h (Fig. 41): the hour (BCD in D0-D5, D6-D7 spare) and the density m of
 * Appendix C, which fixes the number of points in the hour: 1 -> 4 (15 min),
 * 2 -> 2, 3 -> 1, 254 -> 12 (5 min), 255 -> 60 (1 min), 0 -> none. The points
 * are the object "points" {values: [...]}; another density leaves the rest
 * of the data unit as raw bytes. */
#define HOURLY(id, fmt, unit)                                                                      \
    static const gdw_field id##_e[] = {GDW_F(NULL, fmt, unit), GDW_END};                           \
    static const gdw_field id##_4[] = {GDW_REPN("values", 4, id##_e), GDW_END};                    \
    static const gdw_field id##_2[] = {GDW_REPN("values", 2, id##_e), GDW_END};                    \
    static const gdw_field id##_1[] = {GDW_REPN("values", 1, id##_e), GDW_END};                    \
    static const gdw_field id##_12[] = {GDW_REPN("values", 12, id##_e), GDW_END};                  \
    static const gdw_field id##_60[] = {GDW_REPN("values", 60, id##_e), GDW_END};                  \
    static const gdw_case id##_c[] = {                                                             \
        {0, "no freeze", gdw13761_empty},                                                          \
        {1, "15 min", id##_4},                                                                     \
        {2, "30 min", id##_2},                                                                     \
        {3, "60 min", id##_1},                                                                     \
        {254, "5 min", id##_12},                                                                   \
        {255, "1 min", id##_60},                                                                   \
        {0, NULL, NULL},                                                                           \
    };                                                                                             \
    static const gdw_field id[] = {                                                                \
        GDW_BCDF("hour", 1, NULL),                                                                 \
        GDW_BINF("density", 1, NULL),                                                              \
        GDW_SWITCH("points", "density", id##_c),                                                   \
        GDW_END,                                                                                   \
    }

HOURLY(l_0c_f81, GDW_A2, "kW");      /* F81 Table 180 */
HOURLY(l_0c_f82, GDW_A2, "kvar");    /* F82 Table 181 */
HOURLY(l_0c_f83, GDW_A3, "kWh");     /* F83 Table 182 */
HOURLY(l_0c_f84, GDW_A3, "kvarh");   /* F84 Table 183 */
HOURLY(l_0c_f89, GDW_A9, "kW");      /* F89-F92 Table 184 */
HOURLY(l_0c_f93, GDW_A9, "kvar");    /* F93-F96 */
HOURLY(l_0c_f97, GDW_A7, "V");       /* F97-F99 */
HOURLY(l_0c_f100, GDW_A25, "A");     /* F100-F103 */
HOURLY(l_0c_f105, GDW_A13, "kWh");   /* F105, F107 */
HOURLY(l_0c_f106, GDW_A13, "kvarh"); /* F106, F108 */
HOURLY(l_0c_f109, GDW_A11, "kWh");   /* F109, F111 */
HOURLY(l_0c_f110, GDW_A11, "kvarh"); /* F110, F112 */
HOURLY(l_0c_f113, GDW_A5, "%");      /* F113-F116 */
HOURLY(l_0c_f121, GDW_A2, NULL);     /* F121 */

/* ---- group 17-21: readings ---------------------------------------------- */

/* F129, F131, F137, F139, F177, F178 (Tables 198, 200, 219, 220): one active
 * reading, total + tariffs. The quantity is named by the Fn. */
#define READINGS(name, elem)                                                                       \
    {                                                                                              \
        READ_TIME, TARIFF_COUNT, TARIFFS(name, elem), GDW_END                                      \
    }
const gdw_field gdw13761_l0c_f129[] = READINGS("energy", E_A14_KWH);

/* F130, F132-F136, F138, F140-F144 (Tables 199, 201-205): one reactive reading */
const gdw_field gdw13761_l0c_f130[] = READINGS("energy", E_A11_KVARH);

/* F145-F152 (Tables 206-209): max demand and its time, paired per
 * total/tariff. Table 206 (F145) is lost in our copy; F146-F148 show the
 * shape, F145 takes it in kW. */
const gdw_field gdw13761_l0c_f145[] = READINGS("demand", gdw13761_f_demand_kw);
const gdw_field gdw13761_l0c_f146[] = READINGS("demand", gdw13761_f_demand_kvar);

/* F161 Table 211: state 00H off, 11H on */
const gdw_field gdw13761_l0c_f161[] = {
    READ_TIME,
    GDW_BINF("state", 1, NULL),
    GDW_F("last_close", GDW_A1, NULL),
    GDW_F("last_trip", GDW_A1, NULL),
    GDW_END,
};

/* F162 Table 212 */
static const gdw_field l_0c_f162[] = {READ_TIME, GDW_F("meter_clock", GDW_A1, NULL), GDW_END};

/* F165 Table 213 */
const gdw_field gdw13761_l0c_f165[] = {
    READ_TIME,
    GDW_F("program_count", GDW_A10, NULL),
    GDW_F("last_program", GDW_A1, NULL),
    GDW_F("cover_open_count", GDW_A10, NULL),
    GDW_F("last_cover_open", GDW_A1, NULL),
    GDW_END,
};

/* F166 Table 214 */
const gdw_field gdw13761_l0c_f166[] = {
    READ_TIME,
    GDW_F("time_set_count", GDW_A10, NULL),
    GDW_F("before_time_set", GDW_A1, NULL),
    GDW_F("after_time_set", GDW_A1, NULL),
    GDW_F("schedule_program_count", GDW_A10, NULL),
    GDW_F("last_schedule_program", GDW_A1, NULL),
    GDW_END,
};

/* F167 Table 215 */
const gdw_field gdw13761_l0c_f167[] = {
    READ_TIME,
    GDW_F("purchase_count", GDW_A8, NULL),
    GDW_F("remaining_money", GDW_A14, "yuan"),
    GDW_F("total_purchase_money", GDW_A14, "yuan"),
    GDW_F("remaining_energy", GDW_A11, "kWh"),
    GDW_F("overdraft_energy", GDW_A11, "kWh"),
    GDW_F("total_purchase_energy", GDW_A11, "kWh"),
    GDW_F("credit_limit_energy", GDW_A11, "kWh"),
    GDW_F("alarm_energy", GDW_A11, "kWh"),
    GDW_F("fault_energy", GDW_A11, "kWh"),
    GDW_END,
};

/* F168 Table 216 (M is printed as "A.8 BIN 1": one BIN byte, like every other M) */
const gdw_field gdw13761_l0c_f168[] = {
    READ_TIME, TARIFF_COUNT, TARIFFS("settled", E_A14_KWH), TARIFFS("unsettled", E_A14_KWH),
    GDW_END,
};

/* F169 Table 217: n routes of m relay levels each (n = 0: direct) */
static const gdw_field f169_route[] = {
    GDW_BINF("levels", 1, NULL),
    GDW_REP("relays", "levels", 0, E_A12),
    GDW_END,
};
static const gdw_field l_0c_f169[] = {
    GDW_BINF("port", 1, NULL),
    GDW_BINF("count", 1, NULL),
    GDW_REP("routes", "count", 0, f169_route),
    GDW_END,
};

/* F170 Table 218 */
static const gdw_field f170_phase[] = {
    GDW_BITF("meter_phase", 0, 3), /* D0 A, D1 B, D2 C */
    GDW_BITF("read_phase", 4, 3),  /* D4 A, D5 B, D6 C */
    GDW_BITF("reserved_d3", 3, 1), GDW_BITF("reserved_d7", 7, 1), GDW_END,
};
static const gdw_field f170_quality[] = {
    GDW_BITF("rx_quality", 0, 4), /* meter receive quality 1-15 */
    GDW_BITF("tx_quality", 4, 4), /* meter send quality 1-15 */
    GDW_END,
};
static const gdw_field l_0c_f170[] = {
    GDW_BINF("port", 1, NULL),
    GDW_BINF("relay_levels", 1, NULL),
    GDW_BITS(1, f170_phase),
    GDW_BITS(1, f170_quality),
    GDW_BINF("last_ok", 1, NULL), /* 1 success, 0 failure */
    GDW_F("last_ok_time", GDW_A1, NULL),
    GDW_F("last_fail_time", GDW_A1, NULL),
    GDW_BINF("fail_count", 1, NULL),
    GDW_END,
};

/* ---- the table ---------------------------------------------------------- */

#define P0 GDW13761_PN_P0
#define PT GDW13761_PN_POINT
#define GR GDW13761_PN_GROUP
#define DC GDW13761_PN_DIRECT
/* DOWN (empty request) and UP rows of one Fn */
#define ROWS(f, pn, en, zh, lay)                                                                   \
    {0x0C, GDW13761_DOWN, f, pn, en, zh, gdw13761_empty},                                          \
    {                                                                                              \
        0x0C, GDW13761_UP, f, pn, en, zh, lay                                                      \
    }

const gdw13761_fn gdw13761_cat_afn0c[] = {
    ROWS(2, P0, "terminal clock", "终端日历时钟", l_0c_f2),
    ROWS(3, P0, "parameter status", "终端参数状态", l_0c_f3),
    ROWS(4, P0, "uplink communication status", "终端上行通信状态", l_0c_f4),
    ROWS(5, P0, "control settings", "终端控制设置状态", l_0c_f5),
    ROWS(6, P0, "current control state", "终端当前控制状态", l_0c_f6),
    ROWS(7, P0, "event counters", "终端事件计数器当前值", l_0c_f7),
    ROWS(8, P0, "event flags", "终端事件标志状态", l_0c_f8),
    ROWS(9, P0, "status inputs and changes", "终端状态量及变位标志", l_0c_f9),
    ROWS(10, P0, "traffic with master, day and month", "终端与主站当日、月通信流量", l_0c_f10),
    ROWS(11, P0, "meter reading status", "终端集中抄表状态信息", l_0c_f11),
    ROWS(12, P0, "control output loop status and changes", "控制输出回路开关接入状态量及变位标志",
         l_0c_f12),
    ROWS(13, P0, "meters found by search", "搜索到的电表信息", l_0c_f13),
    ROWS(14, P0, "file segments not received", "文件传输未收到数据段", l_0c_f14),
    ROWS(17, GR, "group active power", "当前总加有功功率", l_0c_f17),
    ROWS(18, GR, "group reactive power", "当前总加无功功率", l_0c_f18),
    ROWS(19, GR, "group day active energy", "当日总加有功电能量（总、费率1～M）", gdw13761_l0c_f19),
    ROWS(20, GR, "group day reactive energy", "当日总加无功电能量（总、费率1～M）",
         gdw13761_l0c_f20),
    ROWS(21, GR, "group month active energy", "当月总加有功电能量（总、费率1～M）",
         gdw13761_l0c_f19),
    ROWS(22, GR, "group month reactive energy", "当月总加无功电能量（总、费率1～M）",
         gdw13761_l0c_f20),
    ROWS(23, GR, "remaining energy (fee)", "终端当前剩余电量（费）", l_0c_f23),
    ROWS(24, GR, "group power frozen after downturn control",
         "当前功率下浮控控后总加有功功率冻结值", l_0c_f17),
    ROWS(25, PT, "power, pf, voltage, current",
         "当前三相及总有/无功功率、功率因数，三相电压、电流、零序电流、视在功率", l_0c_f25),
    ROWS(26, PT, "phase break statistics", "A、B、C三相断相统计数据及最近一次断相记录",
         gdw13761_l0c_f26),
    ROWS(27, PT, "meter clock and programming", "电能表日历时钟、编程次数及其最近一次操作时间",
         l_0c_f27),
    ROWS(28, PT, "meter status words and changes", "电表运行状态字及其变位标志", l_0c_f28),
    ROWS(29, PT, "copper and iron loss readings", "当前铜损、铁损有功总电能示值", l_0c_f29),
    ROWS(30, PT, "copper and iron loss, last settlement", "上一结算日当前铜损、铁损有功总电能示值",
         l_0c_f29),
    ROWS(31, PT, "phase active and reactive readings",
         "当前A、B、C三相正/反向有功电能示值、组合无功1/2电能示值", l_0c_f31),
    ROWS(32, PT, "phase readings, last settlement",
         "上一结算日A、B、C三相正/反向有功电能示值、组合无功1/2电能示值", l_0c_f31),
    ROWS(33, PT, "forward readings, tariffs (M<=12)",
         "当前正向有/无功（组合无功1）电能示值、一/四象限无功电能示值（总、费率1～M，1≤M≤12）",
         gdw13761_l0c_f33),
    ROWS(34, PT, "reverse readings, tariffs (M<=12)",
         "当前反向有/无功（组合无功2）电能示值、二/三象限无功电能示值（总、费率1～M，1≤M≤12）",
         gdw13761_l0c_f34),
    ROWS(35, PT, "month forward max demand (M<=12)",
         "当月正向有/无功最大需量及发生时间（总、费率1～M，1≤M≤12）", gdw13761_l0c_f35),
    ROWS(36, PT, "month reverse max demand (M<=12)",
         "当月反向有/无功最大需量及发生时间（总、费率1～M，1≤M≤12）", gdw13761_l0c_f36),
    ROWS(37, PT, "last month forward readings (M<=12)",
         "上月（上一结算日）正向有/无功（组合无功1）电能示值、一/四象限无功电能示值（总、费率1～M，"
         "1≤M≤12）",
         gdw13761_l0c_f33),
    ROWS(38, PT, "last month reverse readings (M<=12)",
         "上月（上一结算日）反向有/无功（组合无功2）电能示值、二/三象限无功电能示值（总、费率1～M，"
         "1≤M≤12）",
         gdw13761_l0c_f34),
    ROWS(39, PT, "last month forward max demand (M<=12)",
         "上月（上一结算日）正向有/无功最大需量及发生时间（总、费率1～M，1≤M≤12）",
         gdw13761_l0c_f35),
    ROWS(40, PT, "last month reverse max demand (M<=12)",
         "上月（上一结算日）反向有/无功最大需量及发生时间（总、费率1～M，1≤M≤12）",
         gdw13761_l0c_f36),
    ROWS(41, PT, "day forward active energy", "当日正向有功电能量（总、费率1～M）",
         gdw13761_l0c_f41),
    ROWS(42, PT, "day forward reactive energy", "当日正向无功电能量（总、费率1～M）",
         gdw13761_l0c_f42),
    ROWS(43, PT, "day reverse active energy", "当日反向有功电能量（总、费率1～M）",
         gdw13761_l0c_f41),
    ROWS(44, PT, "day reverse reactive energy", "当日反向无功电能量（总、费率1～M）",
         gdw13761_l0c_f42),
    ROWS(45, PT, "month forward active energy", "当月正向有功电能量（总、费率1～M）",
         gdw13761_l0c_f41),
    ROWS(46, PT, "month forward reactive energy", "当月正向无功电能量（总、费率1～M）",
         gdw13761_l0c_f42),
    ROWS(47, PT, "month reverse active energy", "当月反向有功电能量（总、费率1～M）",
         gdw13761_l0c_f41),
    ROWS(48, PT, "month reverse reactive energy", "当月反向无功电能量（总、费率1～M）",
         gdw13761_l0c_f42),
    ROWS(49, PT, "voltage and current phase angles", "当前电压、电流相位角", l_0c_f49),
    ROWS(57, PT, "harmonic RMS values 2..N", "当前A、B、C三相电压、电流2～N次谐波有效值", l_0c_f57),
    ROWS(58, PT, "harmonic ratios 2..N", "当前A、B、C三相电压、电流2～N次谐波含有率", l_0c_f58),
    ROWS(65, PT, "capacitor switching state", "当前电容器投切状态", l_0c_f65),
    ROWS(66, PT, "capacitor time and count in service", "当前电容器累计补偿投入时间和次数",
         gdw13761_l0c_f66),
    ROWS(67, PT, "capacitor compensated energy, day and month",
         "当日、当月电容器累计补偿的无功电能量", gdw13761_l0c_f67),
    ROWS(73, DC, "DC analogue value", "直流模拟量当前数据", l_0c_f73),
    ROWS(81, GR, "hourly group active power", "小时冻结总加有功功率", l_0c_f81),
    ROWS(82, GR, "hourly group reactive power", "小时冻结总加无功功率", l_0c_f82),
    ROWS(83, GR, "hourly group active energy", "小时冻结总加有功总电能量", l_0c_f83),
    ROWS(84, GR, "hourly group reactive energy", "小时冻结总加无功总电能量", l_0c_f84),
    ROWS(89, PT, "hourly active power", "小时冻结有功功率", l_0c_f89),
    ROWS(90, PT, "hourly phase A active power", "小时冻结A相有功功率", l_0c_f89),
    ROWS(91, PT, "hourly phase B active power", "小时冻结B相有功功率", l_0c_f89),
    ROWS(92, PT, "hourly phase C active power", "小时冻结C相有功功率", l_0c_f89),
    ROWS(93, PT, "hourly reactive power", "小时冻结无功功率", l_0c_f93),
    ROWS(94, PT, "hourly phase A reactive power", "小时冻结A相无功功率", l_0c_f93),
    ROWS(95, PT, "hourly phase B reactive power", "小时冻结B相无功功率", l_0c_f93),
    ROWS(96, PT, "hourly phase C reactive power", "小时冻结C相无功功率", l_0c_f93),
    ROWS(97, PT, "hourly phase A voltage", "小时冻结A相电压", l_0c_f97),
    ROWS(98, PT, "hourly phase B voltage", "小时冻结B相电压", l_0c_f97),
    ROWS(99, PT, "hourly phase C voltage", "小时冻结C相电压", l_0c_f97),
    ROWS(100, PT, "hourly phase A current", "小时冻结A相电流", l_0c_f100),
    ROWS(101, PT, "hourly phase B current", "小时冻结B相电流", l_0c_f100),
    ROWS(102, PT, "hourly phase C current", "小时冻结C相电流", l_0c_f100),
    ROWS(103, PT, "hourly zero-sequence current", "小时冻结零序电流", l_0c_f100),
    ROWS(105, PT, "hourly forward active energy", "小时冻结正向有功总电能量", l_0c_f105),
    ROWS(106, PT, "hourly forward reactive energy", "小时冻结正向无功总电能量", l_0c_f106),
    ROWS(107, PT, "hourly reverse active energy", "小时冻结反向有功总电能量", l_0c_f105),
    ROWS(108, PT, "hourly reverse reactive energy", "小时冻结反向无功总电能量", l_0c_f106),
    ROWS(109, PT, "hourly forward active reading", "小时冻结正向有功总电能示值", l_0c_f109),
    ROWS(110, PT, "hourly forward reactive reading", "小时冻结正向无功总电能示值", l_0c_f110),
    ROWS(111, PT, "hourly reverse active reading", "小时冻结反向有功总电能示值", l_0c_f109),
    ROWS(112, PT, "hourly reverse reactive reading", "小时冻结反向无功总电能示值", l_0c_f110),
    ROWS(113, PT, "hourly power factor", "小时冻结总功率因数", l_0c_f113),
    ROWS(114, PT, "hourly phase A power factor", "小时冻结A相功率因数", l_0c_f113),
    ROWS(115, PT, "hourly phase B power factor", "小时冻结B相功率因数", l_0c_f113),
    ROWS(116, PT, "hourly phase C power factor", "小时冻结C相功率因数", l_0c_f113),
    ROWS(121, DC, "hourly DC analogue", "小时冻结直流模拟量", l_0c_f121),
    ROWS(129, PT, "forward active reading, tariffs", "当前正向有功电能示值（总、费率1～M）",
         gdw13761_l0c_f129),
    ROWS(130, PT, "forward reactive reading, tariffs",
         "当前正向无功（组合无功1）电能示值（总、费率1～M）", gdw13761_l0c_f130),
    ROWS(131, PT, "reverse active reading, tariffs", "当前反向有功电能示值（总、费率1～M）",
         gdw13761_l0c_f129),
    ROWS(132, PT, "reverse reactive reading, tariffs",
         "当前反向无功（组合无功2）电能示值（总、费率1～M）", gdw13761_l0c_f130),
    ROWS(133, PT, "Q1 reactive reading, tariffs", "当前一象限无功电能示值（总、费率1～M）",
         gdw13761_l0c_f130),
    ROWS(134, PT, "Q2 reactive reading, tariffs", "当前二象限无功电能示值（总、费率1～M）",
         gdw13761_l0c_f130),
    ROWS(135, PT, "Q3 reactive reading, tariffs", "当前三象限无功电能示值（总、费率1～M）",
         gdw13761_l0c_f130),
    ROWS(136, PT, "Q4 reactive reading, tariffs", "当前四象限无功电能示值（总、费率1～M）",
         gdw13761_l0c_f130),
    /* F137-F144: "same as 5.12.2.4.84-91" in the text, a numbering left over
     * from 2009 that points one section early; the meaning is F129-F136. */
    ROWS(137, PT, "last month forward active reading",
         "上月（上一结算日）正向有功电能示值（总、费率1～M）", gdw13761_l0c_f129),
    ROWS(138, PT, "last month forward reactive reading",
         "上月（上一结算日）正向无功（组合无功1）电能示值（总、费率1～M）", gdw13761_l0c_f130),
    ROWS(139, PT, "last month reverse active reading",
         "上月（上一结算日）反向有功电能示值（总、费率1～M）", gdw13761_l0c_f129),
    ROWS(140, PT, "last month reverse reactive reading",
         "上月（上一结算日）反向无功（组合无功1）电能示值（总、费率1～M）", gdw13761_l0c_f130),
    ROWS(141, PT, "last month Q1 reactive reading",
         "上月（上一结算日）一象限无功电能示值（总、费率1～M）", gdw13761_l0c_f130),
    ROWS(142, PT, "last month Q2 reactive reading",
         "上月（上一结算日）二象限无功电能示值（总、费率1～M）", gdw13761_l0c_f130),
    ROWS(143, PT, "last month Q3 reactive reading",
         "上月（上一结算日）三象限无功电能示值（总、费率1～M）", gdw13761_l0c_f130),
    ROWS(144, PT, "last month Q4 reactive reading",
         "上月（上一结算日）四象限无功电能示值（总、费率1～M）", gdw13761_l0c_f130),
    ROWS(145, PT, "month forward active max demand",
         "当月正向有功最大需量及发生时间（总、费率1～M）", gdw13761_l0c_f145),
    ROWS(146, PT, "month forward reactive max demand",
         "当月正向无功最大需量及发生时间（总、费率1～M）", gdw13761_l0c_f146),
    ROWS(147, PT, "month reverse active max demand",
         "当月反向有功最大需量及发生时间（总、费率1～M）", gdw13761_l0c_f145),
    ROWS(148, PT, "month reverse reactive max demand",
         "当月反向无功最大需量及发生时间（总、费率1～M）", gdw13761_l0c_f146),
    ROWS(149, PT, "last month forward active max demand",
         "上月（上一结算日）正向有功最大需量及发生时间（总、费率1～M）", gdw13761_l0c_f145),
    ROWS(150, PT, "last month forward reactive max demand",
         "上月（上一结算日）正向无功最大需量及发生时间（总、费率1～M）", gdw13761_l0c_f146),
    ROWS(151, PT, "last month reverse active max demand",
         "上月（上一结算日）反向有功最大需量及发生时间（总、费率1～M）", gdw13761_l0c_f145),
    ROWS(152, PT, "last month reverse reactive max demand",
         "上月（上一结算日）反向无功最大需量及发生时间（总、费率1～M）", gdw13761_l0c_f146),
    ROWS(153, PT, "zone 1 forward active reading", "第一时区冻结正向有功电能示值（总、费率1～M）",
         gdw13761_l0c_f129),
    ROWS(154, PT, "zone 2 forward active reading", "第二时区冻结正向有功电能示值（总、费率1～M）",
         gdw13761_l0c_f129),
    ROWS(155, PT, "zone 3 forward active reading", "第三时区冻结正向有功电能示值（总、费率1～M）",
         gdw13761_l0c_f129),
    ROWS(156, PT, "zone 4 forward active reading", "第四时区冻结正向有功电能示值（总、费率1～M）",
         gdw13761_l0c_f129),
    ROWS(157, PT, "zone 5 forward active reading", "第五时区冻结正向有功电能示值（总、费率1～M）",
         gdw13761_l0c_f129),
    ROWS(158, PT, "zone 6 forward active reading", "第六时区冻结正向有功电能示值（总、费率1～M）",
         gdw13761_l0c_f129),
    ROWS(159, PT, "zone 7 forward active reading", "第七时区冻结正向有功电能示值（总、费率1～M）",
         gdw13761_l0c_f129),
    ROWS(160, PT, "zone 8 forward active reading", "第八时区冻结正向有功电能示值（总、费率1～M）",
         gdw13761_l0c_f129),
    ROWS(161, PT, "meter remote switch state and record", "电能表远程控制通断电状态及记录",
         gdw13761_l0c_f161),
    ROWS(162, PT, "meter clock", "电能表日历时钟", l_0c_f162),
    ROWS(165, PT, "meter programming and cover openings", "电能表开关操作次数及时间",
         gdw13761_l0c_f165),
    ROWS(166, PT, "meter parameter changes", "电能表参数修改次数及时间", gdw13761_l0c_f166),
    ROWS(167, PT, "meter purchase and usage", "电能表购、用电信息", gdw13761_l0c_f167),
    ROWS(168, PT, "meter settlement", "电能表结算信息", gdw13761_l0c_f168),
    ROWS(169, PT, "reading relay routes", "集中抄表中继路由信息", l_0c_f169),
    ROWS(170, PT, "meter reading information", "集中抄表电表抄读信息", l_0c_f170),
    ROWS(177, PT, "combined active reading, tariffs", "当前组合有功电能示值（总、费率1～M）",
         gdw13761_l0c_f129),
    ROWS(178, PT, "combined active reading, last settlement",
         "上1结算日组合有功电能示值（总、费率1～M）", gdw13761_l0c_f129),
    {.layout = NULL},
};

/* Rows before the terminator (catalog.c looks tables up without scanning them). */
const size_t gdw13761_cat_afn0c_n = sizeof gdw13761_cat_afn0c / sizeof gdw13761_cat_afn0c[0] - 1;
