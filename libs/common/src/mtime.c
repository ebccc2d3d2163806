#include "mdc/mtime.h"

#include <stdio.h>
#include <string.h>

bool mdc_is_leap(unsigned year)
{
    return (year % 4u == 0 && year % 100u != 0) || year % 400u == 0;
}

unsigned mdc_days_in_month(unsigned year, unsigned mon)
{
    static const unsigned char dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (mon < 1 || mon > 12)
        return 0;
    return dim[mon - 1] + (mon == 2 && mdc_is_leap(year) ? 1u : 0u);
}

/* Days from 1970-01-01 to y-m-d (Howard Hinnant's days_from_civil). */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = (unsigned)(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? (unsigned)-3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

unsigned mdc_weekday(unsigned year, unsigned mon, unsigned day)
{
    int64_t z = days_from_civil(year, mon, day);
    return (unsigned)(z >= -4 ? (z + 4) % 7 : (z + 5) % 7 + 6);
}

bool mdc_tm_valid(const mdc_tm *t)
{
    if ((t->fields & MDC_TM_MON) && (t->mon < 1 || t->mon > 12))
        return false;
    if (t->fields & MDC_TM_DAY) {
        unsigned lim = 31;
        if (t->fields & MDC_TM_MON)
            lim = mdc_days_in_month((t->fields & MDC_TM_YEAR) ? t->year : 2000u, t->mon);
        if (t->day < 1 || t->day > lim)
            return false;
    }
    if ((t->fields & MDC_TM_HOUR) && t->hour > 23)
        return false;
    if ((t->fields & MDC_TM_MIN) && t->min > 59)
        return false;
    if ((t->fields & MDC_TM_SEC) && t->sec > 59)
        return false;
    return true;
}

int64_t mdc_tm_to_epoch(const mdc_tm *t)
{
    int64_t days = days_from_civil(t->year, t->mon, t->day);
    int64_t s = days * 86400;
    if (t->fields & MDC_TM_HOUR)
        s += t->hour * 3600;
    if (t->fields & MDC_TM_MIN)
        s += t->min * 60;
    if (t->fields & MDC_TM_SEC)
        s += t->sec;
    return s;
}

void mdc_tm_from_epoch(int64_t s, mdc_tm *t)
{
    int64_t z = s >= 0 ? s / 86400 : -((-s + 86399) / 86400);
    int64_t sod = s - z * 86400;
    t->hour = (uint8_t)(sod / 3600);
    t->min = (uint8_t)(sod / 60 % 60);
    t->sec = (uint8_t)(sod % 60);
    t->wday = (uint8_t)(z >= -4 ? (z + 4) % 7 : (z + 5) % 7 + 6);
    z += 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = (unsigned)(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    t->day = (uint8_t)(doy - (153 * mp + 2) / 5 + 1);
    t->mon = (uint8_t)(mp < 10 ? mp + 3 : mp - 9);
    t->year = (uint16_t)((int64_t)yoe + era * 400 + (t->mon <= 2));
    t->fields = MDC_TM_FULL | MDC_TM_WDAY;
}

size_t mdc_tm_format_iso(const mdc_tm *t, char *out, size_t cap)
{
    char buf[40];
    size_t n = 0;
    unsigned f = t->fields;
    bool date = (f & (MDC_TM_YEAR | MDC_TM_MON | MDC_TM_DAY)) != 0;
    bool tod = (f & (MDC_TM_HOUR | MDC_TM_MIN | MDC_TM_SEC)) != 0;

#define PUT(...) n += (size_t)snprintf(buf + n, sizeof buf - n, __VA_ARGS__)
    if (date) {
        if (f & MDC_TM_YEAR)
            PUT("%04u", t->year);
        else
            PUT("-");
        if (f & MDC_TM_MON)
            PUT("-%02u", t->mon);
        else if (f & MDC_TM_DAY)
            PUT("-");
        if (f & MDC_TM_DAY)
            PUT("-%02u", t->day);
        if (tod)
            PUT("T");
    }
    if (tod) {
        bool first = true;
        if (f & MDC_TM_HOUR) {
            PUT("%02u", t->hour);
            first = false;
        }
        if (f & MDC_TM_MIN) {
            PUT(first ? "%02u" : ":%02u", t->min);
            first = false;
        }
        if (f & MDC_TM_SEC)
            PUT(first ? "%02u" : ":%02u", t->sec);
    }
#undef PUT
    if (n >= cap)
        return 0;
    memcpy(out, buf, n + 1);
    return n;
}

static bool digits(const char **s, unsigned n, unsigned *v)
{
    unsigned x = 0;
    for (unsigned i = 0; i < n; i++) {
        char c = (*s)[i];
        if (c < '0' || c > '9')
            return false;
        x = x * 10u + (unsigned)(c - '0');
    }
    *s += n;
    *v = x;
    return true;
}

static bool parse_tod(const char *s, mdc_tm *t)
{
    unsigned v;
    if (!digits(&s, 2, &v))
        return false;
    t->hour = (uint8_t)v;
    t->fields |= MDC_TM_HOUR;
    if (*s == ':') {
        s++;
        if (!digits(&s, 2, &v))
            return false;
        t->min = (uint8_t)v;
        t->fields |= MDC_TM_MIN;
        if (*s == ':') {
            s++;
            if (!digits(&s, 2, &v))
                return false;
            t->sec = (uint8_t)v;
            t->fields |= MDC_TM_SEC;
            if (*s == '.')
                for (s++; *s >= '0' && *s <= '9'; s++)
                    ;
        }
    }
    if (*s == 'Z')
        s++;
    return *s == 0;
}

bool mdc_tm_parse_iso(const char *s, mdc_tm *t)
{
    unsigned v;
    memset(t, 0, sizeof *t);
    if (strncmp(s, "---", 3) == 0) { /* ---DD[Thh...] */
        s += 3;
        if (!digits(&s, 2, &v))
            return false;
        t->day = (uint8_t)v;
        t->fields |= MDC_TM_DAY;
    } else if (strncmp(s, "--", 2) == 0) { /* --MM[-DD][Thh...] */
        s += 2;
        if (!digits(&s, 2, &v))
            return false;
        t->mon = (uint8_t)v;
        t->fields |= MDC_TM_MON;
        if (*s == '-') {
            s++;
            if (!digits(&s, 2, &v))
                return false;
            t->day = (uint8_t)v;
            t->fields |= MDC_TM_DAY;
        }
    } else if (s[0] && s[1] && s[2] == ':') { /* hh:mm[:ss] */
        return parse_tod(s, t) && mdc_tm_valid(t);
    } else if (s[0] && s[1] && s[2] == 0) { /* hh */
        return parse_tod(s, t) && mdc_tm_valid(t);
    } else {
        if (!digits(&s, 4, &v))
            return false;
        t->year = (uint16_t)v;
        t->fields |= MDC_TM_YEAR;
        if (*s == '-') {
            s++;
            if (!digits(&s, 2, &v))
                return false;
            t->mon = (uint8_t)v;
            t->fields |= MDC_TM_MON;
            if (*s == '-') {
                s++;
                if (!digits(&s, 2, &v))
                    return false;
                t->day = (uint8_t)v;
                t->fields |= MDC_TM_DAY;
            }
        }
    }
    if (*s == 'T' || *s == ' ') {
        if (!parse_tod(s + 1, t))
            return false;
    } else if (*s != 0) {
        return false;
    }
    if ((t->fields & MDC_TM_DATE) == MDC_TM_DATE && mdc_tm_valid(t)) {
        t->wday = (uint8_t)mdc_weekday(t->year, t->mon, t->day);
        t->fields |= MDC_TM_WDAY;
    }
    return mdc_tm_valid(t);
}
