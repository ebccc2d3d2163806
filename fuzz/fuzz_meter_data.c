/* Fuzz target: what meters send is untrusted. Arbitrary item bytes for the
 * DIs the reader delivers go through the meter-event detector and the meter
 * data layer (current data, daily/monthly/reading-day freezes, curves) of a
 * real store, with the terminal clock moving by fuzzed steps across days and
 * months; then every AFN0C/AFN0D Fn mdata serves is built for the point.
 * No crash, no sanitizer report; errors are fine.
 *
 * Input: records of [DI index 1][clock step 1][len 1][len bytes]. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cc/events.h"
#include "cc/mdata.h"
#include "cc/store.h"
#include "mdc/mtime.h"
#include "mdc/value.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The DIs the reader plan delivers (2007 form), and the pseudo ones mdata uses. */
static const uint32_t dis[] = {
    0x0000FF00, 0x0001FF00, 0x0002FF00, 0x0003FF00, 0x0004FF00, 0x0005FF00, 0x0006FF00, 0x0007FF00,
    0x0008FF00, 0x0001FF01, 0x0002FF01, 0x0000FF01, 0x00010000, 0x00020000, 0x0101FF00, 0x0102FF00,
    0x0103FF00, 0x0104FF00, 0x0101FF01, 0x0102FF01, 0x01010000, 0x0201FF00, 0x0202FF00, 0x0203FF00,
    0x0204FF00, 0x0205FF00, 0x0206FF00, 0x02010100, 0x04000101, 0x04000102, 0x040005FF, 0x04000501,
    0x04000503, 0x03300000, 0x03300001, 0x03300400, 0x03300401, 0x03300D00, 0x03300D01, 0x03300E00,
    0x03300E01, 0x03300200, 0x03110000, 0x1D000001, 0x1D000101, 0x1E000001, 0x1E000101, 0x03350000,
    0x03350001, 0x00900100, 0x00900101, 0x00900200, 0x00900201, 0x03330201, 0x05060001, 0x05060101,
    0x05060201, 0x05060901, 0x02900100, 0x1D800101,
};

static store *st;
static char path[64];

static void cleanup(void)
{
    store_close(st);
    static const char *const suffix[] = {"", "-wal", "-shm"};
    char p[96];
    for (size_t i = 0; i < 3; i++) {
        snprintf(p, sizeof p, "%s%s", path, suffix[i]);
        unlink(p);
    }
}

static bool setup(void)
{
    if (st)
        return true;
    snprintf(path, sizeof path, "/tmp/fuzz-meter-data-%d.db", (int)getpid());
    char err[200];
    if (store_open(path, NULL, &st, err, sizeof err) != 0)
        return false;
    atexit(cleanup);
    /* F10: one DL/T 645-2007 meter, index 1 = point 1 on port 2 at 2400, 4 tariffs */
    static const uint8_t f10[29] = {1, 0, 1, 0, 1, 0, 0x62, 30, 1, 0, 0, 0, 0, 0, 0,
                                    0, 0, 0, 0, 0, 4, 0x09, 0,  0, 0, 0, 0, 0, 0};
    return store_param_set(st, 10, 0, f10, sizeof f10, 0, 0) == 0;
}

static void build_all(int64_t now)
{
    static uint8_t abuf[65536];
    mdc_arena a;
    mdc_tm tm;
    mdc_tm_from_epoch(now - 86400, &tm);
    for (uint16_t fn = 1; fn <= 248; fn++) {
        mdc_value *out = NULL;
        if (mdata_supports(0x0C, fn)) {
            mdc_arena_init(&a, abuf, sizeof abuf);
            (void)mdata_build_0c(st, 1, fn, now, &a, &out);
        }
        if (!mdata_supports(0x0D, fn))
            continue;
        mdc_arena_init(&a, abuf, sizeof abuf);
        mdc_value *req = mdc_v_add_obj(&a, NULL, NULL);
        mdc_tm d = tm;
        d.fields = MDC_TM_DATE;
        mdc_v_add_time(&a, req, "td_d", &d);
        mdc_tm m = tm;
        m.fields = MDC_TM_YEAR | MDC_TM_MON;
        mdc_v_add_time(&a, req, "td_m", &m);
        mdc_value *c = mdc_v_add_obj(&a, req, "td_c");
        mdc_tm s = tm;
        s.hour = 0, s.min = 15, s.sec = 0;
        s.fields = MDC_TM_DATE | MDC_TM_HOUR | MDC_TM_MIN;
        mdc_v_add_time(&a, c, "start", &s);
        mdc_v_add_int(&a, c, "density", 1 + (fn % 3), NULL);
        mdc_v_add_int(&a, c, "points", 96, NULL);
        (void)mdata_build_0d(st, 1, fn, req, now, &a, &out);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!setup())
        return 0;
    mdata_point p = {
        .point = 1, .port = 2, .protocol = 30, .tariffs = 4, .read_days = 1, .read_day_min = 0};
    cc_events ev;
    cc_events_init(&ev, st);
    cc_mevents_cfg cfg;
    cc_mevents_cfg_load(st, &cfg);
    int64_t now = 1764547140; /* 2025-11-30T23:59:00 as naive civil time */
    size_t i = 0;
    if (store_round_begin(st) != 0)
        return 0;
    while (i + 3 <= size) {
        uint32_t di = dis[data[i] % (sizeof dis / sizeof dis[0])];
        now += (int64_t)data[i + 1] * 37;
        size_t len = data[i + 2];
        i += 3;
        if (len > size - i)
            len = size - i;
        static uint8_t old[1024];
        size_t old_len = 0;
        int64_t ts = 0;
        bool had = store_data_get_current(st, 1, di, &ts, old, sizeof old, &old_len) == 0;
        cc_mevents_on_item(&ev, &cfg, 1, di, had ? old : NULL, had ? old_len : 0, data + i, len,
                           now);
        (void)mdata_on_item(st, &p, di, data + i, len, now);
        i += len;
    }
    store_round_commit(st, now);
    build_all(now);
    /* the next input starts from a clean data area */
    store_reset(st, STORE_RESET_DATA);
    return 0;
}
