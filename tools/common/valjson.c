#include "valjson.h"

#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "mdc/hex.h"

static cJSON *hex_string(const uint8_t *p, size_t n)
{
    char stack[256];
    size_t cap = n * 2 + 1;
    char *buf = cap <= sizeof stack ? stack : malloc(cap);
    if (!buf)
        return NULL;
    mdc_hex_format(p, n, 0, buf, cap);
    cJSON *s = cJSON_CreateString(buf);
    if (buf != stack)
        free(buf);
    return s;
}

cJSON *valjson_to_json(const mdc_value *v)
{
    char buf[64];
    switch (v->kind) {
    case MDC_V_NULL:
        return cJSON_CreateNull();
    case MDC_V_BOOL:
        return cJSON_CreateBool(v->u.b);
    case MDC_V_INT:
        snprintf(buf, sizeof buf, "%lld", (long long)v->u.i);
        return cJSON_CreateRaw(buf);
    case MDC_V_DEC:
        if (!mdc_dec_format(v->u.dec.mant, v->u.dec.scale, buf, sizeof buf))
            return cJSON_CreateNull();
        return cJSON_CreateRaw(buf);
    case MDC_V_STR: {
        char *s = malloc(v->u.str.len + 1);
        if (!s)
            return NULL;
        memcpy(s, v->u.str.p, v->u.str.len);
        s[v->u.str.len] = 0;
        cJSON *j = cJSON_CreateString(s);
        free(s);
        return j;
    }
    case MDC_V_TIME:
        if (!mdc_tm_format_iso(&v->u.tm, buf, sizeof buf))
            return cJSON_CreateNull();
        return cJSON_CreateString(buf);
    case MDC_V_BYTES:
        return hex_string(v->u.bytes.p, v->u.bytes.len);
    case MDC_V_INVALID: {
        cJSON *o = cJSON_CreateObject();
        if (o)
            cJSON_AddItemToObject(o, "invalid", hex_string(v->u.bytes.p, v->u.bytes.len));
        return o;
    }
    case MDC_V_ARRAY:
    case MDC_V_OBJECT: {
        cJSON *c = v->kind == MDC_V_ARRAY ? cJSON_CreateArray() : cJSON_CreateObject();
        if (!c)
            return NULL;
        for (const mdc_value *e = v->u.list.head; e; e = e->next) {
            cJSON *je = valjson_to_json(e);
            if (!je) {
                cJSON_Delete(c);
                return NULL;
            }
            if (v->kind == MDC_V_ARRAY)
                cJSON_AddItemToArray(c, je);
            else
                cJSON_AddItemToObject(c, e->key ? e->key : "", je);
        }
        return c;
    }
    }
    return cJSON_CreateNull();
}

/* A JSON number as INT or DEC. cJSON keeps only a double, so the text form
 * with 15 significant digits (exact for every value a protocol field holds)
 * is re-read as a decimal. */
static mdc_value *number(double d, mdc_arena *a)
{
    char buf[64];
    if (d == floor(d) && fabs(d) < 9007199254740992.0)
        return mdc_v_add_int(a, NULL, NULL, (int64_t)d, NULL);
    snprintf(buf, sizeof buf, "%.15g", d);
    if (strchr(buf, 'e'))
        snprintf(buf, sizeof buf, "%.9f", d);
    const char *dot = strchr(buf, '.');
    uint8_t scale = 0;
    if (dot) {
        size_t n = strlen(dot + 1);
        while (n > 0 && dot[n] == '0')
            n--;
        scale = (uint8_t)n;
    }
    int64_t mant;
    if (!mdc_dec_parse(buf, scale, &mant))
        return mdc_v_add_null(a, NULL, NULL);
    return mdc_v_add_dec(a, NULL, NULL, mant, scale, NULL);
}

mdc_value *valjson_from_json(const cJSON *j, mdc_arena *a)
{
    if (cJSON_IsNull(j))
        return mdc_v_add_null(a, NULL, NULL);
    if (cJSON_IsBool(j))
        return mdc_v_add_bool(a, NULL, NULL, cJSON_IsTrue(j));
    if (cJSON_IsNumber(j))
        return number(j->valuedouble, a);
    if (cJSON_IsString(j)) {
        const char *s = j->valuestring;
        mdc_tm tm;
        if (strpbrk(s, "-:") && mdc_tm_parse_iso(s, &tm))
            return mdc_v_add_time(a, NULL, NULL, &tm);
        return mdc_v_add_str(a, NULL, NULL, s, strlen(s));
    }
    if (cJSON_IsObject(j)) {
        const cJSON *inv = cJSON_GetObjectItemCaseSensitive(j, "invalid");
        if (inv && cJSON_IsString(inv) && cJSON_GetArraySize(j) == 1) {
            uint8_t buf[512];
            long n = mdc_hex_parse(inv->valuestring, buf, sizeof buf, NULL);
            if (n < 0)
                return mdc_v_add_str(a, NULL, NULL, inv->valuestring, strlen(inv->valuestring));
            return mdc_v_add_bytes(a, NULL, NULL, MDC_V_INVALID, buf, (size_t)n);
        }
    }
    if (cJSON_IsObject(j) || cJSON_IsArray(j)) {
        mdc_value *c =
            cJSON_IsArray(j) ? mdc_v_add_arr(a, NULL, NULL) : mdc_v_add_obj(a, NULL, NULL);
        if (!c)
            return NULL;
        for (const cJSON *e = j->child; e; e = e->next) {
            mdc_value *ve = valjson_from_json(e, a);
            if (!ve)
                return NULL;
            const char *key = NULL;
            if (cJSON_IsObject(j)) {
                key = mdc_arena_strndup(a, e->string ? e->string : "",
                                        e->string ? strlen(e->string) : 0);
                if (!key)
                    return NULL;
            }
            mdc_v_append(c, key, ve);
        }
        return c;
    }
    return mdc_v_add_null(a, NULL, NULL);
}
