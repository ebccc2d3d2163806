/* DL/T 645-1997/2007 meter protocol: the whole public API.
 *   dlt645/frame.h   one frame: address, control code, encode/decode, errors
 *   dlt645/framer.h  stream framer for bytes as a serial port delivers them
 *   dlt645/func.h    function codes: request/reply builders and parsers, error words, follow-up
 * The data-identifier catalogue (dlt645/di.h) is separate. */
#ifndef DLT645_DLT645_H
#define DLT645_DLT645_H

#include "dlt645/frame.h"
#include "dlt645/framer.h"
#include "dlt645/func.h"

#endif
