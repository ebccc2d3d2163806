/* metersim bus core, control language and config parser (no I/O). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "mdc/mtime.h"
#include "ms_bus.h"
#include "ms_config.h"
#include "ms_control.h"

static ms_slot slots[8];
static ms_bus B;
static ms_sim_cfg CFG;
static int64_t T0;

static void setup_bus(void)
{
    mdc_tm t;
    assert_true(mdc_tm_parse_iso("2025-11-02T08:00:00", &t));
    T0 = mdc_tm_to_epoch(&t) * 1000;
    char err[200];
    ms_config_init(&CFG);
    assert_int_equal(
        ms_config_quick(&CFG, 3, "123456781012", DLT645_PROTO_2007, 2400, err, sizeof err), 0);
    ms_bus_init(&B, slots, 8, 1);
    for (unsigned i = 0; i < CFG.n; i++)
        assert_true(ms_bus_add(&B, &CFG.meter[i], T0) >= 0);
}

static void read_frame(const char *addr, uint32_t di, dlt645_frame *f)
{
    dlt645_request rq;
    uint8_t a[6];
    assert_int_equal(dlt645_addr_parse(addr, a), DLT645_OK);
    dlt645_request_init(&rq, DLT645_PROTO_2007, DLT645_F07_READ, a);
    rq.di = di;
    assert_int_equal(dlt645_request_build(&rq, f), DLT645_OK);
}

static void test_bus_answers_and_faults(void **state)
{
    (void)state;
    setup_bus();
    dlt645_frame f, got;
    ms_tx tx;
    read_frame("123456781013", 0x00010000, &f);
    assert_true(ms_bus_frame(&B, &f, T0, &tx));
    assert_int_equal(tx.answered, 1);
    assert_int_equal(tx.delay_ms, 105); /* 30 + (13 % 8) x 15 */
    assert_int_equal(tx.baud, 2400);
    assert_int_equal(dlt645_frame_decode(tx.bytes, tx.n, &got, NULL), DLT645_OK);
    assert_memory_equal(got.addr, CFG.meter[1].addr, 6);
    /* nobody there */
    read_frame("999999999998", 0x00010000, &f);
    assert_false(ms_bus_frame(&B, &f, T0, &tx));
    /* silent */
    read_frame("123456781013", 0x00010000, &f);
    ms_bus_find(&B, CFG.meter[1].addr)->fault.silent = true;
    assert_false(ms_bus_frame(&B, &f, T0, &tx));
    ms_bus_find(&B, CFG.meter[1].addr)->fault.silent = false;
    /* slow */
    ms_bus_find(&B, CFG.meter[1].addr)->fault.slow_ms = 700;
    assert_true(ms_bus_frame(&B, &f, T0, &tx));
    assert_int_equal(tx.delay_ms, 805);
    ms_bus_find(&B, CFG.meter[1].addr)->fault.slow_ms = 0;
    /* bad checksum */
    ms_bus_find(&B, CFG.meter[1].addr)->fault.bad_cs = true;
    assert_true(ms_bus_frame(&B, &f, T0, &tx));
    assert_int_equal(dlt645_frame_decode(tx.bytes, tx.n, &got, NULL), DLT645_ERR_CHECKSUM);
    ms_bus_find(&B, CFG.meter[1].addr)->fault.bad_cs = false;
    /* noise before the reply: the framer still finds it */
    ms_bus_find(&B, CFG.meter[1].addr)->fault.noise = 7;
    assert_true(ms_bus_frame(&B, &f, T0, &tx));
    assert_int_equal(tx.n, 7 + 20);
    dlt645_framer fr;
    dlt645_framer_init(&fr);
    const uint8_t *p = tx.bytes;
    size_t n = tx.n;
    const dlt645_frame *ff = dlt645_framer_feed(&fr, &p, &n);
    assert_non_null(ff);
    assert_int_equal(ff->c, 0x91);
    assert_int_equal(fr.stats.dropped_bytes, 7);
    ms_bus_find(&B, CFG.meter[1].addr)->fault.noise = 0;
    /* collision with a phantom twin: nothing decodable */
    ms_bus_find(&B, CFG.meter[1].addr)->fault.collide = true;
    assert_true(ms_bus_frame(&B, &f, T0, &tx));
    assert_int_equal(tx.answered, 2);
    assert_int_not_equal(dlt645_frame_decode(tx.bytes, tx.n, &got, NULL), DLT645_OK);
    ms_bus_find(&B, CFG.meter[1].addr)->fault.collide = false;
    /* read address to AA x 6 with three meters: they all answer, the bytes are OR-ed */
    dlt645_request rq;
    dlt645_request_init(&rq, DLT645_PROTO_2007, DLT645_F07_READ_ADDR, dlt645_addr_wildcard);
    assert_int_equal(dlt645_request_build(&rq, &f), DLT645_OK);
    assert_true(ms_bus_frame(&B, &f, T0, &tx));
    assert_int_equal(tx.answered, 3);
    assert_int_equal(tx.bytes[1], 0x12 | 0x13 | 0x14);
    /* broadcast freeze: no reply */
    dlt645_request_init(&rq, DLT645_PROTO_2007, DLT645_F07_FREEZE, dlt645_addr_broadcast);
    rq.has_time = true;
    rq.time.fields = 0; /* 99 99 99 99: now */
    assert_int_equal(dlt645_request_build(&rq, &f), DLT645_OK);
    assert_false(ms_bus_frame(&B, &f, T0, &tx));
    assert_int_equal(ms_bus_find(&B, CFG.meter[0].addr)->meter.n_freeze16, 1);
    /* the master talks at 1200: meters set for 2400 do not hear it */
    read_frame("123456781013", 0x00010000, &f);
    B.line_baud = 1200;
    assert_false(ms_bus_frame(&B, &f, T0, &tx));
    B.line_baud = 2400;
    assert_true(ms_bus_frame(&B, &f, T0, &tx));
    B.line_baud = 0;
    /* garbage never contains 68H or FEH */
    uint8_t g[256];
    ms_bus_garbage(&B, g, sizeof g);
    for (size_t i = 0; i < sizeof g; i++)
        assert_true(g[i] != 0x68 && g[i] != 0xFE);
}

