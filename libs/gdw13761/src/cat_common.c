/* The pieces shared by the catalogue tables (cat_common.h). */
#include "cat_common.h"

/* ---- scalar elements ---- */

const gdw_field gdw13761_e_a2[] = {GDW_F(NULL, GDW_A2, NULL), GDW_END};
const gdw_field gdw13761_e_a2_kw[] = {GDW_F(NULL, GDW_A2, "kW"), GDW_END};
const gdw_field gdw13761_e_a2_kvar[] = {GDW_F(NULL, GDW_A2, "kvar"), GDW_END};
const gdw_field gdw13761_e_a3_kwh[] = {GDW_F(NULL, GDW_A3, "kWh"), GDW_END};
const gdw_field gdw13761_e_a3_kvarh[] = {GDW_F(NULL, GDW_A3, "kvarh"), GDW_END};
const gdw_field gdw13761_e_a5_pct[] = {GDW_F(NULL, GDW_A5, "%"), GDW_END};
const gdw_field gdw13761_e_a6_a[] = {GDW_F(NULL, GDW_A6, "A"), GDW_END};
const gdw_field gdw13761_e_a7_v[] = {GDW_F(NULL, GDW_A7, "V"), GDW_END};
const gdw_field gdw13761_e_a9_kw[] = {GDW_F(NULL, GDW_A9, "kW"), GDW_END};
const gdw_field gdw13761_e_a9_kvar[] = {GDW_F(NULL, GDW_A9, "kvar"), GDW_END};
const gdw_field gdw13761_e_a11_kwh[] = {GDW_F(NULL, GDW_A11, "kWh"), GDW_END};
const gdw_field gdw13761_e_a11_kvarh[] = {GDW_F(NULL, GDW_A11, "kvarh"), GDW_END};
const gdw_field gdw13761_e_a12[] = {GDW_F(NULL, GDW_A12, NULL), GDW_END};
const gdw_field gdw13761_e_a13_kwh[] = {GDW_F(NULL, GDW_A13, "kWh"), GDW_END};
const gdw_field gdw13761_e_a13_kvarh[] = {GDW_F(NULL, GDW_A13, "kvarh"), GDW_END};
const gdw_field gdw13761_e_a14_kwh[] = {GDW_F(NULL, GDW_A14, "kWh"), GDW_END};
const gdw_field gdw13761_e_a17[] = {GDW_F(NULL, GDW_A17, NULL), GDW_END};
const gdw_field gdw13761_e_a23_kw[] = {GDW_F(NULL, GDW_A23, "kW"), GDW_END};
const gdw_field gdw13761_e_a23_kvar[] = {GDW_F(NULL, GDW_A23, "kvar"), GDW_END};
const gdw_field gdw13761_e_a25_a[] = {GDW_F(NULL, GDW_A25, "A"), GDW_END};
const gdw_field gdw13761_e_bin1[] = {GDW_BINF(NULL, 1, NULL), GDW_END};
const gdw_field gdw13761_e_bin2[] = {GDW_BINF(NULL, 2, NULL), GDW_END};
const gdw_field gdw13761_e_bin2_min[] = {GDW_BINF(NULL, 2, "min"), GDW_END};
const gdw_field gdw13761_e_bin4[] = {GDW_BINF(NULL, 4, NULL), GDW_END};
const gdw_field gdw13761_e_bin4_s[] = {GDW_BINF(NULL, 4, "s"), GDW_END};
const gdw_field gdw13761_e_bs8[] = {GDW_BSF(NULL, 1), GDW_END};
const gdw_field gdw13761_e_bs16[] = {GDW_BSF(NULL, 2), GDW_END};
const gdw_field gdw13761_e_dadt[] = {GDW_DADTF(NULL), GDW_END};

/* ---- field lists ---- */

/* Phase voltages and currents: AFN0C F25, AFN0D F219, ERC9/10, 17, 24, 25. */
const gdw_field gdw13761_f_volt3[] = {
    GDW_F("voltage_a", GDW_A7, "V"),
    GDW_F("voltage_b", GDW_A7, "V"),
    GDW_F("voltage_c", GDW_A7, "V"),
    GDW_END,
};
const gdw_field gdw13761_f_curr3[] = {
    GDW_F("current_a", GDW_A25, "A"),
    GDW_F("current_b", GDW_A25, "A"),
    GDW_F("current_c", GDW_A25, "A"),
    GDW_END,
};

/* Phase angles: AFN0C F49 (both), AFN0D F109 (voltages), F110 (currents). */
const gdw_field gdw13761_f_volt_angles[] = {
    GDW_F("ua", GDW_A5, "degree"),
    GDW_F("ub", GDW_A5, "degree"),
    GDW_F("uc", GDW_A5, "degree"),
    GDW_END,
};
const gdw_field gdw13761_f_curr_angles[] = {
    GDW_F("ia", GDW_A5, "degree"),
    GDW_F("ib", GDW_A5, "degree"),
    GDW_F("ic", GDW_A5, "degree"),
    GDW_END,
};

/* A maximum demand and its time, per total/tariff: AFN0C F145-F152. */
const gdw_field gdw13761_f_demand_kw[] = {
    GDW_F("value", GDW_A23, "kW"),
    GDW_F("time", GDW_A17, NULL),
    GDW_END,
};
const gdw_field gdw13761_f_demand_kvar[] = {
    GDW_F("value", GDW_A23, "kvar"),
    GDW_F("time", GDW_A17, NULL),
    GDW_END,
};
