/* Benchmark: DL/T 645 frames decoded, encoded, built+encoded and pushed through the stream framer
 * per second on one core, and the bytes of state a framer needs. Prints figures; never fails on
 * time. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "dlt645/dlt645.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static volatile unsigned sink;

/* Runs fn in batches until at least 0.5 s has passed; returns operations per second. */
static double run(const char *what, unsigned (*fn)(unsigned), unsigned batch)
{
    unsigned long ops = 0;
    double t0 = now(), t;
    do {
        sink += fn(batch);
        ops += batch;
        t = now();
    } while (t - t0 < 0.5);
    double rate = (double)ops / (t - t0);
    printf("%-44s %12.0f frames/s  (%lu in %.2f s)\n", what, rate, ops, t - t0);
    return rate;
}

static const uint8_t reply_1234_56[] = {0x68, 0x12, 0x10, 0x78, 0x56, 0x34, 0x12, 0x68, 0x91, 0x08,
                                        0x33, 0x33, 0x34, 0x33, 0x89, 0x67, 0x45, 0x33, 0xD4, 0x16};
static uint8_t big[DLT645_FRAME_MAX]; /* a 200-byte read reply */
static size_t big_len;
static uint8_t stream[64 * 1024]; /* back-to-back frames with FE and a little garbage */
static size_t stream_len;
static unsigned stream_frames;

static unsigned decode_small(unsigned n)
{
    dlt645_frame f;
    unsigned s = 0;
    for (unsigned i = 0; i < n; i++) {
        dlt645_frame_decode(reply_1234_56, sizeof reply_1234_56, &f, NULL);
        s += f.len;
    }
    return s;
}

static unsigned decode_big(unsigned n)
{
    dlt645_frame f;
    unsigned s = 0;
    for (unsigned i = 0; i < n; i++) {
        dlt645_frame_decode(big, big_len, &f, NULL);
        s += f.len;
    }
    return s;
}

static unsigned encode_read(unsigned n)
{
    static const uint8_t a[6] = {0x12, 0x10, 0x78, 0x56, 0x34, 0x12};
    dlt645_request rq;
    dlt645_frame f;
    uint8_t out[DLT645_ENCODED_MAX];
    size_t len = 0;
    unsigned s = 0;
    dlt645_request_init(&rq, DLT645_PROTO_2007, DLT645_F07_READ, a);
    for (unsigned i = 0; i < n; i++) {
        rq.di = 0x00010000u + i;
        dlt645_request_build(&rq, &f);
        dlt645_frame_encode(&f, out, sizeof out, &len);
        s += out[len - 2];
    }
    return s;
}

static unsigned framer_stream(unsigned n)
{
    static dlt645_framer fr;
    unsigned got = 0;
    for (unsigned i = 0; i < n; i += stream_frames) {
        dlt645_framer_init(&fr);
        const uint8_t *p = stream;
        size_t left = stream_len;
        /* serial-port-sized chunks of 32 bytes */
        while (left) {
            size_t k = left < 32 ? left : 32;
            const uint8_t *q = p;
            size_t m = k;
            const dlt645_frame *f;
            while ((f = dlt645_framer_feed(&fr, &q, &m)) != NULL)
                got++;
            p += k;
            left -= k;
        }
    }
    return got;
}

int main(void)
{
    dlt645_frame f;
    static const uint8_t a[6] = {0x12, 0x10, 0x78, 0x56, 0x34, 0x12};
    dlt645_frame_init(&f, a, 0x91);
    f.preamble = 0;
    f.len = 200;
    for (unsigned i = 0; i < 200; i++)
        f.data[i] = (uint8_t)i;
    dlt645_frame_encode(&f, big, sizeof big, &big_len);

    /* stream: each of three frames with 0..4 FE and, every 4th, 3 bytes of garbage */
    static const uint8_t junk[] = {0x00, 0x55, 0x16};
    while (stream_len + 4 + DLT645_FRAME_MAX + sizeof junk < sizeof stream) {
        unsigned k = stream_frames;
        memset(stream + stream_len, 0xFE, k % 5);
        stream_len += k % 5;
        if (k % 3 == 0) {
            memcpy(stream + stream_len, big, big_len);
            stream_len += big_len;
        } else {
            memcpy(stream + stream_len, reply_1234_56, sizeof reply_1234_56);
            stream_len += sizeof reply_1234_56;
        }
        if (k % 4 == 3) {
            memcpy(stream + stream_len, junk, sizeof junk);
            stream_len += sizeof junk;
        }
        stream_frames++;
    }

    printf("DL/T 645 benchmark (one core)\n");
    run("decode 20-byte read reply", decode_small, 10000);
    run("decode 212-byte read reply (L=200)", decode_big, 10000);
    run("build + encode 2007 read request", encode_read, 10000);
    double r = run("framer: mixed stream in 32-byte chunks", framer_stream, stream_frames);
    printf("  stream: %zu bytes, %u frames (avg %.1f bytes/frame) -> %.1f MB/s\n", stream_len,
           stream_frames, (double)stream_len / stream_frames,
           r * ((double)stream_len / stream_frames) / 1e6);
    printf("state per framer: %zu bytes (sizeof(dlt645_framer), no heap)\n", sizeof(dlt645_framer));
    printf("sizeof(dlt645_frame): %zu bytes, sizeof(dlt645_followup): %zu bytes\n",
           sizeof(dlt645_frame), sizeof(dlt645_followup));
    return 0;
}
