/* Benchmark: Q/GDW 1376.1 frames decoded and encoded per second on one core,
 * link layer alone and through the catalogue (message layer):
 *   (a) a terminal login frame,
 *   (b) an AFN0C F129 answer for 8 points,
 *   (c) an AFN0D F161 answer for 32 points x 31 days (31 frames, one per day,
 *       since the whole answer exceeds one frame's 16383 bytes).
 * Values come from gdw13761_unit_sample. Prints figures; never fails on time. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "gdw13761/framer.h"
#include "gdw13761/msg.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static volatile size_t sink;

typedef size_t (*op_fn)(void);

/* Runs op until 0.5 s have passed; prints the rate of `per` frames per call. */
static void run(const char *what, op_fn op, unsigned per)
{
    unsigned long calls = 0;
    double t0 = now(), t;
    do {
        for (int i = 0; i < 16; i++)
            sink += op();
        calls += 16;
        t = now();
    } while (t - t0 < 0.5);
    printf("%-62s %12.0f frames/s\n", what, (double)calls * per / (t - t0));
}

static uint8_t arena_buf[4 << 20];
static mdc_arena arena;
static gdw13761_unit units[1024];
static gdw13761_msg msg;

/* the case under test */
#define MAX_FRAMES 31
static uint8_t frames[MAX_FRAMES][GDW13761_FRAME_MAX];
static size_t frame_len[MAX_FRAMES];
static unsigned nframes;
static gdw13761_frame hdr[MAX_FRAMES];
static gdw13761_unit in_units[MAX_FRAMES][32];
static size_t in_n[MAX_FRAMES];
static uint8_t out[GDW13761_FRAME_MAX];
static gdw13761_framer framer;

static size_t op_link_decode(void)
{
    size_t s = 0;
    for (unsigned i = 0; i < nframes; i++) {
        gdw13761_frame f;
        size_t fl = 0;
        gdw13761_frame_decode(frames[i], frame_len[i], &f, &fl, NULL);
        s += fl;
    }
    return s;
}

static size_t op_link_encode(void)
{
    size_t s = 0;
    for (unsigned i = 0; i < nframes; i++) {
        size_t w = 0;
        gdw13761_frame_encode(&hdr[i], out, sizeof out, &w, NULL);
        s += w;
    }
    return s;
}

static size_t op_framer(void)
{
    size_t s = 0;
    for (unsigned i = 0; i < nframes; i++) {
        const uint8_t *p = frames[i], *f;
        size_t n = frame_len[i], fl;
        while (n) {
            size_t k = gdw13761_framer_feed(&framer, p, n, &f, &fl);
            p += k;
            n -= k;
            s += fl;
        }
    }
    return s;
}

static size_t op_msg_decode(void)
{
    size_t s = 0;
    gdw13761_err err;
    for (unsigned i = 0; i < nframes; i++) {
        mdc_arena_reset(&arena);
        gdw13761_msg_decode(frames[i], frame_len[i], &msg, units, 1024, &arena, &err);
        s += msg.nunits;
    }
    return s;
}

static size_t op_msg_encode(void)
{
    size_t s = 0;
    gdw13761_err err;
    for (unsigned i = 0; i < nframes; i++) {
        size_t w = 0;
        gdw13761_msg_encode(&hdr[i], in_units[i], in_n[i], out, sizeof out, &w, &err);
        s += w;
    }
    return s;
}

static void bench_case(const char *name)
{
    char what[96];
    /* check once that everything works */
    gdw13761_err err;
    for (unsigned i = 0; i < nframes; i++) {
        mdc_arena_reset(&arena);
        if (gdw13761_msg_decode(frames[i], frame_len[i], &msg, units, 1024, &arena, &err) != 0) {
            printf("%s: decode failed: %s\n", name, err.msg);
            return;
        }
        gdw13761_frame_decode(frames[i], frame_len[i], &hdr[i], NULL, NULL);
    }
    snprintf(what, sizeof what, "%s: link decode", name);
    run(what, op_link_decode, nframes);
    snprintf(what, sizeof what, "%s: link encode", name);
    run(what, op_link_encode, nframes);
    snprintf(what, sizeof what, "%s: stream framer", name);
    gdw13761_framer_init(&framer);
    run(what, op_framer, nframes);
    snprintf(what, sizeof what, "%s: message decode (catalogue)", name);
    run(what, op_msg_decode, nframes);
    snprintf(what, sizeof what, "%s: message encode (catalogue)", name);
    run(what, op_msg_encode, nframes);
}

