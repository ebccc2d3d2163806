/* metersim meter model: one simulated DL/T 645 meter (or residual-current device), no I/O.
 *
 * The model never reads a clock: every function that depends on time is handed `now`, the
 * simulated true time in milliseconds since 1970-01-01T00:00 civil time (China Standard Time,
 * no zones, as mdc/mtime.h). Each meter has its own clock (offset + drift from the true time);
 * tariff segments, the load profile, freezes and settlement days follow the meter's clock,
 * energy follows the true time elapsed.
 *
 * Energy is integrated exactly in W*ms (int64) and read out in 0.01 kWh (truncated). */
#ifndef METERSIM_MS_METER_H
#define METERSIM_MS_METER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dlt645/dlt645.h"
#include "mdc/mtime.h"

#define MS_TARIFF_MAX  8u   /* tariffs 1..8 (tariff count 1..8) */
#define MS_SEG_MAX     12u  /* time segments in the day table */
#define MS_FREEZE_KEEP 62u  /* daily freezes kept */
#define MS_SETTLE_KEEP 12u  /* settlement-day snapshots kept */
#define MS_LOAD_KEEP   192u /* load records kept (2 days at 15 min) */
#define MS_EVENT_KEEP  10u  /* records kept per event type */
#define MS_FOLLOW_CAP  2048u

/* W*ms in 0.01 kWh (10 Wh). */
#define MS_WMS_PER_CKWH 36000000LL

typedef enum ms_kind { MS_KIND_METER = 0, MS_KIND_RCD = 1 } ms_kind;

/* Energy registers. Combined active = FWD + REV, combined reactive 1 = Q1 + Q2,
 * combined reactive 2 = Q3 + Q4 (mode words 05H / 05H / 50H, the usual defaults). */
enum { MS_E_FWD = 0, MS_E_REV, MS_E_Q1, MS_E_Q2, MS_E_Q3, MS_E_Q4, MS_E_KINDS };

/* Event logs. */
typedef enum ms_ev {
    MS_EV_PROGRAM = 0, /* 03300000 / 033000nn */
    MS_EV_CLOCK,       /* 03300400 / 033004nn */
    MS_EV_COVER,       /* 03300D00 / 03300Dnn */
    MS_EV_TBOX,        /* 03300E00 / 03300Enn */
    MS_EV_POWER_DOWN,  /* 03110000 / 031100nn */
    MS_EV_MAGNET,      /* 03350000 / 033500nn */
    MS_EV_TRIP,        /* 1D000001 / 1D0001nn / 1D00FFnn */
    MS_EV_CLOSE,       /* 1E000001 / 1E0001nn / 1E00FFnn */
    MS_EV_KINDS
} ms_ev;

/* One event record. Times are the meter's clock, epoch seconds (0 = not yet). */
typedef struct ms_event {
    int64_t start, end;
    int64_t before[MS_E_KINDS], after[MS_E_KINDS]; /* 0.01 kWh / kvarh */
    int64_t t_before, t_after;                     /* clock set */
    uint8_t op[4];                                 /* operator code C0..C3 */
    uint32_t dis[10];                              /* programming: DIs written */
    uint8_t n_dis;
    uint8_t cause;        /* RCD trip: 0 remote, 1 residual current, 2 overcurrent, 3 test */
    uint32_t residual_ma; /* RCD trip: residual current at the trip */
    int64_t current_ma;   /* RCD trip: phase current at the trip */
} ms_event;

typedef struct ms_evlog {
    uint32_t count;
    uint8_t n;                   /* records held */
    ms_event rec[MS_EVENT_KEEP]; /* rec[0] = most recent */
    bool open;                   /* cover/terminal box/magnet: event still going on */
} ms_evlog;

typedef struct ms_demand {
    int64_t mant; /* XX.XXXX kW mantissa (1 W = 10) */
    int64_t time; /* meter clock, epoch seconds; 0 = none */
} ms_demand;

typedef struct ms_snapshot {
    int64_t time;                             /* meter clock, epoch seconds */
    int64_t e[MS_E_KINDS][MS_TARIFF_MAX + 1]; /* 0.01 kWh */
    ms_demand dmd[MS_TARIFF_MAX + 1];         /* forward active max demand */
} ms_snapshot;

