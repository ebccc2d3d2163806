/* concentratord's log: levels, to stderr (with a time stamp) or syslog. */
#ifndef CD_LOG_H
#define CD_LOG_H

enum { CD_LOG_ERROR = 0, CD_LOG_WARN, CD_LOG_INFO, CD_LOG_DEBUG };

/* Messages above level are dropped; use_syslog sends them to syslog (ident
 * "concentratord", facility daemon) instead of stderr. */
void cd_log_init(int level, int use_syslog);

/* One log line (no trailing newline needed). */
void cd_log(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