/* Random requests: no crash, and whatever a single meter sends is a well-formed reply. */
static void test_random_frames(void **state)
{
    (void)state;
    setup_bus();
    uint32_t r = 12345;
    unsigned answered = 0;
    for (int i = 0; i < 20000; i++) {
        dlt645_frame f, got;
        ms_tx tx;
        r = r * 1103515245u + 12345u;
        unsigned pick = (r >> 8) % 4;
        const uint8_t *a = pick == 0   ? dlt645_addr_broadcast
                           : pick == 1 ? dlt645_addr_wildcard
                                       : CFG.meter[pick - 1].addr;
        dlt645_frame_init(&f, a, (uint8_t)((r >> 16) % 0x20));
        f.len = (uint8_t)((r >> 4) % 24);
        for (unsigned k = 0; k < f.len; k++) {
            r = r * 1103515245u + 12345u;
            f.data[k] = (uint8_t)(r >> 16);
        }
        if (f.len >= 4 && (r & 1)) { /* often a plausible DI */
            f.data[3] = (uint8_t)((r >> 9) % 7);
            f.data[2] = (uint8_t)((r >> 12) % 3);
        }
        if (ms_bus_frame(&B, &f, T0 + (int64_t)i * 1000, &tx) && tx.answered == 1) {
            answered++;
            assert_int_equal(dlt645_frame_decode(tx.bytes, tx.n, &got, NULL), DLT645_OK);
            assert_true(dlt645_c_is_reply(got.c));
            assert_int_equal(dlt645_c_func(got.c), dlt645_c_func(f.c));
        }
    }
    assert_true(answered > 100);
}