typedef struct ms_loadrec {
    int64_t time; /* meter clock, epoch seconds */
    int32_t p_w;  /* active power */
    int32_t q_var;
    uint16_t v_dv;         /* voltage, 0.1 V */
    int32_t i_ma;          /* current, mA */
    int16_t pf_m;          /* power factor x1000 */
    int64_t e[MS_E_KINDS]; /* totals, 0.01 kWh */
} ms_loadrec;

typedef struct ms_seg {
    uint16_t start_min; /* minute of the day the segment starts */
    uint8_t tariff;     /* 1..tariffs */
} ms_seg;

/* Everything a config file or the quick form sets. */
typedef struct ms_meter_cfg {
    uint8_t addr[DLT645_ADDR_LEN];
    dlt645_proto proto;
    unsigned baud;
    ms_kind kind;
    uint8_t tariffs; /* 1..MS_TARIFF_MAX */
    uint8_t nseg;
    ms_seg seg[MS_SEG_MAX]; /* sorted by start_min; the first starts at 0 */
    int32_t load_w[24];     /* power per hour of the meter's day, W (negative = export) */
    uint16_t pf_m;          /* power factor x1000 (1..1000) */
    uint16_t voltage_dv;    /* 0.1 V */
    int64_t energy0[MS_E_KINDS][MS_TARIFF_MAX + 1]; /* initial registers, 0.01 kWh (total [0]) */
    int64_t clock_offset_ms;                        /* meter clock - true time at start */
    int32_t drift_ppm;                              /* meter clock runs fast (+) or slow (-) */
    uint16_t sw[7];                  /* status words 1..7 (SW3 relay bits follow the relay) */
    uint8_t password[4];             /* PA P0 P1 P2 as on the wire */
    uint8_t settle_day, settle_hour; /* 04000B01 */
    uint8_t demand_period_min;       /* 04000103 */
    int64_t money0;                  /* remaining money at start, 0.01 CNY */
    int64_t price;                   /* CNY/kWh x10000 */
    uint32_t purchases;              /* purchase count */
    unsigned delay_ms;               /* reply delay (20..500) */
    uint32_t rcd_trip_ma;            /* RCD rated residual operating current, mA */
    uint32_t rcd_residual_ma;        /* RCD residual current now, mA */
} ms_meter_cfg;

typedef struct ms_meter {
    ms_meter_cfg cfg;
    /* clock */
    int64_t t_last;     /* true time of the last advance, ms */
    int64_t clk_ref;    /* true time the drift is measured from */
    int64_t clk_offset; /* ms, changed by clock sets and jumps */
    /* energy, W*ms */
    int64_t wms[MS_E_KINDS][MS_TARIFF_MAX + 1];
    int64_t fwd_at_start; /* 0.01 kWh, for prepayment */
    /* demand */
    int64_t dmd_acc_wms;   /* forward energy in the current demand interval */
    int64_t dmd_start;     /* meter-clock minute index the interval started */
    int64_t dmd_last_mant; /* the last complete interval's demand */
    ms_demand dmd[MS_TARIFF_MAX + 1];
    /* day / freeze / settlement */
    int64_t last_min; /* meter-clock minute index of the last advance */
    ms_snapshot freeze[MS_FREEZE_KEEP];
    uint8_t n_freeze; /* freeze[0] = most recent */
    ms_snapshot settle[MS_SETTLE_KEEP];
    uint8_t n_settle;
    ms_snapshot freeze16; /* the last freeze made by command 16H (0500xx01) */
    uint8_t n_freeze16;
    ms_loadrec load[MS_LOAD_KEEP];
    unsigned n_load, load_head; /* ring: load[(load_head + i) % KEEP], oldest first */
    ms_evlog ev[MS_EV_KINDS];
    /* relay */
    bool relay_open;     /* SW3 b4 */
    bool relay_cmd_open; /* SW3 b6 */
    bool alarm;          /* SW3 b7 */
    bool keep_power;     /* SW3 b12 */
    bool powered;        /* false: power down, silent, no energy */
    /* follow-up state */
    uint32_t fu_di;
    size_t fu_len;
    unsigned fu_next; /* 1997: the next 02H index */
    uint8_t fu_data[MS_FOLLOW_CAP];
    bool has_last;
    dlt645_frame last_reply; /* 1997 03H re-read */
} ms_meter;

