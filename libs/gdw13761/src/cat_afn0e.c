/* AFN0E request class 3 data (events), Q/GDW 1376.1-2013 §5.14, Tables 350..353.
 *
 * Table 350 defines F1 (important events) and F2 (general events), both p0.
 * Both directions of F1 and F2 carry data: the request names a pointer range,
 * the answer the records.
 *
 * F3 "events by ERC" is a PROJECT EXTENSION, not the standard: Table 350
 * leaves F3..F248 spare (备用) in the 2013 text. This project's terminal and
 * master use it to fetch the records of one ERC from both classes (docs/
 * events.md). Masters that follow the standard never send it. */
#include "cat_afn0e.h"
#include "cat_tables.h"

/* Table 351: the pointer range requested; Y = Pn - Pm records (256 + Pn - Pm
 * when Pm > Pn). */
static const gdw_field l_0e_f1_down[] = {
    GDW_BINF("pm", 1, NULL),
    GDW_BINF("pn", 1, NULL),
    GDW_END,
};

/* Table 352: counters EC1/EC2, the range this frame carries, then records
 * (Table 353) to the end of the unit. */
static const gdw_field l_0e_f1_up[] = {
    GDW_BINF("ec1", 1, NULL),
    GDW_BINF("ec2", 1, NULL),
    GDW_BINF("pm", 1, NULL),
    GDW_BINF("pn", 1, NULL),
    GDW_REP_REST("records", gdw13761_erc_record),
    GDW_END,
};

/* F3 (PROJECT EXTENSION) request: the ERC and how many of its latest
 * records (0 = every record kept). */
static const gdw_field l_0e_f3_down[] = {
    GDW_BINF("erc", 1, NULL),
    GDW_BINF("n", 1, NULL),
    GDW_END,
};

/* F3 (PROJECT EXTENSION) answer: the counters, the ERC, the number of
 * records in this unit, then the records of both classes, newest last. */
static const gdw_field l_0e_f3_up[] = {
    GDW_BINF("ec1", 1, NULL),
    GDW_BINF("ec2", 1, NULL),
    GDW_BINF("erc", 1, NULL),
    GDW_BINF("count", 1, NULL),
    GDW_REP("records", "count", 0, gdw13761_erc_record),
    GDW_END,
};

const gdw13761_fn gdw13761_cat_afn0e[] = {
    {0x0E, GDW13761_DOWN, 1, GDW13761_PN_P0, "important events", "请求重要事件", l_0e_f1_down},
    {0x0E, GDW13761_UP, 1, GDW13761_PN_P0, "important events", "请求重要事件", l_0e_f1_up},
    {0x0E, GDW13761_DOWN, 2, GDW13761_PN_P0, "general events", "请求一般事件", l_0e_f1_down},
    {0x0E, GDW13761_UP, 2, GDW13761_PN_P0, "general events", "请求一般事件", l_0e_f1_up},
    /* project extension (Table 350: F3 spare) */
    {0x0E, GDW13761_DOWN, 3, GDW13761_PN_P0, "events by ERC (project extension)",
     "按事件代码请求事件(本项目扩展)", l_0e_f3_down},
    {0x0E, GDW13761_UP, 3, GDW13761_PN_P0, "events by ERC (project extension)",
     "按事件代码请求事件(本项目扩展)", l_0e_f3_up},
    {.layout = NULL},
};

/* Rows before the terminator (catalog.c looks tables up without scanning them). */
const size_t gdw13761_cat_afn0e_n = sizeof gdw13761_cat_afn0e / sizeof gdw13761_cat_afn0e[0] - 1;
