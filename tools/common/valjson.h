/* Value tree (mdc/value.h) <-> cJSON, for the tools' --json output and input.
 *
 * To JSON: NULL -> null, numbers -> JSON numbers written exactly (a DEC keeps
 * its decimals: 1234.50), TIME -> ISO 8601 string, BYTES -> upper-case hex
 * string, INVALID -> {"invalid": "hex"}, STR -> string. Units are not part of
 * the JSON value (they are the standard's units, listed in the docs).
 *
 * From JSON: numbers -> INT or DEC (the text's decimals), strings -> TIME
 * when they read as ISO 8601 with a '-' or ':' in them, else STR (encoders
 * accept STR for hex bytes and addresses), {"invalid": hex} -> INVALID. */
#ifndef MDC_TOOLS_VALJSON_H
#define MDC_TOOLS_VALJSON_H

#include <cjson/cJSON.h>

#include "mdc/value.h"

/* A new cJSON tree for v (caller frees with cJSON_Delete), NULL on allocation failure. */
cJSON *valjson_to_json(const mdc_value *v);

/* A value tree for j in arena a (keys and strings copied into a), NULL when the
 * arena is full. */
mdc_value *valjson_from_json(const cJSON *j, mdc_arena *a);

#endif
