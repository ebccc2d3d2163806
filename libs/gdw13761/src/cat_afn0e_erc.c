/* AFN0E event records ERC1..ERC41, transcribed from Q/GDW 1376.1-2013
 * §5.14.2.5 (Tables 354..396). Each layout is the record content after
 * ERC and Le; the record itself (gdw13761_erc_record) sizes the content by Le,
 * so extra bytes a field device appends land in "rest" and an ERC the
 * standard leaves undefined (ERC42..64 spare, 0, 65..255) is kept as raw bytes
 * of length Le. The numbering of Appendix B: ERC40 is the magnetic-field
 * anomaly of Table 395 (Table B.1's "slave node report" wording loses to the
 * record table and the 编制说明). */
#include "cat_afn0e.h"
#include "cat_common.h"

/* ---- pieces used by many records ---- */

/* D15 start/stop flag (1 occurred, 0 restored), D11..D0 measurement point. */
static const gdw_field b_pn_flag[] = {
    GDW_BITF("pn", 0, 12),
    GDW_BITF("occurred", 15, 1),
    GDW_END,
};
#define F_PN_FLAG GDW_BITS(2, b_pn_flag)

/* D15..D12 spare, D11..D0 measurement point. */
static const gdw_field b_pn[] = {
    GDW_BITF("pn", 0, 12),
    GDW_END,
};
#define F_PN GDW_BITS(2, b_pn)

/* D7..D6 spare, D5..D0 total-add group. */
static const gdw_field b_group[] = {
    GDW_BITF("group", 0, 6),
    GDW_END,
};
#define F_GROUP GDW_BITS(1, b_group)

/* Occurrence time 发生时间 (minute .. year). */
#define F_TIME GDW_F("time", GDW_A15, NULL)

/* The head of most measurement-point records: time, then the start/stop
 * flag and the point (ERC12 is this alone). */
static const gdw_field l_time_pn[] = {
    F_TIME,
    F_PN_FLAG,
    GDW_END,
};
#define TIME_PN GDW_INCLUDE(l_time_pn)

/* The head of the control records ERC6, 7, 23: time, total-add group and
 * the rounds concerned. */
static const gdw_field l_time_group_rounds[] = {
    F_TIME,
    F_GROUP,
    GDW_BSF("rounds", 1),
    GDW_END,
};

/* An energy and its limit (ERC7, 23). */
static const gdw_field l_energy_limit[] = {
    GDW_F("energy", GDW_A3, "kWh"),
    GDW_F("energy_limit", GDW_A3, "kWh"),
    GDW_END,
};

/* Phase flags D0..D2 and a 2-bit code in D6..D7 (ERC9, 10, 24, 25, 34). */
#define PHASE_BITS(code)                                                                           \
    GDW_BITF("phase_a", 0, 1), GDW_BITF("phase_b", 1, 1), GDW_BITF("phase_c", 2, 1),               \
        GDW_BITF((code), 6, 2), GDW_END

/* ---- ERC1 data initialisation / version change (Table 354) ---- */
static const gdw_field b_erc1[] = {
    GDW_BITF("init", 0, 1),
    GDW_BITF("version_change", 1, 1),
    GDW_END,
};
static const gdw_field l_erc1[] = {
    F_TIME, /* initialisation / version change time */
    GDW_BITS(1, b_erc1),
    GDW_ASCIIF("old_version", 4),
    GDW_ASCIIF("new_version", 4),
    GDW_END,
};

/* ---- ERC2 parameter loss (Table 355) ---- */
static const gdw_field b_erc2[] = {
    GDW_BITF("terminal_lost", 0, 1),
    GDW_BITF("point_lost", 1, 1),
    GDW_END,
};
static const gdw_field l_erc2[] = {
    F_TIME,
    GDW_BITS(1, b_erc2),
    GDW_END,
};

/* ---- ERC3 parameter change (Table 356): master address, then the changed
 * data unit identifiers (4 bytes each) up to the end of the record ---- */
static const gdw_field l_erc3[] = {
    F_TIME,
    GDW_BINF("msa", 1, NULL),
    GDW_REP_REST("changed", E_DADT),
    GDW_END,
};

