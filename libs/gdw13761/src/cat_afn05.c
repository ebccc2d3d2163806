#include "cat_tables.h"

const gdw13761_fn gdw13761_cat_afn05[] = {
    {.layout = NULL},
};
