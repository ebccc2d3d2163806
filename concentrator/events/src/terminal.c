/* Builders of the terminal's own events (cc/events.h): each fills the ERC's
 * record as a value tree named as the catalogue's layout (Tables 354..396)
 * and raises it through the recorder. Times are terminal times (seconds). */
#include <stdio.h>
#include <string.h>

#include "cc/events.h"
#include "gdw13761/dadt.h"
#include "gdw13761/formats.h"

/* Value nodes of one record (ERC3 with 62 identifiers is the largest). */
#define BUILD_ARENA 32768u

typedef struct build {
    mdc_arena a;
    mdc_value *rec;
    uint8_t buf[BUILD_ARENA];
} build;

static mdc_value *begin(build *b)
{
    mdc_arena_init(&b->a, b->buf, sizeof b->buf);
    b->rec = mdc_v_new(&b->a, MDC_V_OBJECT);
    return b->rec;
}

static void add_time(build *b, const char *key, int64_t t)
{
    mdc_tm tm;
    mdc_tm_from_epoch(t, &tm);
    mdc_v_add_time(&b->a, b->rec, key, &tm);
}

static void add_int(build *b, const char *key, int64_t v)
{
    mdc_v_add_int(&b->a, b->rec, key, v, NULL);
}

static void add_bs8(build *b, const char *key, const uint8_t *byte)
{
    mdc_v_add_bytes(&b->a, b->rec, key, MDC_V_BYTES, byte, 1);
}

/* An ASCII version of up to 4 characters (NULL: empty). */
static void add_ver(build *b, const char *key, const char v[4])
{
    size_t n = 0;
    while (v && n < 4 && v[n])
        n++;
    mdc_v_add_str(&b->a, b->rec, key, v ? v : "", n);
}

static int raise_built(cc_events *e, build *b, uint8_t erc, int64_t now_s)
{
    if (b->a.full) {
        e->failed++;
        strcpy(e->why, "record builder: value arena full");
        return -1;
    }
    return cc_events_raise(e, erc, b->rec, now_s, NULL);
}

int cc_events_erc1_init(cc_events *e, int64_t now_s, bool init, bool version_change,
                        const char old_ver[4], const char new_ver[4])
{
    build b;
    begin(&b);
    add_time(&b, "time", now_s);
    add_int(&b, "init", init);
    add_int(&b, "version_change", version_change);
    add_ver(&b, "old_version", old_ver);
    add_ver(&b, "new_version", new_ver);
    return raise_built(e, &b, 1, now_s);
}

int cc_events_erc2_param_loss(cc_events *e, int64_t now_s, bool terminal_params, bool point_params)
{
    build b;
    begin(&b);
    add_time(&b, "time", now_s);
    add_int(&b, "terminal_lost", terminal_params);
    add_int(&b, "point_lost", point_params);
    return raise_built(e, &b, 2, now_s);
}

/* Identifiers per ERC3 record: 5 + 1 + 4 x 62 = 254 bytes of Le 255. */
#define ERC3_IDS_MAX 62u
/* (pn, Fn) pairs of one call (more are cut: a set request has at most
 * CC_DISPATCH_UNITS_MAX units). */
#define ERC3_PAIRS_MAX 512u

int cc_events_erc3_param_change(cc_events *e, int64_t now_s, uint8_t msa, const uint16_t *pn,
                                const uint16_t *fn, size_t n)
{
    gdw13761_pnfn pairs[ERC3_PAIRS_MAX];
    uint8_t ids[ERC3_PAIRS_MAX][4];
    size_t np = n < ERC3_PAIRS_MAX ? n : ERC3_PAIRS_MAX, nid = 0;
    for (size_t i = 0; i < np; i++) {
        pairs[i].pn = pn[i];
        pairs[i].fn = fn[i];
    }
    gdw13761_err err;
    memset(&err, 0, sizeof err);
    if (np && gdw13761_dadt_group(pairs, np, ids, ERC3_PAIRS_MAX, &nid, &err) != 0) {
        e->failed++;
        snprintf(e->why, sizeof e->why, "ERC3 identifiers: %s", err.msg);
        return -1;
    }
    /* one record per 62 identifiers (one record when nothing changed) */
    size_t at = 0;
    do {
        build b;
        begin(&b);
        add_time(&b, "time", now_s);
        add_int(&b, "msa", msa);
        mdc_value *ch = mdc_v_add_arr(&b.a, b.rec, "changed");
        size_t end = nid - at > ERC3_IDS_MAX ? at + ERC3_IDS_MAX : nid;
        for (; at < end; at++)
            mdc_v_append(ch, NULL, gdw13761_fmt_decode(GDW_DADT, 4, NULL, ids[at], &b.a));
        if (raise_built(e, &b, 3, now_s) != 0)
            return -1;
    } while (at < nid);
    return 0;
}

int cc_events_erc4_state_input(cc_events *e, int64_t now_s, uint8_t changed, uint8_t state)
{
    build b;
    begin(&b);
    add_time(&b, "time", now_s);
    add_bs8(&b, "changed", &changed);
    add_bs8(&b, "state", &state);
    return raise_built(e, &b, 4, now_s);
}

int cc_events_erc14_power(cc_events *e, int64_t off_s, int64_t on_s, bool on_valid)
{
    build b;
    begin(&b);
    add_time(&b, "power_off", off_s);
    if (on_valid)
        add_time(&b, "power_on", on_s); /* else EEH: the power is still off */
    return raise_built(e, &b, 14, on_valid ? on_s : off_s);
}

int cc_events_erc20_auth(cc_events *e, int64_t now_s, const uint8_t pw[16], uint8_t msa)
{
    static const uint8_t zero[16];
    build b;
    begin(&b);
    add_time(&b, "time", now_s);
    mdc_v_add_bytes(&b.a, b.rec, "pw", MDC_V_BYTES, pw ? pw : zero, 16);
    add_int(&b, "msa", msa);
    return raise_built(e, &b, 20, now_s);
}

int cc_events_erc21_fault(cc_events *e, int64_t now_s, uint8_t code)
{
    build b;
    begin(&b);
    add_time(&b, "time", now_s);
    add_int(&b, "fault", code);
    return raise_built(e, &b, 21, now_s);
}

int cc_events_erc32_traffic(cc_events *e, int64_t now_s, uint32_t used, uint32_t limit)
{
    build b;
    begin(&b);
    add_time(&b, "time", now_s);
    add_int(&b, "traffic", used);
    add_int(&b, "traffic_limit", limit);
    return raise_built(e, &b, 32, now_s);
}

int cc_events_erc41_time_set(cc_events *e, int64_t before_s, int64_t after_s, uint16_t pn)
{
    build b;
    begin(&b);
    add_int(&b, "pn", pn);
    add_time(&b, "before", before_s);
    add_time(&b, "after", after_s);
    return raise_built(e, &b, 41, after_s);
}