/* ---- ERC4 state-input change (Table 357); ERC36 control-output loop state
 * change (Table 391) has the same shape: D0..D7 per input ---- */
static const gdw_field l_erc4[] = {
    F_TIME,
    GDW_BSF("changed", 1),
    GDW_BSF("state", 1),
    GDW_END,
};

/* ---- ERC5 remote-control trip (Table 358) ---- */
static const gdw_field l_erc5[] = {
    F_TIME,
    GDW_BSF("rounds", 1),
    GDW_F("power", GDW_A2, "kW"),
    GDW_F("power_after_2min", GDW_A2, "kW"),
    GDW_END,
};

/* ---- ERC6 power-control trip (Table 359) ---- */
static const gdw_field b_erc6_kind[] = {
    GDW_BITF("period_ctrl", 0, 1),
    GDW_BITF("rest_day_ctrl", 1, 1),
    GDW_BITF("shutdown_ctrl", 2, 1),
    GDW_BITF("downfloat_ctrl", 3, 1),
    GDW_END,
};
static const gdw_field l_erc6[] = {
    GDW_INCLUDE(l_time_group_rounds),    GDW_BITS(1, b_erc6_kind),
    GDW_F("power_before", GDW_A2, "kW"), GDW_F("power_after_2min", GDW_A2, "kW"),
    GDW_F("power_limit", GDW_A2, "kW"),  GDW_END,
};

/* ---- ERC7 energy-control trip (Table 360); for purchase control the energy
 * is the remaining energy (or fee) and the limit the trip threshold ---- */
static const gdw_field b_erc7_kind[] = {
    GDW_BITF("monthly_ctrl", 0, 1),
    GDW_BITF("purchase_ctrl", 1, 1),
    GDW_END,
};
static const gdw_field l_erc7[] = {
    GDW_INCLUDE(l_time_group_rounds),
    GDW_BITS(1, b_erc7_kind),
    GDW_INCLUDE(l_energy_limit),
    GDW_END,
};

/* ---- ERC8 meter parameter change (Table 362) ---- */
static const gdw_field b_erc8[] = {
    GDW_BITF("tariff_periods", 0, 1),
    GDW_BITF("program_time", 1, 1),
    GDW_BITF("reading_day", 2, 1),
    GDW_BITF("pulse_constant", 3, 1),
    GDW_BITF("transformer_ratio", 4, 1),
    GDW_BITF("demand_reset", 5, 1),
    GDW_END,
};
static const gdw_field l_erc8[] = {
    F_TIME,
    F_PN,
    GDW_BITS(1, b_erc8),
    GDW_END,
};

/* ---- ERC9 current-loop anomaly (Table 363): anomaly 1 short, 2 open,
 * 3 reversed; ERC10 voltage-loop anomaly (Table 364): 1 phase break,
 * 2 voltage loss. Same shape. ---- */
static const gdw_field b_loop[] = {PHASE_BITS("anomaly")};
/* ERC34 CT anomaly (Table 389) is the head of these: anomaly 1 primary
 * short, 2 secondary short, 3 secondary open */
static const gdw_field l_erc34[] = {
    TIME_PN,
    GDW_BITS(1, b_loop),
    GDW_END,
};
static const gdw_field l_erc9[] = {
    GDW_INCLUDE(l_erc34),
    GDW_INCLUDE(gdw13761_f_volt3),
    GDW_INCLUDE(gdw13761_f_curr3),
    GDW_F("fwd_active", GDW_A14, "kWh"),
    GDW_END,
};

/* ---- ERC11 phase-sequence anomaly (Table 365) ---- */
static const gdw_field l_erc11[] = {
    TIME_PN,
    GDW_F("angle_ua", GDW_A5, "degree"),
    GDW_F("angle_ub", GDW_A5, "degree"),
    GDW_F("angle_uc", GDW_A5, "degree"),
    GDW_F("angle_ia", GDW_A5, "degree"),
    GDW_F("angle_ib", GDW_A5, "degree"),
    GDW_F("angle_ic", GDW_A5, "degree"),
    GDW_F("fwd_active", GDW_A14, "kWh"),
    GDW_END,
};

/* ---- ERC12 meter clock out of tolerance (Table 366): only time and pn,
 * l_time_pn ---- */

