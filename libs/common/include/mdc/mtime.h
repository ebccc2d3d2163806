/* Calendar time as the protocols carry it: broken-down fields, some of which
 * may be absent (a DL/T 645 "MMDDhhmm" has no year and no seconds). The
 * terminal clock is a naive civil time (China Standard Time, no DST), so the
 * epoch conversions here are plain proleptic-Gregorian arithmetic, no zones. */
#ifndef MDC_MTIME_H
#define MDC_MTIME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum {
    MDC_TM_YEAR = 0x01,
    MDC_TM_MON = 0x02,
    MDC_TM_DAY = 0x04,
    MDC_TM_HOUR = 0x08,
    MDC_TM_MIN = 0x10,
    MDC_TM_SEC = 0x20,
    MDC_TM_WDAY = 0x40,
    MDC_TM_DATE = MDC_TM_YEAR | MDC_TM_MON | MDC_TM_DAY,
    MDC_TM_FULL = MDC_TM_DATE | MDC_TM_HOUR | MDC_TM_MIN | MDC_TM_SEC,
};

typedef struct mdc_tm {
    uint16_t year; /* full year, e.g. 2025 */
    uint8_t mon;   /* 1..12 */
    uint8_t day;   /* 1..31 */
    uint8_t hour;  /* 0..23 */
    uint8_t min;   /* 0..59 */
    uint8_t sec;   /* 0..59 */
    uint8_t wday;  /* 0 = Sunday .. 6 = Saturday, as carried (1376.1 uses 1..7, 7 = Sunday) */
    uint8_t fields; /* MDC_TM_* mask of the parts present */
} mdc_tm;

bool mdc_is_leap(unsigned year);
unsigned mdc_days_in_month(unsigned year, unsigned mon);
/* 0 = Sunday. */
unsigned mdc_weekday(unsigned year, unsigned mon, unsigned day);
/* True when every present field is in range (day checked against the month when both known). */
bool mdc_tm_valid(const mdc_tm *t);

/* Seconds since 1970-01-01T00:00:00 of the civil time (all of DATE needed; absent
 * time-of-day parts count as 0). */
int64_t mdc_tm_to_epoch(const mdc_tm *t);
/* Fills every field (MDC_TM_FULL | MDC_TM_WDAY, wday 0 = Sunday). */
void mdc_tm_from_epoch(int64_t s, mdc_tm *t);

/* ISO 8601 text of the present parts: "2025-11-02T08:30:00", "2025-11-02T08:30",
 * "--11-02T08:30" (no year), "---02T08" (day and hour), "08:30:00" (time only),
 * "2025-11" (year and month). Returns the length written (0 if cap too small). */
size_t mdc_tm_format_iso(const mdc_tm *t, char *out, size_t cap);
/* Parses any of the forms mdc_tm_format_iso writes (plus a trailing 'Z' or
 * fractional seconds ignored). Sets t->fields to the parts found; wday is
 * computed when the whole date is present. Returns false on anything else. */
bool mdc_tm_parse_iso(const char *s, mdc_tm *t);

#endif
