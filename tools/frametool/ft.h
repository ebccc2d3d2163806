/* frametool internals: one file per protocol, sharing the output helpers. */
#ifndef FRAMETOOL_FT_H
#define FRAMETOOL_FT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

typedef enum ft_proto {
    FT_AUTO,
    FT_645,
    FT_13761,
} ft_proto;

typedef struct ft_opts {
    ft_proto proto;
    bool json;
} ft_opts;

/* Decodes one frame starting at p (leading FE already counted in). Prints it
 * (text or one JSON line). Returns the bytes consumed, or -1 after printing
 * the reason to stderr. */
long ft645_decode_one(const uint8_t *p, size_t n, const ft_opts *o);
long ft13761_decode_one(const uint8_t *p, size_t n, const ft_opts *o);

/* Builds the decode output of a DL/T 645 frame as JSON (for nesting in AFN10).
 * NULL when the bytes are not a DL/T 645 frame. */
cJSON *ft645_json(const uint8_t *p, size_t n);

int ft645_encode_main(int argc, char **argv);
int ft13761_encode_main(int argc, char **argv);
int ft_catalog_main(int argc, char **argv);

/* Prints a cJSON object as one line on stdout and frees it. */
void ft_print_json(cJSON *j);

#endif
