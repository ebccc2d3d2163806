/* Site config: defaults, every key type, --set, and each refusal naming
 * SECTION.KEY (and the file line). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "config.h"

static char path[64];

static void write_file(const char *text)
{
    snprintf(path, sizeof path, "/tmp/cd-test-config-%d.ini", (int)getpid());
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void test_defaults(void **state)
{
    (void)state;
    cd_config c;
    char err[300];
    cd_config_default(&c);
    assert_string_equal(c.a1, "0000");
    assert_int_equal(c.a2, 1);
    assert_int_equal(c.login_delay_max_ms, 30000);
    assert_int_equal(c.rs485_3_baud, 9600);
    assert_int_equal(c.infrared_baud, 1200);
    assert_int_equal(c.led_line[CD_LED_RUN], -1);
    assert_int_equal(cd_config_check(&c, err, sizeof err), 0);
}

static void test_load_every_type(void **state)
{
    (void)state;
    write_file("; site\n[terminal]\na1 = 35ab\na2 = 4660\nvendor = ABCD\nsw_date = 2026-01-31\n"
               "[uplink]\nmaster = 127.0.0.1:9001\nbackup = 10.0.0.2:9002\n"
               "login_delay_max_ms = 200\n[log]\nlevel = debug\nsyslog = no\n"
               "[gpio]\nchip = sim:/tmp/x\nled_run = 3\nled_alarm = none\ninput_1 = 7\n"
               "[ports]\nrs485_3 = pty:/tmp/p\n");
    cd_config c;
    char err[300] = "";
    cd_config_default(&c);
    assert_int_equal(cd_config_load(&c, path, err, sizeof err), 0);
    assert_string_equal(c.a1, "35AB");
    assert_int_equal(c.a2, 4660);
    assert_string_equal(c.vendor, "ABCD");
    assert_string_equal(c.sw_date, "2026-01-31");
    assert_memory_equal(c.master_ip, ((uint8_t[]){127, 0, 0, 1}), 4);
    assert_int_equal(c.master_port, 9001);
    assert_int_equal(c.backup_port, 9002);
    assert_int_equal(c.login_delay_max_ms, 200);
    assert_int_equal(c.log_level, 3);
    assert_int_equal(c.led_line[CD_LED_RUN], 3);
    assert_int_equal(c.led_line[CD_LED_ALARM], -1);
    assert_int_equal(c.input_line[0], 7);
    assert_string_equal(c.rs485_3, "pty:/tmp/p");
    assert_int_equal(cd_config_check(&c, err, sizeof err), 0);
    unlink(path);
}

/* Each broken line is refused with SECTION.KEY in the reason. */
static void test_refusals_name_the_key(void **state)
{
    (void)state;
    static const struct {
        const char *text, *expect;
    } cases[] = {
        {"[terminal]\na1 = 35G1\n", ".ini:2: terminal.a1: \"35G1\" is not 4 hex digits"},
        {"[terminal]\n\na2 = 0\n", ".ini:3: terminal.a2: \"0\" is not a number in 1..65535"},
        {"[terminal]\nvendor = ABC\n", "terminal.vendor: \"ABC\" is not exactly 4 characters"},
        {"[terminal]\nsw_date = 2026-13-01\n", "terminal.sw_date"},
        {"[uplink]\nmaster = 127.0.0.1\n", "uplink.master: \"127.0.0.1\" is not IPv4:PORT"},
        {"[uplink]\nmaster = 300.0.0.1:5\n", "uplink.master"},
        {"[uplink]\nlogin_delay_max_ms = 30001\n", "uplink.login_delay_max_ms"},
        {"[uplink]\nenabled = maybe\n", "uplink.enabled: \"maybe\" is not yes/no"},
        {"[uplink]\ncolour = red\n", "uplink.colour: unknown key"},
        {"[nosuch]\nkey = 1\n", "nosuch.key: unknown key"},
        {"[log]\nlevel = loud\n", "log.level: \"loud\" is not one of error, warn, info, debug"},
        {"[gpio]\nled_run = 2000\n", "gpio.led_run"},
        {"[ports]\nrs485_3_baud = 12\n", "ports.rs485_3_baud"},
        {"[terminal]\nthis is not ini\n", ".ini:2: not an INI line"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        write_file(cases[i].text);
        cd_config c;
        char err[300] = "";
        cd_config_default(&c);
        assert_int_equal(cd_config_load(&c, path, err, sizeof err), -1);
        if (!strstr(err, cases[i].expect))
            fail_msg("case %zu: \"%s\" lacks \"%s\"", i, err, cases[i].expect);
        unlink(path);
    }
}

static void test_set_overrides(void **state)
{
    (void)state;
    cd_config c;
    char err[300] = "";
    cd_config_default(&c);
    assert_int_equal(cd_config_set(&c, "uplink.master=127.0.0.1:1234", err, sizeof err), 0);
    assert_int_equal(c.master_port, 1234);
    assert_int_equal(cd_config_set(&c, "store.path=/tmp/a b.db", err, sizeof err), 0);
    assert_string_equal(c.store_path, "/tmp/a b.db");
    assert_int_equal(cd_config_set(&c, "log.level=warn", err, sizeof err), 0);
    assert_int_equal(c.log_level, 1);
    assert_int_equal(cd_config_set(&c, "uplink.master", err, sizeof err), -1);
    assert_non_null(strstr(err, "expected SECTION.KEY=VALUE"));
    assert_int_equal(cd_config_set(&c, "terminal.a2=70000", err, sizeof err), -1);
    assert_non_null(strstr(err, "terminal.a2"));
    assert_int_equal(cd_config_set(&c, "x.y=1", err, sizeof err), -1);
    assert_non_null(strstr(err, "x.y: unknown key"));
}

static void test_check_across_keys(void **state)
{
    (void)state;
    cd_config c;
    char err[300] = "";
    cd_config_default(&c);
    c.login_delay_min_ms = 500;
    c.login_delay_max_ms = 100;
    assert_int_equal(cd_config_check(&c, err, sizeof err), -1);
    assert_non_null(strstr(err, "uplink.login_delay_min_ms"));
    cd_config_default(&c);
    c.led_line[CD_LED_ONLINE] = 4;
    assert_int_equal(cd_config_check(&c, err, sizeof err), -1);
    assert_non_null(strstr(err, "gpio.chip"));
    cd_config_default(&c);
    c.store_path[0] = '\0';
    assert_int_equal(cd_config_check(&c, err, sizeof err), -1);
    assert_non_null(strstr(err, "store.path"));
}

/* The meter-reading ports and the bus timing. */
static void test_reader_keys(void **state)
{
    (void)state;
    cd_config c;
    char err[300] = "";
    cd_config_default(&c);
    assert_string_equal(c.rs485_1, "");
    assert_int_equal(c.rs485_1_port, 2);
    assert_int_equal(c.rs485_2_port, 3);
    assert_int_equal(c.rd_default_baud, 2400);
    assert_int_equal(c.rd_reply_timeout_ms, 1000);
    assert_int_equal(c.rd_byte_gap_ms, 500);
    assert_int_equal(c.rd_retries, 2);
    assert_int_equal(c.rd_preamble, 4);
    write_file("[ports]\nrs485_1 = /tmp/bus1\nrs485_2 = /tmp/bus2\nrs485_2_port = 4\n"
               "[reader]\ndefault_baud = 9600\nreply_timeout_ms = 800\nretries = 3\n");
    assert_int_equal(cd_config_load(&c, path, err, sizeof err), 0);
    assert_string_equal(c.rs485_1, "/tmp/bus1");
    assert_int_equal(c.rs485_2_port, 4);
    assert_int_equal(c.rd_default_baud, 9600);
    assert_int_equal(c.rd_reply_timeout_ms, 800);
    assert_int_equal(c.rd_retries, 3);
    assert_int_equal(cd_config_check(&c, err, sizeof err), 0);
    unlink(path);
    /* refusals name the key */
    assert_int_equal(cd_config_set(&c, "reader.default_baud=19200", err, sizeof err), -1);
    assert_non_null(strstr(err, "reader.default_baud"));
    assert_int_equal(cd_config_set(&c, "ports.rs485_1_port=0", err, sizeof err), -1);
    assert_non_null(strstr(err, "ports.rs485_1_port"));
    assert_int_equal(cd_config_set(&c, "ports.rs485_2_port=2", err, sizeof err), 0);
    assert_int_equal(cd_config_check(&c, err, sizeof err), -1);
    assert_non_null(strstr(err, "ports.rs485_2_port"));
}

/* Events: power-fail line, debounce, ride-through, FC of CON=1 reports. */
static void test_event_keys(void **state)
{
    (void)state;
    cd_config c;
    char err[300] = "";
    cd_config_default(&c);
    assert_int_equal(c.power_fail_line, -1);
    assert_int_equal(c.input_debounce_ms, 500);
    assert_int_equal(c.ride_through_ms, 2000);
    assert_int_equal(c.report_fc_con, 4);
    assert_int_equal(cd_config_set(&c, "gpio.power_fail=12", err, sizeof err), 0);
    assert_int_equal(c.power_fail_line, 12);
    /* a line needs a chip */
    assert_int_equal(cd_config_check(&c, err, sizeof err), -1);
    assert_non_null(strstr(err, "gpio.chip"));
    assert_int_equal(cd_config_set(&c, "gpio.chip=sim:/tmp/x", err, sizeof err), 0);
    assert_int_equal(cd_config_check(&c, err, sizeof err), 0);
    assert_int_equal(cd_config_set(&c, "power.ride_through_ms=5", err, sizeof err), -1);
    assert_non_null(strstr(err, "power.ride_through_ms"));
    assert_int_equal(cd_config_set(&c, "uplink.report_fc_con=7", err, sizeof err), 0);
    assert_int_equal(cd_config_check(&c, err, sizeof err), -1);
    assert_non_null(strstr(err, "uplink.report_fc_con"));
    assert_int_equal(cd_config_set(&c, "uplink.report_fc_con=10", err, sizeof err), 0);
    assert_int_equal(cd_config_check(&c, err, sizeof err), 0);
}

static void test_missing_file(void **state)
{
    (void)state;
    cd_config c;
    char err[300] = "";
    cd_config_default(&c);
    assert_int_equal(cd_config_load(&c, "/nonexistent/cd.ini", err, sizeof err), -1);
    assert_non_null(strstr(err, "/nonexistent/cd.ini: No such file"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_load_every_type),
        cmocka_unit_test(test_refusals_name_the_key),
        cmocka_unit_test(test_set_overrides),
        cmocka_unit_test(test_check_across_keys),
        cmocka_unit_test(test_reader_keys),
        cmocka_unit_test(test_event_keys),
        cmocka_unit_test(test_missing_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
