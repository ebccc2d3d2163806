/* concentratord's static site config (INI, docs/configuration.md): every key
 * in one table with its type, default and range; `--set SECTION.KEY=VALUE`
 * goes through the same table. */
#ifndef CD_CONFIG_H
#define CD_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CD_PATH_MAX 256

typedef enum cd_led {
    CD_LED_RUN = 0,
    CD_LED_ALARM,
    CD_LED_ONLINE,
    CD_LED_SIGNAL_RED,
    CD_LED_SIGNAL_GREEN,
    CD_LED_ETH_LINK,
    CD_LED_ETH_DATA,
    CD_LED_REMOTE_RX,
    CD_LED_REMOTE_TX,
    CD_LED_LOCAL_RX,
    CD_LED_LOCAL_TX,
    CD_LED_COUNT
} cd_led;

typedef struct cd_config {
    /* [terminal] */
    char a1[5];
    uint16_t a2;
    char vendor[5], device_id[9], sw_version[5], hw_version[5], proto_version[5];
    char capacity[12];
    char sw_date[11], hw_date[11]; /* YYYY-MM-DD */
    /* [uplink] */
    uint8_t master_ip[4], backup_ip[4];
    uint16_t master_port, backup_port;
    char apn[17];
    uint32_t login_delay_min_ms, login_delay_max_ms, connect_timeout_ms, stop_timeout_ms;
    uint32_t max_frame_len;
    uint32_t report_fc_con; /* FC of CON=1 active reports (4 or 10) */
    bool enabled;
    /* [store] */
    char store_path[CD_PATH_MAX];
    bool sync_full;
    uint32_t counters_flush_min;
    /* [ports] */
    char rs485_3[CD_PATH_MAX], infrared[CD_PATH_MAX];
    uint32_t rs485_3_baud, infrared_baud;
    char rs485_1[CD_PATH_MAX], rs485_2[CD_PATH_MAX]; /* meter-reading ports */
    uint32_t rs485_1_port, rs485_2_port;             /* their 1376.1 port numbers */
    /* [reader] */
    uint32_t rd_default_baud, rd_reply_timeout_ms, rd_byte_gap_ms, rd_retries, rd_preamble,
        rd_turnaround_ms, rd_rcd_class;
    /* [gpio] */
    char gpio_chip[CD_PATH_MAX];
    int led_line[CD_LED_COUNT];
    int input_line[8];
    int power_fail_line;        /* power-fail notice input, -1 none */
    bool power_fail_active_low; /* the notice is a 0 on the line */
    uint32_t input_debounce_ms; /* a state input must hold this long */
    /* [power] */
    uint32_t ride_through_ms; /* what the supply holds after the notice */
    /* [control] */
    char control[CD_PATH_MAX];
    /* [log] */
    int log_level;
    bool log_syslog;
} cd_config;

/* Built-in defaults (docs/configuration.md). */
void cd_config_default(cd_config *c);

/* Reads the INI file at path into c (over its current values). Returns 0, or
 * -1 with the reason in err naming the file, line and SECTION.KEY. */
int cd_config_load(cd_config *c, const char *path, char *err, size_t errcap);

/* One override "SECTION.KEY=VALUE". Returns 0 or -1 with the reason. */
int cd_config_set(cd_config *c, const char *assignment, char *err, size_t errcap);

/* Checks the keys together (e.g. login_delay_min_ms <= max). 0 or -1. */
int cd_config_check(const cd_config *c, char *err, size_t errcap);

/* Name of LED i ("run", "alarm"...), as in [gpio] led_<name> and --status. */
const char *cd_led_name(cd_led i);

#endif
