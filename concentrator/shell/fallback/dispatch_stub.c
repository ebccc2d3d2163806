/* Stand-in for cc_dispatch while concentrator/dispatch has no sources:
 * every request is denied (AFN00 F2), no effects. Built only when the
 * cc_dispatch library does not exist (see CMakeLists.txt). */
#include <string.h>

#include "cc/dispatch.h"

void cc_dispatch_init(cc_dispatch *d, store *st, const cc_terminal_info *info,
                      int64_t started_clock_ms)
{
    memset(d, 0, sizeof *d);
    d->st = st;
    d->info = info;
    d->started_clock_ms = started_clock_ms;
}

int cc_dispatch_request(cc_dispatch *d, cc_source src, const gdw13761_msg *m, int decode_rc,
                        cc_link_now now, const cc_live *live, cc_link_answer *ans,
                        cc_dispatch_effects *fx)
{
    (void)src, (void)m, (void)decode_rc, (void)now, (void)live;
    memset(fx, 0, sizeof *fx);
    memset(ans, 0, sizeof *ans);
    ans->kind = CC_LINK_ANS_DENY;
    d->denied++;
    return 0;
}