/* Sets a config to plausible defaults for address addr (wire order): 2007, 2400 baud, 4
 * tariffs with the usual sharp/peak/flat/valley day, a household load profile, energies
 * derived from the address so that every meter differs, password 02 000000. */
void ms_meter_cfg_default(ms_meter_cfg *c, const uint8_t addr[DLT645_ADDR_LEN]);

/* Starts a meter from its config at true time now (ms). */
void ms_meter_init(ms_meter *m, const ms_meter_cfg *c, int64_t now);

/* Runs the meter up to true time now: energy, demand, tariffs, freezes at the meter's
 * midnight, settlement days, load records. Going backwards in time does nothing. */
void ms_meter_advance(ms_meter *m, int64_t now);

/* The meter's clock at true time now, ms since the epoch (civil). */
int64_t ms_meter_clock(const ms_meter *m, int64_t now);
/* Sets the meter's clock to clock_ms at true time now (no event recorded). */
void ms_meter_clock_set(ms_meter *m, int64_t now, int64_t clock_ms);

/* A register in 0.01 kWh: kind MS_E_*, tariff 0 = total (energy-down fault applied). */
int64_t ms_meter_energy(const ms_meter *m, unsigned kind, unsigned tariff);
/* Power now in W at the meter's hour (0 when the relay is open or the meter unpowered). */
int32_t ms_meter_power(const ms_meter *m, int64_t now);
/* The tariff (1..n) in force at the meter's clock. */
unsigned ms_meter_tariff(const ms_meter *m, int64_t now);
/* Status word n (1..7) with the relay bits applied. */
uint16_t ms_meter_sw(const ms_meter *m, unsigned n);
/* Remaining money (>= 0) and overdraft (>= 0), 0.01 CNY. */
void ms_meter_money(const ms_meter *m, int64_t *remaining, int64_t *overdraft);

/* Events. ms_meter_event_begin opens (or records, for instant events) an event at now;
 * ms_meter_event_end closes an open cover/terminal box/magnet event. op may be NULL. */
void ms_meter_event_begin(ms_meter *m, ms_ev ev, int64_t now, const uint8_t *op);
void ms_meter_event_end(ms_meter *m, ms_ev ev, int64_t now);
/* Relay: open (trip) or close; cause for RCD trip records. Records a trip/close event. */
void ms_meter_relay(ms_meter *m, bool open, int64_t now, const uint8_t *op, uint8_t cause);
/* Power down / up (records the power-down event when power comes back). */
void ms_meter_power_set(ms_meter *m, bool on, int64_t now);
/* RCD: sets the residual current; trips when it reaches the rated operating current. */
void ms_meter_rcd_residual(ms_meter *m, uint32_t ma, int64_t now);

/* Answers one request frame at true time now. Returns 1 with *reply filled, 0 for silence
 * (not for this meter, broadcast, no reply defined, or a frame it does not understand).
 * The caller has already decided the frame reached this meter (no fault). */
int ms_meter_answer(ms_meter *m, const dlt645_frame *req, int64_t now, dlt645_frame *reply);

/* Builds the data of a read of di (edition ed) at now into out. Returns the length, or -1 with
 * *err set to the ERR byte of the edition. Exposed for tests and the control interface. */
int ms_meter_read(ms_meter *m, unsigned ed, uint32_t di, int64_t now, uint8_t *out, size_t cap,
                  uint8_t *err);

/* Load records (DI3 = 06, DI0 00 earliest / 01 from `from` / 02 latest), up to n of them, one
 * encoded record after another. Returns the length or -1 (no such record / bad DI). */
int ms_meter_read_load(ms_meter *m, uint32_t di, unsigned n, const mdc_tm *from, int64_t now,
                       uint8_t *out, size_t cap);

/* Snapshot of the registers now (the 16H freeze command). */
void ms_meter_freeze_now(ms_meter *m, int64_t now);

#endif
