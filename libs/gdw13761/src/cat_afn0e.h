/* AFN0E (class 3 data, events): the event record layout shared by F1 and F2
 * (private to the catalogue; the ERC layouts live in cat_afn0e_erc.c). */
#ifndef GDW13761_CAT_AFN0E_H
#define GDW13761_CAT_AFN0E_H

#include "gdw13761/layout.h"

/* One event record (Table 353): erc (BIN 1), le (BIN 1), then le bytes laid
 * out by ERC (Tables 354..396) as the OBJECT "data"; bytes beyond the known
 * layout become "rest"; an ERC without a layout becomes raw BYTES "data". */
extern const gdw_field gdw13761_erc_record[];

/* The ERC cases (ERC1..ERC41, value = ERC), ending with a NULL layout. */
extern const gdw_case gdw13761_erc_cases[];

#endif