/* ---- ERC13 meter fault information (Table 367) ---- */
static const gdw_field b_erc13[] = {
    GDW_BITF("program_count", 0, 1), /* programming or demand-reset count changed */
    GDW_BITF("phase_break_count", 1, 1),
    GDW_BITF("voltage_loss_count", 2, 1),
    GDW_BITF("power_off_count", 3, 1),
    GDW_BITF("battery_low", 4, 1),
    GDW_END,
};
static const gdw_field l_erc13[] = {
    TIME_PN,
    GDW_BITS(1, b_erc13),
    GDW_END,
};

/* ---- ERC14 terminal power off / on (Table 368): two A.15 times, Le 10.
 * Field terminals send Le 11 with a flag byte before the two times (notes
 * §1.10, a live capture). The bytes before the times are counted from Le
 * (Le - 10, none in the standard's form), so both forms decode with the
 * times in place; Le < 10 is an error (negative count). ---- */
static const gdw_field l_erc14[] = {
    GDW_REP("flags", "le", -10, E_BS8),
    GDW_F("power_off", GDW_A15, NULL),
    GDW_F("power_on", GDW_A15, NULL),
    GDW_END,
};

/* ---- ERC15 harmonic limit (Table 369): D7 of the anomaly flag chooses
 * voltage content (A.5, %) or current (A.6, A) for the 19 values (total
 * distortion, then harmonics 2..19) ---- */
static const gdw_field b_erc15[] = {
    GDW_BITF("phase_a", 0, 1),
    GDW_BITF("phase_b", 1, 1),
    GDW_BITF("phase_c", 2, 1),
    GDW_BITF("is_current", 7, 1),
    GDW_END,
};
static const gdw_field l_harm_u[] = {
    GDW_REPN("values", 19, E_A5_PCT),
    GDW_END,
};
static const gdw_field l_harm_i[] = {
    GDW_REPN("values", 19, E_A6_A),
    GDW_END,
};
static const gdw_case c_erc15[] = {
    {0, "voltage harmonic content", l_harm_u},
    {1, "current harmonics", l_harm_i},
    {0, NULL, NULL},
};
static const gdw_field l_erc15[] = {
    TIME_PN,
    GDW_BITS(1, b_erc15),
    GDW_BSF("over_limit", 3), /* bit 0 total distortion, bit n-1 harmonic n (2..19) */
    GDW_SWITCH("harmonics", "is_current", c_erc15),
    GDW_END,
};

/* ---- ERC16 DC analogue limit (Table 370) ---- */
static const gdw_field b_erc16_port[] = {
    GDW_BITF("port", 0, 6),
    GDW_BITF("occurred", 7, 1),
    GDW_END,
};
static const gdw_field b_erc16_lim[] = {
    GDW_BITF("over_upper", 0, 1),
    GDW_BITF("under_lower", 1, 1),
    GDW_END,
};
static const gdw_field l_erc16[] = {
    F_TIME,  GDW_BITS(1, b_erc16_port), GDW_BITS(1, b_erc16_lim), GDW_F("value", GDW_A2, NULL),
    GDW_END,
};

/* ---- ERC17 voltage / current unbalance (Table 371) ---- */
static const gdw_field b_erc17[] = {
    GDW_BITF("voltage_over", 0, 1),
    GDW_BITF("current_over", 1, 1),
    GDW_END,
};
static const gdw_field l_erc17[] = {
    TIME_PN,
    GDW_BITS(1, b_erc17),
    GDW_F("voltage_unbalance", GDW_A5, "%"),
    GDW_F("current_unbalance", GDW_A5, "%"),
    GDW_INCLUDE(gdw13761_f_volt3),
    GDW_INCLUDE(gdw13761_f_curr3),
    GDW_END,
};

/* ---- ERC18 capacitor switching interlock (Table 372). The table gives the
 * reactive power as A.23 with 2 bytes; A.23 is 3 bytes (as in ERC26), and the
 * format is taken: 3 bytes. ---- */
