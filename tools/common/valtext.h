/* Value tree (mdc/value.h) as text for people: one "key: value unit" per line,
 * nested objects indented, arrays of plain values on one line. */
#ifndef MDC_TOOLS_VALTEXT_H
#define MDC_TOOLS_VALTEXT_H

#include <stdio.h>

#include "mdc/value.h"

/* Writes a scalar (no children) as text: "1234.56 kWh", "2025-11-02T08:30:00",
 * "(missing)", "(invalid: 3A12)". Returns the length, truncated to cap-1. */
size_t valtext_scalar(const mdc_value *v, char *out, size_t cap);

/* Prints v at the given indent (spaces). An OBJECT prints its members, an
 * ARRAY of OBJECTs prints "[i]" headings, an ARRAY of scalars prints inline. */
void valtext_print(FILE *f, const mdc_value *v, int indent);

#endif
