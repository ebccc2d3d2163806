/* Pieces shared by the catalogue tables (src/cat_*.c), each defined once in
 * cat_common.c: the scalar elements of REPEATs ("one A.14 value in kWh"), the
 * reading-time / tariff-count fields, and field lists that several data
 * units have in common (INCLUDE them). Private to the library. */
#ifndef GDW13761_CAT_COMMON_H
#define GDW13761_CAT_COMMON_H

#include "gdw13761/layout.h"

/* Scalar elements: one unnamed field, for a REPEAT of plain values. */
extern const gdw_field gdw13761_e_a2[], gdw13761_e_a2_kw[], gdw13761_e_a2_kvar[];
extern const gdw_field gdw13761_e_a3_kwh[], gdw13761_e_a3_kvarh[];
extern const gdw_field gdw13761_e_a5_pct[], gdw13761_e_a6_a[], gdw13761_e_a7_v[];
extern const gdw_field gdw13761_e_a9_kw[], gdw13761_e_a9_kvar[];
extern const gdw_field gdw13761_e_a11_kwh[], gdw13761_e_a11_kvarh[];
extern const gdw_field gdw13761_e_a12[], gdw13761_e_a13_kwh[], gdw13761_e_a13_kvarh[];
extern const gdw_field gdw13761_e_a14_kwh[], gdw13761_e_a17[];
extern const gdw_field gdw13761_e_a23_kw[], gdw13761_e_a23_kvar[], gdw13761_e_a25_a[];
extern const gdw_field gdw13761_e_bin1[], gdw13761_e_bin2[], gdw13761_e_bin2_min[];
extern const gdw_field gdw13761_e_bin4[], gdw13761_e_bin4_s[];
extern const gdw_field gdw13761_e_bs8[], gdw13761_e_bs16[], gdw13761_e_dadt[];

#define E_A2        gdw13761_e_a2
#define E_A2_KW     gdw13761_e_a2_kw
#define E_A2_KVAR   gdw13761_e_a2_kvar
#define E_A3_KWH    gdw13761_e_a3_kwh
#define E_A3_KVARH  gdw13761_e_a3_kvarh
#define E_A5_PCT    gdw13761_e_a5_pct
#define E_A6_A      gdw13761_e_a6_a
#define E_A7_V      gdw13761_e_a7_v
#define E_A9_KW     gdw13761_e_a9_kw
#define E_A9_KVAR   gdw13761_e_a9_kvar
#define E_A11_KWH   gdw13761_e_a11_kwh
#define E_A11_KVARH gdw13761_e_a11_kvarh
#define E_A12       gdw13761_e_a12
#define E_A13_KWH   gdw13761_e_a13_kwh
#define E_A13_KVARH gdw13761_e_a13_kvarh
#define E_A14_KWH   gdw13761_e_a14_kwh
#define E_A17       gdw13761_e_a17
#define E_A23_KW    gdw13761_e_a23_kw
#define E_A23_KVAR  gdw13761_e_a23_kvar
#define E_A25_A     gdw13761_e_a25_a
#define E_BIN1      gdw13761_e_bin1
#define E_BIN2      gdw13761_e_bin2
#define E_BIN2_MIN  gdw13761_e_bin2_min
#define E_BIN4      gdw13761_e_bin4
#define E_BIN4_S    gdw13761_e_bin4_s
#define E_BS8       gdw13761_e_bs8
#define E_BS16      gdw13761_e_bs16
#define E_DADT      gdw13761_e_dadt

/* Per-meter items of AFN0C/0D begin with the terminal's reading time; many
 * give the tariff count M, then arrays of total + tariff 1..M values. */
#define GDW_CAT_READ_TIME     GDW_F("read_time", GDW_A15, NULL)
#define GDW_CAT_TARIFF_COUNT  GDW_BINF("tariff_count", 1, NULL)
#define GDW_CAT_TARIFFS(n, e) GDW_REP(n, "tariff_count", 1, e)

/* Field lists found in several data units. */
extern const gdw_field gdw13761_f_volt3[];       /* voltage_a, _b, _c: A.7 V */
extern const gdw_field gdw13761_f_curr3[];       /* current_a, _b, _c: A.25 A */
extern const gdw_field gdw13761_f_volt_angles[]; /* ua, ub, uc: A.5 degree */
extern const gdw_field gdw13761_f_curr_angles[]; /* ia, ib, ic: A.5 degree */
extern const gdw_field gdw13761_f_demand_kw[];   /* value A.23 kW, time A.17 */
extern const gdw_field gdw13761_f_demand_kvar[]; /* value A.23 kvar, time A.17 */

#endif
