/* frametool: Q/GDW 1376.1 decode and encode (filled in once the message layer lands). */
#include <stdio.h>

#include "ft.h"

long ft13761_decode_one(const uint8_t *p, size_t n, const ft_opts *o)
{
    (void)p;
    (void)n;
    (void)o;
    fprintf(stderr, "frametool: 1376.1 decoding is not wired yet\n");
    return -1;
}

int ft13761_encode_main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "frametool: 1376.1 encoding is not wired yet\n");
    return 2;
}