static const char *run(ms_ctl *c, const char *line, int64_t now)
{
    static char out[8192];
    ms_control_exec(c, line, now, out, sizeof out);
    return out;
}

static void test_control(void **state)
{
    (void)state;
    setup_bus();
    ms_ctl c;
    memset(&c, 0, sizeof c);
    c.bus = &B;
    c.baud = 2400;
    assert_string_equal(
        run(&c, "list", T0),
        "{\"ok\":true,\"meters\":[\"123456781012\",\"123456781013\",\"123456781014\"]}");
    assert_string_equal(
        run(&c, "frobnicate", T0),
        "{\"ok\":false,\"error\":\"unknown command 'frobnicate' (see docs/metersim.md)\"}");
    assert_string_equal(run(&c, "silent 123456789999 on", T0),
                        "{\"ok\":false,\"error\":\"no meter 123456789999 on the bus\"}");
    assert_string_equal(run(&c, "silent 123456781012 maybe", T0),
                        "{\"ok\":false,\"error\":\"'maybe': expected on/off (open/close)\"}");
    assert_string_equal(run(&c, "silent 123456781012 on", T0), "{\"ok\":true}");
    assert_true(ms_bus_find(&B, CFG.meter[0].addr)->fault.silent);
    assert_string_equal(run(&c, "clear 123456781012", T0), "{\"ok\":true}");
    assert_false(ms_bus_find(&B, CFG.meter[0].addr)->fault.silent);
    /* read: the true value, decoded */
    const char *r = run(&c, "read 123456781012 04000102", T0 + 3600 * 1000);
    assert_string_equal(
        r, "{\"ok\":true,\"di\":\"04000102\",\"data\":\"000009\",\"value\":\"09:00:00\"}");
    /* clock jump */
    assert_string_equal(run(&c, "clock 123456781012 -90", T0),
                        "{\"ok\":true,\"clock\":\"2025-11-02T07:58:30\"}");
    /* energy going down */
    ms_meter *m = &ms_bus_find(&B, CFG.meter[0].addr)->meter;
    int64_t before = ms_meter_energy(m, MS_E_FWD, 0);
    assert_string_equal(run(&c, "energy-down 123456781012 5", T0), "{\"ok\":true}");
    assert_int_equal(ms_meter_energy(m, MS_E_FWD, 0), before - 500);
    /* cover, terminal box, magnet */
    assert_string_equal(run(&c, "cover 123456781012 open", T0), "{\"ok\":true}");
    assert_string_equal(run(&c, "cover 123456781012 close", T0 + 60000), "{\"ok\":true}");
    assert_string_equal(run(&c, "tbox 123456781012 open", T0), "{\"ok\":true}");
    assert_string_equal(run(&c, "magnet 123456781012 on", T0), "{\"ok\":true}");
    assert_int_equal(m->ev[MS_EV_COVER].count, 1);
    assert_int_equal(m->ev[MS_EV_TBOX].count, 1);
    assert_int_equal(m->ev[MS_EV_MAGNET].count, 1);
    /* status word, supplier trip */
    assert_string_equal(run(&c, "sw 123456781012 7 0004", T0), "{\"ok\":true}");
    assert_int_equal(ms_meter_sw(m, 7), 4);
    assert_string_equal(run(&c, "trip 123456781012", T0), "{\"ok\":true}");
    assert_int_equal(ms_meter_sw(m, 3) & 0x10, 0x10);
    /* replace, add, remove */
    assert_string_equal(run(&c, "replace 123456781014 220000000001", T0), "{\"ok\":true}");
    assert_string_equal(run(&c, "add 330000000001 1997", T0), "{\"ok\":true}");
    assert_string_equal(run(&c, "add 330000000001", T0),
                        "{\"ok\":false,\"error\":\"address 330000000001 is already on the bus\"}");
    assert_string_equal(run(&c, "remove 123456781013", T0), "{\"ok\":true}");
    assert_string_equal(
        run(&c, "list", T0),
        "{\"ok\":true,\"meters\":[\"123456781012\",\"220000000001\",\"330000000001\"]}");
    /* garbage for the shell to send */
    assert_string_equal(run(&c, "garbage 12", T0), "{\"ok\":true}");
    assert_int_equal(c.n_garbage, 12);
    /* residual on a meter that is not an RCD */
    assert_string_equal(
        run(&c, "residual 123456781012 500", T0),
        "{\"ok\":false,\"error\":\"123456781012 is not a residual-current device\"}");
    /* every command with missing or bad arguments answers an error, never crashes */
    static const char *const bad[] = {"silent",
                                      "slow 123456781012",
                                      "slow 123456781012 -5",
                                      "badcs 123456781012",
                                      "noise 123456781012 99",
                                      "read",
                                      "read 123456781012",
                                      "read 123456781012 123",
                                      "read 123456781012 04A00000",
                                      "clock 123456781012",
                                      "clock 123456781012 yesterday",
                                      "energy-down 123456781012",
                                      "energy-down 123456781012 -1",
                                      "cover 123456781012",
                                      "sw 123456781012",
                                      "sw 123456781012 8 1",
                                      "sw 123456781012 1 FFFFF",
                                      "add",
                                      "add 12",
                                      "add 440000000001 2009",
                                      "remove 12x",
                                      "replace 123456781012",
                                      "replace 123456781012 999999999999",
                                      "power 123456781012 up",
                                      "residual",
                                      "garbage 0",
                                      "garbage 9999",
                                      "trip",
                                      "truth",
                                      "truth AAAAAAAAAAAA",
                                      ""};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        const char *a = run(&c, bad[i], T0);
        static const char pre[] = "{\"ok\":false,\"error\":\"";
        if (strncmp(a, pre, sizeof pre - 1) != 0)
            fail_msg("'%s' -> %s", bad[i], a);
    }
    assert_string_equal(run(&c, "quit", T0), "{\"ok\":true}");
    assert_true(c.quit);
}

