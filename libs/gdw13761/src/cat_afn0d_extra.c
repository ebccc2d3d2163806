/* AFN0D class 2 data, part 2: layouts of §5.13.2.4 for capacitors, losses,
 * total-add groups, harmonics, DC analogue, phase readings and meter records.
 * The rows are in the table of cat_afn0d.c. */
#include "cat_afn0d.h"

#define TD_D      GDW0D_TD_D
#define TD_M      GDW0D_TD_M
#define READ_TIME GDW0D_READ_TIME
#define CURVE     GDW0D_CURVE

#define AS_0C GDW0D_AS_0C

/* ---- group 6: capacitors, power factor, losses (measurement point) ----- */

/* F41 Table 256: banks 1-9, as AFN0C F66 */
const gdw_field gdw13761_l0d_f41[] = AS_0C(TD_D, gdw13761_l0c_f66);

/* F42 Table 257: as AFN0C F67 */
const gdw_field gdw13761_l0d_f42[] = AS_0C(TD_D, gdw13761_l0c_f67);

/* F43 Table 258, F44 Table 259: minutes with PF < limit 1, between, >= limit 2 */
#define B_PF_SEGMENTS GDW_REPN("minutes", 3, E_BIN2_MIN)
const gdw_field gdw13761_l0d_f43[] = {TD_D, B_PF_SEGMENTS, GDW_END};
const gdw_field gdw13761_l0d_f44[] = {TD_M, B_PF_SEGMENTS, GDW_END};

/* F45 Table 260, F46 Table 261 */
#define B_LOSSES GDW_F("copper_loss", GDW_A14, "kWh"), GDW_F("iron_loss", GDW_A14, "kWh")
const gdw_field gdw13761_l0d_f45[] = {TD_D, B_LOSSES, GDW_END};
const gdw_field gdw13761_l0d_f46[] = {TD_M, B_LOSSES, GDW_END};

/* ---- groups 8-10: total-add groups ------------------------------------- */

/* F57 Table 268, F60 Table 271 (both with A.18 times) */
#define B_GROUP_POWER                                                                              \
    GDW_F("max", GDW_A2, "kW"), GDW_F("max_time", GDW_A18, NULL), GDW_F("min", GDW_A2, "kW"),      \
        GDW_F("min_time", GDW_A18, NULL), GDW_BINF("zero_minutes", 2, "min")
const gdw_field gdw13761_l0d_f57[] = {TD_D, B_GROUP_POWER, GDW_END};
const gdw_field gdw13761_l0d_f60[] = {TD_M, B_GROUP_POWER, GDW_END};

/* F58, F59 Tables 269, 270; F61, F62 Tables 272, 273 (A.3: kWh or MWh by G,
 * given in the smaller unit): as AFN0C F19, F20 */
const gdw_field gdw13761_l0d_f58[] = AS_0C(TD_D, gdw13761_l0c_f19);
const gdw_field gdw13761_l0d_f59[] = AS_0C(TD_D, gdw13761_l0c_f20);
const gdw_field gdw13761_l0d_f61[] = AS_0C(TD_M, gdw13761_l0c_f19);
const gdw_field gdw13761_l0d_f62[] = AS_0C(TD_M, gdw13761_l0c_f20);

/* F65 Table 274, F66 Table 275: time and energy over the power / monthly
 * energy limit */
const gdw_field gdw13761_l0d_f65[] = {
    TD_M,
    GDW_BINF("minutes", 2, "min"),
    GDW_F("energy", GDW_A3, "kWh"),
    GDW_END,
};

/* F73-F76 Tables 276-279: group curves */
const gdw_field gdw13761_l0d_f73[] = {CURVE(E_A2_KW), GDW_END};
const gdw_field gdw13761_l0d_f74[] = {CURVE(E_A2_KVAR), GDW_END};
const gdw_field gdw13761_l0d_f75[] = {CURVE(E_A3_KWH), GDW_END};
const gdw_field gdw13761_l0d_f76[] = {CURVE(E_A3_KVARH), GDW_END};

/* ---- groups 15-16: harmonics (measurement point) ----------------------- */

/* F113-F115 Tables 290-292: per phase, harmonics 2-19 then total distortion,
 * each a daily maximum and its time */
static const gdw_field harm_i_max[] = {
    GDW_F("value", GDW_A6, "A"),
    GDW_F("time", GDW_A17, NULL),
    GDW_END,
};
const gdw_field gdw13761_l0d_f113[] = {
    TD_D,
    GDW_REPN("harmonics", 18, harm_i_max),
    GDW_GROUP("total", harm_i_max),
    GDW_END,
};

/* F116-F118 Tables 293-295: voltage ratios, same arrangement */
static const gdw_field harm_u_max[] = {
    GDW_F("value", GDW_A5, "%"),
    GDW_F("time", GDW_A17, NULL),
    GDW_END,
};
const gdw_field gdw13761_l0d_f116[] = {
    TD_D,
    GDW_REPN("harmonics", 18, harm_u_max),
    GDW_GROUP("total", harm_u_max),
    GDW_END,
};

