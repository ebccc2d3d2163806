/* 1376.1 message -> JSON / text (see msgjson.h). */
#include "msgjson.h"

#include <stdio.h>

#include "gdw13761/dadt.h"
#include "mdc/hex.h"
#include "valjson.h"
#include "valtext.h"

const char *msgjson_afn_name(uint8_t afn)
{
    static const char *const names[] = {
        [0x00] = "confirm/deny",
        [0x01] = "reset",
        [0x02] = "link interface check",
        [0x03] = "relay station command",
        [0x04] = "set parameters",
        [0x05] = "control command",
        [0x06] = "authentication and key negotiation",
        [0x08] = "request cascaded terminal reports",
        [0x09] = "terminal configuration",
        [0x0A] = "query parameters",
        [0x0B] = "request task data",
        [0x0C] = "class 1 data (real time)",
        [0x0D] = "class 2 data (frozen)",
        [0x0E] = "class 3 data (events)",
        [0x0F] = "file transfer",
        [0x10] = "data forwarding",
    };
    if (afn < sizeof names / sizeof names[0] && names[afn])
        return names[afn];
    return "reserved AFN";
}

const char *msgjson_err_name(int64_t e)
{
    static const char *const names[] = {"ok",
                                        "other error",
                                        "address not in table",
                                        "password or key wrong",
                                        "time label stale",
                                        "target not connected"};
    return e >= 0 && e < (int64_t)(sizeof names / sizeof names[0]) ? names[e] : "reserved";
}

cJSON *msgjson_unit(const gdw13761_unit *u)
{
    cJSON *j = cJSON_CreateObject();
    if (!j)
        return NULL;
    if (u->pn == GDW13761_PN_ALL)
        cJSON_AddStringToObject(j, "pn", "all");
    else
        cJSON_AddNumberToObject(j, "pn", u->pn);
    cJSON_AddNumberToObject(j, "fn", u->fn);
    cJSON_AddStringToObject(j, "name", u->row ? u->row->name : "not catalogued");
    cJSON_AddItemToObject(j, "data", u->value ? valjson_to_json(u->value) : cJSON_CreateNull());
    return j;
}

cJSON *msgjson_msg(const gdw13761_msg *m, const gdw13761_err *err)
{
    const gdw13761_frame *f = &m->frame;
    char buf[64];
    cJSON *j = cJSON_CreateObject();
    if (!j)
        return NULL;
    cJSON_AddStringToObject(j, "proto", "1376.1");
    cJSON_AddStringToObject(j, "dir", f->dir ? "up" : "down");
    cJSON_AddBoolToObject(j, "prm", f->prm);
    cJSON_AddBoolToObject(j, "fcb_acd", f->dir ? f->acd : f->fcb);
    cJSON_AddBoolToObject(j, "fcv", f->fcv);
    cJSON_AddNumberToObject(j, "fc", f->fc);
    cJSON_AddStringToObject(j, "a1", f->a1);
    cJSON_AddNumberToObject(j, "a2", f->a2);
    cJSON_AddNumberToObject(j, "msa", f->msa);
    cJSON_AddBoolToObject(j, "group", f->group);
    cJSON_AddNumberToObject(j, "afn", f->afn);
    cJSON_AddStringToObject(j, "afn_name", msgjson_afn_name(f->afn));
    cJSON *seq = cJSON_AddObjectToObject(j, "seq");
    cJSON_AddBoolToObject(seq, "tpv", f->tpv);
    cJSON_AddBoolToObject(seq, "fir", f->fir);
    cJSON_AddBoolToObject(seq, "fin", f->fin);
    cJSON_AddBoolToObject(seq, "con", f->con);
    cJSON_AddNumberToObject(seq, "seq", f->seq);
    cJSON *units = cJSON_AddArrayToObject(j, "units");
    for (size_t i = 0; i < m->nunits; i++)
        cJSON_AddItemToArray(units, msgjson_unit(&m->units[i]));
    if (f->has_ec) {
        cJSON *ec = cJSON_AddObjectToObject(j, "ec");
        cJSON_AddNumberToObject(ec, "important", f->ec1);
        cJSON_AddNumberToObject(ec, "general", f->ec2);
    }
    if (f->tpv) {
        cJSON *tp = cJSON_AddObjectToObject(j, "tp");
        cJSON_AddNumberToObject(tp, "pfc", f->tp.pfc);
        snprintf(buf, sizeof buf, "---%02uT%02u:%02u:%02u", f->tp.day, f->tp.hour, f->tp.min,
                 f->tp.sec);
        cJSON_AddStringToObject(tp, "time", buf);
        cJSON_AddNumberToObject(tp, "delay_min", f->tp.delay_min);
    }
    if (f->has_pw)
        cJSON_AddStringToObject(j, "pw", mdc_hex_format(f->pw, sizeof f->pw, 0, buf, sizeof buf));
    if (!m->complete) {
        cJSON_AddBoolToObject(j, "complete", false);
        cJSON_AddStringToObject(j, "error", err ? err->msg : "incomplete");
    }
    return j;
}

void msgjson_print_units(FILE *f, uint8_t afn, const gdw13761_unit *units, size_t n)
{
    char buf[256];
    for (size_t i = 0; i < n; i++) {
        const gdw13761_unit *u = &units[i];
        if (u->pn == GDW13761_PN_ALL)
            fprintf(f, "  all points F%u", u->fn);
        else
            fprintf(f, "  p%u F%u", u->pn, u->fn);
        fprintf(f, "  %s%s%s\n", u->row ? u->row->name : "(not catalogued, raw)",
                u->row && u->row->name_zh ? " / " : "",
                u->row && u->row->name_zh ? u->row->name_zh : "");
        if (!u->value)
            continue;
        if (u->value->kind == MDC_V_OBJECT)
            valtext_print(f, u->value, 4);
        else {
            valtext_scalar(u->value, buf, sizeof buf);
            fprintf(f, "    %s\n", buf);
        }
        if (afn == 0x00 && u->fn == 3) {
            const mdc_value *items = mdc_v_get(u->value, "items");
            for (size_t k = 0; items && k < items->u.list.n; k++) {
                int64_t e;
                if (mdc_v_int(mdc_v_get(mdc_v_at(items, k), "err"), &e))
                    fprintf(f, "    item %zu: %s\n", k, msgjson_err_name(e));
            }
        }
    }
}
