/* master internals: the subcommands (one file each) and what they share. */
#ifndef MASTER_MASTER_H
#define MASTER_MASTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "mdc/mtime.h"
#include "session.h"

#define MASTER_DEFAULT_CONTROL "/tmp/mdc-master.sock"

/* Exit statuses (docs/master.md). */
enum {
    MASTER_EXIT_OK = 0,
    MASTER_EXIT_DENY = 1,      /* the terminal denied the request */
    MASTER_EXIT_USAGE = 2,     /* bad command line or REQUEST */
    MASTER_EXIT_TIMEOUT = 3,   /* no answer after the retries */
    MASTER_EXIT_MALFORMED = 4, /* an answer that does not fit the request */
    MASTER_EXIT_LINK = 5,      /* server not reachable, terminal offline or busy, serial error */
    MASTER_EXIT_SCRIPT = 6,    /* script mode: an expectation failed */
};

int master_serve_main(int argc, char **argv);
int master_send_main(int argc, char **argv);
int master_terminals_main(int argc, char **argv);
int master_script_main(int argc, char **argv);
int master_reports_main(int argc, char **argv);

/* Sends one JSON line to the server's control socket and parses the reply
 * line. Returns a cJSON tree (caller frees), or NULL with a reason. */
cJSON *master_ctl_query(const char *control, const char *line, char *why, size_t whycap);

/* The master's clock as civil time (local time, every field incl. wday). */
void master_clock(mdc_tm *t);

/* Raises the soft RLIMIT_NOFILE to the hard limit; returns the new soft limit. */
unsigned long master_raise_nofile(void);

/* ---- the link to terminals used by send and script (link.c) ----
 * Either through a running `master serve` (its control socket) or directly
 * over a serial line with the session core in this process. */
typedef struct mlink mlink;

typedef struct mlink_opts {
    const char *control; /* control socket path (when serial is NULL) */
    const char *serial;  /* serial device path */
    unsigned baud;       /* 9600 by default, 1200 for infrared */
    bool infrared;       /* FE preamble before each frame */
    uint8_t msa;         /* master station address for the serial link */
    bool verbose;        /* serial: print the frames to stderr */
} mlink_opts;

typedef enum mlink_status {
    MLINK_ANSWER = 0, /* an answer came: afn, fc, frames, units */
    MLINK_TIMEOUT,    /* no answer after the retries */
    MLINK_ERROR,      /* server/terminal/serial trouble: reason */
} mlink_status;

typedef struct mlink_result {
    mlink_status status;
    uint8_t afn, fc;
    unsigned frames, tries;
    uint8_t *units; /* malloc'd, freed by the next exchange or mlink_close */
    size_t units_len;
    char reason[256];
} mlink_result;

/* Opens the link. Returns NULL with a reason in why. */
mlink *mlink_open(const mlink_opts *o, char *why, size_t whycap);

/* Sends one request to terminal a1-a2 and waits for its answer (or the
 * timeout after the retries). Returns res->status. */
mlink_status mlink_exchange(mlink *l, const char a1[5], uint16_t a2, const mst_req *rq,
                            mlink_result *res);

void mlink_close(mlink *l);

/* ---- one request, as `master send` and script mode run it (send.c) ---- */
typedef struct send_opts {
    char a1[5];
    uint16_t a2;
    bool has_to;
    bool json;
    uint8_t pw[16];
    int tp;              /* -1 default (Tp on AFN01/04/05/0F/10), 0 never, 1 always */
    unsigned tp_delay;   /* minutes */
    unsigned timeout_ms; /* per try */
    unsigned retries;
    mlink_opts link;
} send_opts;

/* Sets the defaults (timeout 5000 ms, 2 retries, Tp delay 5 min, PW zeros). */
void send_opts_init(send_opts *o);

/* Takes the send options out of argv[0..argc): the rest (the REQUEST words)
 * go to rest[0..*nrest). Returns 0, or -1 with a reason in why. */
int send_opts_parse(int argc, char **argv, send_opts *o, char **rest, int *nrest, char *why,
                    size_t whycap);

/* Runs one REQUEST over l: prints the answer on out (NULL: nothing), the
 * reason of a failure on err (NULL: nothing), and gives the JSON result
 * line (malloc'd, caller frees) in *json when json is not NULL. Returns a
 * MASTER_EXIT_* status. */
int master_send_one(mlink *l, const send_opts *o, int argc, char **argv, FILE *out, FILE *err,
                    char **json);

#endif