static gdw13761_frame up_frame(uint8_t afn)
{
    gdw13761_frame f;
    memset(&f, 0, sizeof f);
    memcpy(f.a1, "3501", 5);
    f.a2 = 0x0102;
    f.dir = true;
    f.fc = GDW13761_FC_RSP_DATA;
    f.afn = afn;
    f.fir = f.fin = true;
    return f;
}

/* Builds frame i of a case from units already in in_units[i]. */
static int build(unsigned i, const gdw13761_frame *f)
{
    gdw13761_err err;
    hdr[i] = *f;
    if (gdw13761_msg_encode(f, in_units[i], in_n[i], frames[i], sizeof frames[i], &frame_len[i],
                            &err) != 0) {
        printf("build failed: %s\n", err.msg);
        return -1;
    }
    return 0;
}

static mdc_arena sample_arena;
static uint8_t sample_buf[4 << 20];

static int sample_units(unsigned frame, uint8_t afn, uint16_t fn, unsigned npn, unsigned seed)
{
    const gdw13761_fn *row = gdw13761_cat_find(afn, fn, GDW13761_UP);
    if (!row)
        return -1;
    for (unsigned p = 0; p < npn; p++) {
        gdw13761_unit *u = &in_units[frame][p];
        memset(u, 0, sizeof *u);
        u->pn = (uint16_t)(p + 1);
        u->fn = fn;
        u->value = gdw13761_unit_sample(row->layout, seed + p, &sample_arena);
        if (!u->value)
            return -1;
    }
    in_n[frame] = npn;
    return 0;
}

int main(void)
{
    mdc_arena_init(&arena, arena_buf, sizeof arena_buf);
    mdc_arena_init(&sample_arena, sample_buf, sizeof sample_buf);
    printf("sizeof(gdw13761_framer) = %zu bytes (buffer %u)\n", sizeof(gdw13761_framer),
           (unsigned)GDW13761_FRAMER_BUF);

    /* (a) login, notes §1.10 row 1 */
    static const uint8_t login[] = {0x68, 0x3A, 0x00, 0x3A, 0x00, 0x68, 0xE9, 0x49,
                                    0x24, 0x45, 0x58, 0x00, 0x02, 0x70, 0x00, 0x00,
                                    0x01, 0x00, 0x1C, 0x04, 0x86, 0x16};
    nframes = 1;
    memcpy(frames[0], login, sizeof login);
    frame_len[0] = sizeof login;
    memset(in_units[0], 0, sizeof in_units[0]);
    in_units[0][0].pn = 0;
    in_units[0][0].fn = 1;
    in_n[0] = 1;
    bench_case("(a) login");

    /* (b) AFN0C F129, p1..p8 */
    if (sample_units(0, 0x0C, 129, 8, 1) != 0) {
        printf("(b) AFN0C F129 x 8 points: n/a (row not catalogued)\n");
    } else {
        gdw13761_frame f = up_frame(0x0C);
        if (build(0, &f) == 0) {
            printf("(b) frame: %zu bytes\n", frame_len[0]);
            bench_case("(b) AFN0C F129 x 8 points");
        }
    }

    /* (c) AFN0D F161, p1..p32 x 31 days: one frame per day */
    nframes = 0;
    size_t bytes = 0;
    for (unsigned d = 0; d < 31; d++) {
        if (sample_units(d, 0x0D, 161, 32, d * 32) != 0) {
            printf("(c) AFN0D F161 x 32 points x 31 days: n/a (row not catalogued)\n");
            nframes = 0;
            break;
        }
        gdw13761_frame f = up_frame(0x0D);
        f.fir = d == 0;
        f.fin = d == 30;
        f.seq = (uint8_t)(d & 15u);
        if (build(d, &f) != 0) {
            nframes = 0;
            break;
        }
        bytes += frame_len[d];
        nframes++;
    }
    if (nframes == 31) {
        printf("(c) 31 frames, %zu bytes in all\n", bytes);
        bench_case("(c) AFN0D F161 x 32 points x 31 days");
    }
    return 0;
}