static const gdw_field b_erc18[] = {
    GDW_BITF("overvoltage", 0, 1),
    GDW_BITF("device_fault", 1, 1),
    GDW_BITF("circuit_fault", 2, 1),
    GDW_END,
};
static const gdw_field l_erc18[] = {
    TIME_PN,
    GDW_BITS(1, b_erc18),
    GDW_BSF("locked_groups", 2), /* D0..D15: capacitor groups 1..16 */
    GDW_F("pf", GDW_A5, "%"),
    GDW_F("q", GDW_A23, "kvar"),
    GDW_F("voltage", GDW_A7, "V"),
    GDW_END,
};

/* ---- ERC19 purchase parameter set (Table 373); mode 55H append, AAH refresh ---- */
static const gdw_field l_erc19[] = {
    F_TIME,
    F_GROUP,
    GDW_BINF("order_no", 4, NULL),
    GDW_BINF("mode", 1, NULL),
    GDW_F("amount", GDW_A3, "kWh"),
    GDW_F("alarm_limit", GDW_A3, "kWh"),
    GDW_F("trip_limit", GDW_A3, "kWh"),
    GDW_F("remain_before", GDW_A3, "kWh"),
    GDW_F("remain_after", GDW_A3, "kWh"),
    GDW_END,
};

/* ---- ERC20 message authentication error (Table 374) ---- */
static const gdw_field l_erc20[] = {
    F_TIME,
    GDW_RAWF("pw", 16),
    GDW_BINF("msa", 1, NULL),
    GDW_END,
};

/* ---- ERC21 terminal fault (Table 375; codes Table 376: 1 memory, 2 clock,
 * 3 main-board comms, 4 RS-485 reading, 5 display, 6 carrier channel) ---- */
static const gdw_field l_erc21[] = {
    F_TIME,
    GDW_BINF("fault", 1, NULL),
    GDW_END,
};

/* ---- ERC22 active-energy differential limit (Table 377) ---- */
static const gdw_field b_erc22[] = {
    GDW_BITF("diff_group", 0, 6),
    GDW_BITF("occurred", 7, 1),
    GDW_END,
};
static const gdw_field l_erc22[] = {
    F_TIME,
    GDW_BITS(1, b_erc22),
    GDW_F("cmp_energy", GDW_A3, "kWh"),
    GDW_F("ref_energy", GDW_A3, "kWh"),
    GDW_BINF("rel_dev", 1, "%"),
    GDW_F("abs_dev", GDW_A3, "kWh"),
    GDW_BINF("cmp_count", 1, NULL),
    GDW_REP("cmp_readings", "cmp_count", 0, E_A14_KWH),
    GDW_BINF("ref_count", 1, NULL),
    GDW_REP("ref_readings", "ref_count", 0, E_A14_KWH),
    GDW_END,
};

/* ---- ERC23 energy-control alarm (Table 378); kind 1 monthly, 2 purchase ---- */
static const gdw_field l_erc23[] = {
    GDW_INCLUDE(l_time_group_rounds),
    GDW_BINF("kind", 1, NULL),
    GDW_INCLUDE(l_energy_limit),
    GDW_END,
};

/* ---- ERC24 voltage limit (Table 379): limit_type 1 over upper-upper,
 * 2 under lower-lower ---- */
static const gdw_field b_limit[] = {PHASE_BITS("limit_type")};
static const gdw_field l_limit_head[] = {
    TIME_PN,
    GDW_BITS(1, b_limit),
    GDW_END,
};
static const gdw_field l_erc24[] = {
    GDW_INCLUDE(l_limit_head),
    GDW_INCLUDE(gdw13761_f_volt3),
    GDW_END,
};

/* ---- ERC25 current limit (Table 380): limit_type 1 over upper-upper, 2 over upper ---- */
static const gdw_field l_erc25[] = {
    GDW_INCLUDE(l_limit_head),
    GDW_INCLUDE(gdw13761_f_curr3),
    GDW_END,
};

/* ---- ERC26 apparent power limit (Table 381): limit_type in D6..D7 ---- */
static const gdw_field b_erc26[] = {
    GDW_BITF("limit_type", 6, 2),
    GDW_END,
};
static const gdw_field l_erc26[] = {
    TIME_PN,
    GDW_BITS(1, b_erc26),
    GDW_F("apparent", GDW_A23, "kVA"),
    GDW_F("apparent_limit", GDW_A23, "kVA"),
    GDW_END,
};

