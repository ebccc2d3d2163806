#include "cat_tables.h"

const gdw13761_fn gdw13761_cat_afn00_02[] = {
    {.layout = NULL},
};