static void expect_error(const char *text, const char *want)
{
    char err[300];
    ms_config_init(&CFG);
    assert_int_equal(ms_config_parse(&CFG, text, "bus.conf", err, sizeof err), -1);
    assert_string_equal(err, want);
}

static void test_config(void **state)
{
    (void)state;
    char err[300];
    static const char good[] = "# a bus\n"
                               "[bus]\n"
                               "link = /tmp/x\n"
                               "speed = 60\n"
                               "start = 2025-11-02T08:00:00\n"
                               "[meter 000000000101]\n"
                               "protocol = 1997\n"
                               "baud = 1200\n"
                               "tariffs = 2\n"
                               "segments = 00:00=2 08:00=1 22:00=2\n"
                               "forward = 1000.00 400.00 600.00\n"
                               "load = 500\n"
                               "clock_offset = -120\n"
                               "drift = 30\n"
                               "sw3 = 0100\n"
                               "password = 02123456\n"
                               "settlement = 15 12\n"
                               "[meter 000000000102]\n"
                               "kind = rcd\n"
                               "rcd_trip = 100\n";
    ms_config_init(&CFG);
    assert_int_equal(ms_config_parse(&CFG, good, "bus.conf", err, sizeof err), 0);
    assert_int_equal(CFG.n, 2);
    assert_string_equal(CFG.link, "/tmp/x");
    assert_true(CFG.speed == 60.0);
    ms_meter_cfg *m = &CFG.meter[0];
    assert_int_equal(m->proto, DLT645_PROTO_1997);
    assert_int_equal(m->baud, 1200);
    assert_int_equal(m->nseg, 3);
    assert_int_equal(m->energy0[MS_E_FWD][0], 100000);
    assert_int_equal(m->energy0[MS_E_FWD][2], 60000);
    assert_int_equal(m->load_w[13], 500);
    assert_int_equal(m->clock_offset_ms, -120000);
    assert_int_equal(m->sw[2], 0x0100);
    assert_memory_equal(m->password, "\x02\x12\x34\x56", 4);
    assert_int_equal(m->settle_day, 15);
    assert_int_equal(CFG.meter[1].kind, MS_KIND_RCD);
    assert_int_equal(CFG.meter[1].rcd_trip_ma, 100);

    expect_error("[meter 1234]\n", "bus.conf:1: meter address '1234': 12 decimal digits");
    expect_error("[bus]\nbaud = 2500\n",
                 "bus.conf:2: baud '2500': use 600, 1200, 2400, 4800 or 9600 (8E1)");
    expect_error("[meter 000000000001]\n\nprotocol = 2009\n",
                 "bus.conf:3: protocol '2009': use 2007 or 1997");
    expect_error("[meter 000000000001]\nsegments = 08:00=1\n",
                 "bus.conf:2: the first segment must start at 00:00");
    expect_error("[meter 000000000001]\nload = 1 2 3\n",
                 "bus.conf:2: load: one value or 24 hourly values in W (negative = export)");
    expect_error("[meter 000000000001]\ncolour = red\n", "bus.conf:2: unknown meter key 'colour'");
    expect_error("speed = 3\n",
                 "bus.conf:1: 'speed' outside a section: start with [bus] or [meter ADDRESS]");
    expect_error("[meter 000000000001]\n[meter 000000000001]\n",
                 "bus.conf:2: meter 000000000001 is defined twice");
    expect_error("[meter 000000000001]\ndelay = 5\n",
                 "bus.conf:2: delay '5': 20..500 ms (DL/T 645 Td)");
    expect_error("[bus]\n", "bus.conf: no [meter ADDRESS] section");

    /* quick form */
    ms_config_init(&CFG);
    assert_int_equal(
        ms_config_quick(&CFG, 2, "999999999998", DLT645_PROTO_2007, 2400, err, sizeof err), -1);
    assert_string_equal(err, "--first-addr + 1 runs past the last address");
    assert_int_equal(ms_config_quick(&CFG, 2, "12x", DLT645_PROTO_2007, 2400, err, sizeof err), -1);
    assert_string_equal(err, "--first-addr '12x' is not a meter address (1..12 digits)");
    assert_int_equal(ms_config_quick(&CFG, 2, "1", DLT645_PROTO_2007, 4000, err, sizeof err), -1);
    assert_string_equal(err, "--baud 4000: use 600, 1200, 2400, 4800 or 9600");
    assert_int_equal(
        ms_config_quick(&CFG, 12, "000000000095", DLT645_PROTO_1997, 9600, err, sizeof err), 0);
    char a[13];
    assert_string_equal(dlt645_addr_format(CFG.meter[11].addr, a), "000000000106");
}

/* The example configs in examples/metersim/ parse. */
static void test_example_configs(void **state)
{
    (void)state;
    static const char *const files[] = {"bus.conf", "rcd.conf"};
    for (size_t i = 0; i < 2; i++) {
        char path[512], text[8192], err[300];
        snprintf(path, sizeof path, "%s/examples/metersim/%s", MDC_SOURCE_DIR, files[i]);
        FILE *f = fopen(path, "r");
        assert_non_null(f);
        size_t n = fread(text, 1, sizeof text - 1, f);
        fclose(f);
        text[n] = 0;
        ms_config_init(&CFG);
        if (ms_config_parse(&CFG, text, path, err, sizeof err) != 0)
            fail_msg("%s", err);
        assert_int_equal(CFG.n, 3);
    }
    assert_int_equal(CFG.meter[2].kind, MS_KIND_RCD);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bus_answers_and_faults),
        cmocka_unit_test(test_random_frames),
        cmocka_unit_test(test_control),
        cmocka_unit_test(test_config),
        cmocka_unit_test(test_example_configs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