/* ---- ERC27 meter reading decrease (Table 382) ---- */
static const gdw_field l_erc27[] = {
    TIME_PN,
    GDW_F("before", GDW_A14, "kWh"),
    GDW_F("after", GDW_A14, "kWh"),
    GDW_END,
};

/* ---- ERC28 energy out of tolerance (Table 383); ERC29 meter running fast
 * (Table 384): same shape, threshold A.22 ---- */
static const gdw_field l_erc28[] = {
    GDW_INCLUDE(l_erc27),
    GDW_F("threshold", GDW_A22, NULL),
    GDW_END,
};

/* ---- ERC30 meter stopped (Table 385) ---- */
static const gdw_field l_erc30[] = {
    TIME_PN,
    GDW_F("fwd_active", GDW_A14, "kWh"),
    GDW_BINF("threshold", 1, NULL),
    GDW_END,
};

/* ---- ERC31 RS-485 reading failure (Table 386); ERC39 re-read failure
 * (Table 394): same shape ---- */
static const gdw_field l_erc31[] = {
    TIME_PN,
    GDW_F("last_ok", GDW_A15, NULL),
    GDW_F("fwd_active", GDW_A14, "kWh"),
    GDW_F("fwd_reactive", GDW_A11, "kvarh"),
    GDW_END,
};

/* ---- ERC32 traffic over the monthly threshold (Table 387) ---- */
static const gdw_field l_erc32[] = {
    F_TIME,
    GDW_BINF("traffic", 4, "byte"),
    GDW_BINF("traffic_limit", 4, "byte"),
    GDW_END,
};

/* ---- ERC33 meter status-word change (Table 388): 7 change flags, then the
 * 7 status words (defined in §5.12.2.4.22), BS16 each ---- */
static const gdw_field l_erc33[] = {
    F_TIME, F_PN, GDW_REPN("changed", 7, E_BS16), GDW_REPN("status", 7, E_BS16), GDW_END,
};

/* ---- ERC35 unknown meters found (Table 390) ---- */
static const gdw_field b_erc35_port[] = {
    GDW_BITF("port", 0, 6),
    GDW_END,
};
static const gdw_field b_erc35_phase[] = {
    GDW_BITF("signal", 0, 4), /* carrier signal quality 1..15 */
    GDW_BITF("phase_a", 5, 1), GDW_BITF("phase_b", 6, 1), GDW_BITF("phase_c", 7, 1), GDW_END,
};
static const gdw_field b_erc35_proto[] = {
    GDW_BITF("protocol", 0, 2), /* 0 DL/T 645-1997, 1 DL/T 645-2007 */
    GDW_END,
};
static const gdw_field l_erc35_meter[] = {
    GDW_F("addr", GDW_A12, NULL),
    GDW_BITS(1, b_erc35_phase),
    GDW_BITS(1, b_erc35_proto),
    GDW_END,
};
static const gdw_field l_erc35[] = {
    F_TIME,
    GDW_BITS(1, b_erc35_port),
    GDW_BINF("meter_count", 1, NULL),
    GDW_REP("meters", "meter_count", 0, l_erc35_meter),
    GDW_END,
};

/* ---- ERC37 meter cover opened (Table 392); ERC38 terminal-box cover opened
 * (Table 393): same shape. The tables give the count as "A.11, 3 bytes" and
 * the energies as "A.12, 4 bytes"; A.12 is an address and A.11 is 4 bytes,
 * so the byte counts are taken: count A.10 (3 bytes), energies A.11. ---- */
static const gdw_field l_cover_energy[] = {
    GDW_F("fwd_active", GDW_A11, "kWh"),
    GDW_F("rev_active", GDW_A11, "kWh"),
    GDW_F("q1_reactive", GDW_A11, "kvarh"),
    GDW_F("q2_reactive", GDW_A11, "kvarh"),
    GDW_F("q3_reactive", GDW_A11, "kvarh"),
    GDW_F("q4_reactive", GDW_A11, "kvarh"),
    GDW_END,
};
static const gdw_field l_erc37[] = {
    F_TIME,
    F_PN,
    GDW_F("count", GDW_A10, NULL),
    GDW_F("start", GDW_A1, NULL),
    GDW_F("end", GDW_A1, NULL),
    GDW_GROUP("before", l_cover_energy),
    GDW_GROUP("after", l_cover_energy),
    GDW_END,
};

