/* Private: DL/T 645 BCD time fields (low byte first) <-> mdc_tm. */
#ifndef DLT645_BCDTIME_H
#define DLT645_BCDTIME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mdc/mtime.h"

enum { TF_SEC, TF_MIN, TF_HOUR, TF_DAY, TF_MON, TF_YEAR };

extern const uint8_t dlt645_tf_sec6[6];   /* ss mm hh DD MM YY */
extern const uint8_t dlt645_tf_min5[5];   /* mm hh DD MM YY */
extern const uint8_t dlt645_tf_freeze[4]; /* mm hh DD MM */

/* Writes the parts of t listed in order as BCD (years 2000..2099 as YY). An absent part is written
 * as 99 when wildcard, else it is an error. False (out partly written) on a missing or out-of-range
 * part or an invalid time. */
bool dlt645_time_put(const mdc_tm *t, const uint8_t *order, size_t n, bool wildcard, uint8_t *out);

/* Reads n BCD bytes in order into *t (fields = the parts read; 99 = absent when wildcard). False
 * on a non-BCD byte or an invalid time. */
bool dlt645_time_get(const uint8_t *in, const uint8_t *order, size_t n, bool wildcard, mdc_tm *t);

#endif
