#include "cat_tables.h"

const gdw13761_fn gdw13761_cat_afn0f_10[] = {
    {.layout = NULL},
};