/* ---- ERC40 magnetic-field anomaly (Table 395): device 0 external sensor,
 * 1 collector, 2 meter; anomaly 0 high-frequency, 1 power-frequency, 2 strong.
 * The address is "BCD, 6 bytes": the A.12 address format. ---- */
static const gdw_field l_erc40[] = {
    TIME_PN,
    GDW_BINF("device_type", 1, NULL),
    GDW_F("device_addr", GDW_A12, NULL),
    GDW_BINF("anomaly", 1, NULL),
    GDW_END,
};

/* ---- ERC41 time set (Table 396): pn 0 = the terminal itself; no A.15 time ---- */
static const gdw_field l_erc41[] = {
    F_PN,
    GDW_F("before", GDW_A1, NULL),
    GDW_F("after", GDW_A1, NULL),
    GDW_END,
};

const gdw_case gdw13761_erc_cases[] = {
    {1, "ERC1 data init / version change", l_erc1},
    {2, "ERC2 parameter loss", l_erc2},
    {3, "ERC3 parameter change", l_erc3},
    {4, "ERC4 state-input change", l_erc4},
    {5, "ERC5 remote-control trip", l_erc5},
    {6, "ERC6 power-control trip", l_erc6},
    {7, "ERC7 energy-control trip", l_erc7},
    {8, "ERC8 meter parameter change", l_erc8},
    {9, "ERC9 current-loop anomaly", l_erc9},
    {10, "ERC10 voltage-loop anomaly", l_erc9},
    {11, "ERC11 phase-sequence anomaly", l_erc11},
    {12, "ERC12 meter clock out of tolerance", l_time_pn},
    {13, "ERC13 meter fault", l_erc13},
    {14, "ERC14 terminal power off/on", l_erc14},
    {15, "ERC15 harmonic limit", l_erc15},
    {16, "ERC16 DC analogue limit", l_erc16},
    {17, "ERC17 voltage/current unbalance", l_erc17},
    {18, "ERC18 capacitor interlock", l_erc18},
    {19, "ERC19 purchase parameter set", l_erc19},
    {20, "ERC20 message authentication error", l_erc20},
    {21, "ERC21 terminal fault", l_erc21},
    {22, "ERC22 active-energy differential limit", l_erc22},
    {23, "ERC23 energy-control alarm", l_erc23},
    {24, "ERC24 voltage limit", l_erc24},
    {25, "ERC25 current limit", l_erc25},
    {26, "ERC26 apparent power limit", l_erc26},
    {27, "ERC27 meter reading decrease", l_erc27},
    {28, "ERC28 energy out of tolerance", l_erc28},
    {29, "ERC29 meter running fast", l_erc28},
    {30, "ERC30 meter stopped", l_erc30},
    {31, "ERC31 RS-485 reading failure", l_erc31},
    {32, "ERC32 traffic over threshold", l_erc32},
    {33, "ERC33 meter status-word change", l_erc33},
    {34, "ERC34 CT anomaly", l_erc34},
    {35, "ERC35 unknown meter found", l_erc35},
    {36, "ERC36 control-output loop state change", l_erc4},
    {37, "ERC37 meter cover opened", l_erc37},
    {38, "ERC38 terminal-box cover opened", l_erc37},
    {39, "ERC39 re-read failure", l_erc31},
    {40, "ERC40 magnetic-field anomaly", l_erc40},
    {41, "ERC41 time set", l_erc41},
    /* ERC42..ERC64 are spare (备用) in Table B.1: no layout, raw bytes. */
    {0, NULL, NULL},
};

static const gdw_field l_erc_content[] = {
    GDW_SWITCH("data", "erc", gdw13761_erc_cases),
    GDW_END,
};

const gdw_field gdw13761_erc_record[] = {
    GDW_BINF("erc", 1, NULL),
    GDW_BINF("le", 1, NULL),
    GDW_SIZED(NULL, "le", l_erc_content),
    GDW_END,
};
