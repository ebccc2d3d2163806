/* Answer classification and output (answer.h). */
#include "answer.h"

#include <string.h>

#include "msgjson.h"

const char *mans_status_name(mans_status s)
{
    static const char *const names[] = {"ok", "deny", "malformed"};
    return (unsigned)s < 3 ? names[s] : "?";
}

static mans_status set(mans *a, mans_status s, const char *reason)
{
    a->status = s;
    snprintf(a->reason, sizeof a->reason, "%s", reason);
    return s;
}

/* AFN00: F1 confirms, F2 denies, F3 lists per identifier, F4 is a security error. */
static mans_status confirm_deny(mans *a)
{
    char buf[160];
    for (size_t i = 0; i < a->m.nunits; i++) {
        const gdw13761_unit *u = &a->units[i];
        if (u->fn == 2)
            return set(a, MANS_DENY, "denied (AFN00 F2 all denied)");
        if (u->fn == 4)
            return set(a, MANS_DENY, "denied: hardware security authentication error (AFN00 F4)");
        if (u->fn != 3)
            continue;
        const mdc_value *items = mdc_v_get(u->value, "items");
        for (size_t k = 0; items && k < items->u.list.n; k++) {
            const mdc_value *it = mdc_v_at(items, k);
            int64_t e = 0;
            if (mdc_v_int(mdc_v_get(it, "err"), &e) && e != 0) {
                const mdc_value *fns = mdc_v_get(mdc_v_get(it, "dadt"), "fn");
                const mdc_value *pns = mdc_v_get(mdc_v_get(it, "dadt"), "pn");
                int64_t fn = 0, pn = 0;
                mdc_v_int(mdc_v_at(fns, 0), &fn);
                mdc_v_int(mdc_v_at(pns, 0), &pn);
                snprintf(buf, sizeof buf, "denied: p%lld F%lld: ERR %lld %s", (long long)pn,
                         (long long)fn, (long long)e, msgjson_err_name(e));
                return set(a, MANS_DENY, buf);
            }
        }
    }
    return set(a, MANS_OK, a->m.nunits && a->units[0].fn == 1 ? "all confirmed" : "confirmed");
}

mans_status mans_decode(mans *a, uint8_t req_afn, uint8_t afn, uint8_t fc, unsigned frames,
                        const uint8_t *region, size_t len)
{
    a->req_afn = req_afn;
    a->afn = afn;
    a->fc = fc;
    a->frames = frames;
    a->reason[0] = 0;
    mdc_arena_init(&a->arena, a->mem, sizeof a->mem);
    memset(&a->err, 0, sizeof a->err);
    int rc = gdw13761_msg_decode_units(afn, true, region, len, &a->m, a->units, MANS_MAX_UNITS,
                                       &a->arena, &a->err);
    if (fc == 9 && afn == 0x00)
        return set(a, MANS_DENY, "denied: no data called for (FC 9)");
    if (afn != req_afn && afn != 0x00) {
        char buf[96];
        snprintf(buf, sizeof buf, "answer of AFN%02X to a request of AFN%02X", afn, req_afn);
        return set(a, MANS_MALFORMED, buf);
    }
    if (rc != 0) {
        char buf[192];
        snprintf(buf, sizeof buf, "answer does not decode: %s", a->err.msg);
        return set(a, MANS_MALFORMED, buf);
    }
    if (afn == 0x00)
        return confirm_deny(a);
    if (fc == 9)
        return set(a, MANS_DENY, "denied: no data called for (FC 9)");
    return set(a, MANS_OK, "data");
}

cJSON *mans_json(const mans *a)
{
    cJSON *j = cJSON_CreateObject();
    if (!j)
        return NULL;
    cJSON_AddStringToObject(j, "result", mans_status_name(a->status));
    cJSON_AddStringToObject(j, "reason", a->reason);
    cJSON_AddNumberToObject(j, "afn", a->afn);
    cJSON_AddStringToObject(j, "afn_name", msgjson_afn_name(a->afn));
    cJSON_AddNumberToObject(j, "frames", a->frames);
    cJSON *u = cJSON_AddArrayToObject(j, "units");
    for (size_t i = 0; i < a->m.nunits; i++)
        cJSON_AddItemToArray(u, msgjson_unit(&a->units[i]));
    return j;
}

void mans_print(FILE *f, const mans *a)
{
    fprintf(f, "AFN%02X %s: %s, %zu unit%s in %u frame%s\n", a->afn, msgjson_afn_name(a->afn),
            a->reason, a->m.nunits, a->m.nunits == 1 ? "" : "s", a->frames,
            a->frames == 1 ? "" : "s");
    msgjson_print_units(f, a->afn, a->units, a->m.nunits);
}
