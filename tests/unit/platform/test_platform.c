/* platform: ptys standing in for serial lines, UNIX control sockets, wire time. */
#include <errno.h>
#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "mdc/platform/serial.h"
#include "mdc/platform/usock.h"

static ssize_t read_wait(int fd, uint8_t *buf, size_t n)
{
    struct pollfd p = {fd, POLLIN, 0};
    if (poll(&p, 1, 2000) != 1)
        return -1;
    return read(fd, buf, n);
}

static void test_pty_link_and_bytes(void **state)
{
    (void)state;
    char err[256], link[64];
    snprintf(link, sizeof link, "/tmp/mdc_pty_test.%d", (int)getpid());
    plat_pty p;
    assert_int_equal(plat_pty_open(&p, link, err, sizeof err), 0);
    struct stat st;
    assert_int_equal(lstat(link, &st), 0);
    assert_true(S_ISLNK(st.st_mode));

    /* a client opens the link as a serial line at 2400 8E1 */
    int c = plat_serial_open(link, 2400, PLAT_PARITY_EVEN, err, sizeof err);
    assert_true(c >= 0);
    const uint8_t frame[] = {0x68, 0xAA, 0x16, 0x0D,
                             0x0A, 0x11, 0x13}; /* bytes a tty would mangle */
    assert_int_equal(write(c, frame, sizeof frame), (ssize_t)sizeof frame);
    uint8_t got[16];
    size_t have = 0;
    while (have < sizeof frame) {
        ssize_t n = read_wait(p.master_fd, got + have, sizeof got - have);
        assert_true(n > 0);
        have += (size_t)n;
    }
    assert_memory_equal(got, frame, sizeof frame);
    /* and back */
    assert_int_equal(write(p.master_fd, frame, sizeof frame), (ssize_t)sizeof frame);
    have = 0;
    while (have < sizeof frame) {
        ssize_t n = read_wait(c, got + have, sizeof got - have);
        assert_true(n > 0);
        have += (size_t)n;
    }
    assert_memory_equal(got, frame, sizeof frame);
    close(c);

    /* 9600 8E1 on a pty (no parity there) opens too */
    c = plat_serial_open(link, 9600, PLAT_PARITY_EVEN, err, sizeof err);
    if (c < 0)
        fail_msg("9600 8E1 on a pty: %s", err);
    close(c);

    /* rate changes and bad rates */
    c = plat_serial_open(link, 9600, PLAT_PARITY_NONE, err, sizeof err);
    assert_true(c >= 0);
    assert_int_equal(plat_serial_config(c, 1200, PLAT_PARITY_EVEN, err, sizeof err), 0);
    assert_int_equal(plat_serial_config(c, 1234, PLAT_PARITY_EVEN, err, sizeof err), -1);
    assert_non_null(strstr(err, "1234"));
    close(c);

    plat_pty_close(&p, link);
    assert_int_equal(lstat(link, &st), -1);
}

static void test_pty_refuses_regular_file(void **state)
{
    (void)state;
    char err[256], path[64];
    snprintf(path, sizeof path, "/tmp/mdc_pty_file.%d", (int)getpid());
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fclose(f);
    plat_pty p;
    assert_int_equal(plat_pty_open(&p, path, err, sizeof err), -1);
    assert_non_null(strstr(err, "not a symlink"));
    unlink(path);
    assert_int_equal(plat_serial_open("/nonexistent/tty", 9600, PLAT_PARITY_EVEN, err, sizeof err),
                     -1);
    assert_non_null(strstr(err, "/nonexistent/tty"));
    assert_int_equal(plat_serial_open("/dev/null", 9600, PLAT_PARITY_EVEN, err, sizeof err), -1);
    assert_non_null(strstr(err, "not a serial line"));
}

static void test_usock(void **state)
{
    (void)state;
    char err[256], path[64];
    snprintf(path, sizeof path, "/tmp/mdc_usock.%d", (int)getpid());
    int l = plat_usock_listen(path, err, sizeof err);
    assert_true(l >= 0);
    int c = plat_usock_connect(path, err, sizeof err);
    assert_true(c >= 0);
    struct pollfd pf = {l, POLLIN, 0};
    assert_int_equal(poll(&pf, 1, 2000), 1);
    int s = accept(l, NULL, NULL);
    assert_true(s >= 0);
    assert_int_equal(write(c, "ping\n", 5), 5);
    char buf[8];
    assert_int_equal(read_wait(s, (uint8_t *)buf, sizeof buf), 5);
    assert_memory_equal(buf, "ping\n", 5);
    close(s);
    close(c);
    /* a second listener while the first lives: refused (its probe is a
     * connection the live server sees open and close) */
    assert_int_equal(plat_usock_listen(path, err, sizeof err), -1);
    assert_non_null(strstr(err, "another process"));
    close(l);
    /* the socket file is now stale: a new listener replaces it */
    l = plat_usock_listen(path, err, sizeof err);
    assert_true(l >= 0);
    close(l);
    unlink(path);
    assert_int_equal(plat_usock_connect(path, err, sizeof err), -1);
}

static void test_wire_time(void **state)
{
    (void)state;
    /* 16-byte DL/T 645 read at 2400 bit/s: 16 x 11 bits = 176 bits = 73.33 ms */
    assert_int_equal(plat_wire_time_us(16, 2400), 73334);
    assert_int_equal(plat_wire_time_us(1, 9600), 1146);
    assert_int_equal(plat_wire_time_us(0, 9600), 0);
    assert_true(plat_baud_supported(600));
    assert_false(plat_baud_supported(700));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pty_link_and_bytes),
        cmocka_unit_test(test_pty_refuses_regular_file),
        cmocka_unit_test(test_usock),
        cmocka_unit_test(test_wire_time),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
