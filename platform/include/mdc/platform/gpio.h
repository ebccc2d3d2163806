/* GPIO lines: LEDs (outputs) and state inputs, on a Linux GPIO character
 * device (uAPI v2 ioctls, no libgpiod) or on a simulated twin directory.
 *
 * chip "sim:DIR": each output line is a file DIR/<name> holding "0\n" or
 * "1\n" (rewritten on change); each input line is read from DIR/<name>
 * ("1..." = active, anything else or a missing file = inactive).
 * chip "/dev/gpiochipN": lines are offsets on that chip, requested once as
 * outputs (initially 0) and once as inputs, consumer "concentratord".
 * Same conventions as serial.h: -1 and a reason in err; the handle is the
 * caller's (plat_gpio_close). */
#ifndef MDC_PLATFORM_GPIO_H
#define MDC_PLATFORM_GPIO_H

#include <stddef.h>

#define PLAT_GPIO_MAX 32u /* lines per direction */

typedef struct plat_gpio_line {
    const char *name; /* simulated twin's file name (copied) */
    unsigned offset;  /* chip line offset */
} plat_gpio_line;

typedef struct plat_gpio plat_gpio;

/* Opens chip with outs[0..nout) as outputs and ins[0..nin) as inputs
 * (each at most PLAT_GPIO_MAX). The simulated twin creates DIR when absent
 * and writes every output as 0. */
int plat_gpio_open(plat_gpio **out, const char *chip, const plat_gpio_line *outs, size_t nout,
                   const plat_gpio_line *ins, size_t nin, char *err, size_t errcap);

/* Sets output i (index into outs) to value 0/1. */
int plat_gpio_set(plat_gpio *g, size_t i, int value, char *err, size_t errcap);

/* Reads input i (index into ins) into *value (0/1). */
int plat_gpio_get(plat_gpio *g, size_t i, int *value, char *err, size_t errcap);

/* Releases the lines. NULL is fine. */
void plat_gpio_close(plat_gpio *g);

#endif