/* F124-F126 Tables 299-301: 95 % values; N (<= 19), then voltage ratios
 * (total, odd, even, harmonics 2..N) and currents (total, harmonics 2..N) */
const gdw_field gdw13761_l0d_f124[] = {
    TD_D,
    GDW_BINF("n", 1, NULL),
    GDW_F("voltage_total", GDW_A5, "%"),
    GDW_F("voltage_odd", GDW_A5, "%"),
    GDW_F("voltage_even", GDW_A5, "%"),
    GDW_REP("voltage", "n", -1, E_A5_PCT),
    GDW_F("current_total", GDW_A6, "A"),
    GDW_REP("current", "n", -1, E_A6_A),
    GDW_END,
};

/* ---- groups 17-18: DC analogue (DC port) -------------------------------- */

/* F129 Table 302, F130 Table 303 (both with A.18 times) */
#define B_DC                                                                                       \
    GDW_BINF("over_upper", 2, "min"), GDW_BINF("under_lower", 2, "min"),                           \
        GDW_F("max", GDW_A2, NULL), GDW_F("max_time", GDW_A18, NULL), GDW_F("min", GDW_A2, NULL),  \
        GDW_F("min_time", GDW_A18, NULL)
const gdw_field gdw13761_l0d_f129[] = {TD_D, B_DC, GDW_END};
const gdw_field gdw13761_l0d_f130[] = {TD_M, B_DC, GDW_END};

/* F138 Table 304 */
const gdw_field gdw13761_l0d_f138[] = {CURVE(E_A2), GDW_END};

/* ---- group 20: phase readings (measurement point) ----------------------- */

/* F153, F155 Tables 306, 308 (F157, F159 with Td_m): phases A, B, C */
#define B_PHASE_ACTIVE                                                                             \
    READ_TIME, GDW_F("a", GDW_A14, "kWh"), GDW_F("b", GDW_A14, "kWh"), GDW_F("c", GDW_A14, "kWh")
/* F154, F156 Tables 307, 309 (F158, F160) */
#define B_PHASE_REACTIVE                                                                           \
    READ_TIME, GDW_F("a", GDW_A11, "kvarh"), GDW_F("b", GDW_A11, "kvarh"),                         \
        GDW_F("c", GDW_A11, "kvarh")
const gdw_field gdw13761_l0d_f153[] = {TD_D, B_PHASE_ACTIVE, GDW_END};
const gdw_field gdw13761_l0d_f154[] = {TD_D, B_PHASE_REACTIVE, GDW_END};
const gdw_field gdw13761_l0d_f157[] = {TD_M, B_PHASE_ACTIVE, GDW_END};
const gdw_field gdw13761_l0d_f158[] = {TD_M, B_PHASE_REACTIVE, GDW_END};

/* ---- group 27: meter records, as AFN0C F161/F165-F168 after the label --- */

/* F209 Table 339: state 00H off, 11H on (AFN0C F161) */
const gdw_field gdw13761_l0d_f209[] = AS_0C(TD_D, gdw13761_l0c_f161);

/* F210 Table 340, F215 Table 345 (AFN0C F167) */
const gdw_field gdw13761_l0d_f210[] = AS_0C(TD_D, gdw13761_l0c_f167);
const gdw_field gdw13761_l0d_f215[] = AS_0C(TD_M, gdw13761_l0c_f167);

/* F211 Table 341, F212 Table 342 */
#define B_UNBALANCE95 GDW_F("current", GDW_A5, "%"), GDW_F("voltage", GDW_A5, "%")
const gdw_field gdw13761_l0d_f211[] = {TD_D, B_UNBALANCE95, GDW_END};
const gdw_field gdw13761_l0d_f212[] = {TD_M, B_UNBALANCE95, GDW_END};

/* F213 Table 343 (AFN0C F165), F214 Table 344 (AFN0C F166) */
const gdw_field gdw13761_l0d_f213[] = AS_0C(TD_M, gdw13761_l0c_f165);
const gdw_field gdw13761_l0d_f214[] = AS_0C(TD_M, gdw13761_l0c_f166);

/* F216 Table 346: AFN0C F168, then (unlike it) a fault energy (A.14) */
const gdw_field gdw13761_l0d_f216[] = {
    TD_M,
    GDW_INCLUDE(gdw13761_l0c_f168),
    GDW_F("fault_energy", GDW_A14, "kWh"),
    GDW_END,
};

/* ---- group 28: carrier noise curves (p0) -------------------------------- */

/* F217 Table 347: noise ratio 0-31 per point */
const gdw_field gdw13761_l0d_f217[] = {CURVE(E_BIN1), GDW_END};

/* F218 Table 348: noise ratio and the main node address per point */
static const gdw_field noise_node[] = {
    GDW_BINF("ratio", 1, NULL),
    GDW_F("node", GDW_A12, NULL),
    GDW_END,
};
const gdw_field gdw13761_l0d_f218[] = {CURVE(noise_node), GDW_END};
