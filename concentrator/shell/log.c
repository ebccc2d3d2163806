/* Log lines to stderr ("2026-11-21T12:00:00.123 info: ...") or syslog. */
#include "log.h"

#include <stdarg.h>
#include <stdio.h>
#include <syslog.h>
#include <time.h>

static int log_level = CD_LOG_INFO;
static int log_syslog;

static const char *const names[] = {"error", "warn", "info", "debug"};
static const int prio[] = {LOG_ERR, LOG_WARNING, LOG_INFO, LOG_DEBUG};

void cd_log_init(int level, int use_syslog)
{
    log_level = level;
    log_syslog = use_syslog;
    if (use_syslog)
        openlog("concentratord", LOG_PID, LOG_DAEMON);
}

void cd_log(int level, const char *fmt, ...)
{
    if (level > log_level || level < 0)
        return;
    va_list ap;
    va_start(ap, fmt);
    if (log_syslog) {
        vsyslog(prio[level], fmt, ap);
    } else {
        struct timespec ts;
        struct tm tm;
        clock_gettime(CLOCK_REALTIME, &ts);
        localtime_r(&ts.tv_sec, &tm);
        char when[32];
        strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S", &tm);
        fprintf(stderr, "%s.%03ld %s: ", when, ts.tv_nsec / 1000000, names[level]);
        vfprintf(stderr, fmt, ap);
        fputc('\n', stderr);
    }
    va_end(ap);
}
