/* The function codes of DL/T 645-2007 and -1997 with their data layouts. */
#include <stddef.h>

#include "func_table.h"

static const func_desc table_2007[] = {
    {DLT645_F07_SECURITY, "security", RQ_SECURITY, RP_DI_DATA, 0},
    {DLT645_F07_TIME_SET, "time_set", RQ_TIME, RP_NO_REPLY, 0},
    {DLT645_F07_READ, "read", RQ_READ, RP_DI_DATA, 1},
    {DLT645_F07_READ_MORE, "read_more", RQ_READ_MORE, RP_DI_DATA_SEQ, 1},
    {DLT645_F07_READ_ADDR, "read_addr", RQ_NONE, RP_ADDR, 0},
    {DLT645_F07_WRITE, "write", RQ_WRITE, RP_NONE, 0},
    {DLT645_F07_WRITE_ADDR, "write_addr", RQ_NEW_ADDR, RP_NONE, 0},
    {DLT645_F07_FREEZE, "freeze", RQ_FREEZE, RP_NONE, 0},
    {DLT645_F07_BAUD, "baud", RQ_Z, RP_Z, 0},
    {DLT645_F07_PASSWORD, "password", RQ_PASSWORD, RP_PW, 0},
    {DLT645_F07_DEMAND_RESET, "demand_reset", RQ_AUTH, RP_NONE, 0},
    {DLT645_F07_METER_RESET, "meter_reset", RQ_AUTH, RP_NONE, 0},
    {DLT645_F07_EVENT_RESET, "event_reset", RQ_EVENT, RP_NONE, 0},
    {DLT645_F07_CONTROL, "control", RQ_CONTROL, RP_NONE, 0},
    {DLT645_F07_OUTPUT, "output", RQ_Z, RP_Z, 0},
};

static const func_desc table_1997[] = {
    {DLT645_F97_READ, "read", RQ_READ, RP_DI_DATA, 1},
    {DLT645_F97_READ_MORE, "read_more", RQ_READ_MORE, RP_DI_DATA, 1},
    {DLT645_F97_REREAD, "reread", RQ_NONE, RP_DI_DATA, 1},
    {DLT645_F97_WRITE, "write", RQ_WRITE, RP_NONE, 0},
    {DLT645_F97_TIME_SET, "time_set", RQ_TIME, RP_NO_REPLY, 0},
    {DLT645_F97_WRITE_ADDR, "write_addr", RQ_NEW_ADDR, RP_NONE, 0},
    {DLT645_F97_BAUD, "baud", RQ_Z, RP_Z, 0},
    {DLT645_F97_PASSWORD, "password", RQ_PASSWORD, RP_PW, 0},
    {DLT645_F97_DEMAND_RESET, "demand_reset", RQ_NONE_OR_PW, RP_NONE, 0},
};

const func_desc *dlt645_func_find(dlt645_proto proto, uint8_t func)
{
    const func_desc *t;
    size_t n;
    if (proto == DLT645_PROTO_2007) {
        t = table_2007;
        n = sizeof table_2007 / sizeof table_2007[0];
    } else if (proto == DLT645_PROTO_1997) {
        t = table_1997;
        n = sizeof table_1997 / sizeof table_1997[0];
    } else {
        return NULL;
    }
    for (size_t i = 0; i < n; i++)
        if (t[i].func == func)
            return &t[i];
    return NULL;
}

const char *dlt645_func_name(dlt645_proto proto, uint8_t func)
{
    const func_desc *d = dlt645_func_find(proto, func);
    return d ? d->name : NULL;
}

bool dlt645_func_has_reply(dlt645_proto proto, uint8_t func)
{
    const func_desc *d = dlt645_func_find(proto, func);
    return d && d->rp != RP_NO_REPLY;
}
