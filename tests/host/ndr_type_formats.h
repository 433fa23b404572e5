/* ndr_type_formats.h: hand-written -Oicf type format strings (x86_64 memory layout) shared by the ndr_type host test and fuzzer. */
#ifndef RPCRT4_NDR_TYPE_FORMATS_H
#define RPCRT4_NDR_TYPE_FORMATS_H

#include <stdint.h>

/* Offsets of the types in ndr_type_format, and the IDL each stands for (64-bit layouts: a structure
 * with a pointer is a bogus one). */
#define T_S_PTR      0      /* struct s_ptr { long a; [unique] long *p; } */
#define T_S_CONF     16     /* struct s_conf { long n; [size_is(n)] long arr[]; } */
#define T_STRING_UP  34     /* [unique, string] char * */
#define T_S_BOGUS    38     /* struct s_bogus { short s; [unique] long *p; [unique, string] char *str; double d; } */
#define T_NODE       62     /* struct node { long v; [unique] struct node *next; } */
#define T_NODE_UP    74     /* [unique] struct node * */
#define T_S_UNION    78     /* struct s_union { long d; [switch_is(d)] union { [case(1)] long l; [case(2)] short s;
                             *                  [case(3)] [unique] long *p; [default]; } u; } */
#define T_U_ENC      130    /* union u_e switch (short d) { case 1: long l; case 2: double x; } */
#define T_CVARRAY    150    /* [size_is(n), length_is(n)] short a[] (top-level: n from the caller) */
#define T_FARRAY     164    /* long a[10] */
#define T_WSTRING_UP 170    /* [unique, string] wchar_t * */
#define T_FSTRING    174    /* [string] char name[8] */
#define T_BOGUS_ARR  178    /* [size_is(n)] struct s_bogus a[] (top-level) */
#define T_RANGE      196    /* [range(0, 100)] long */
#define T_S_SIMPLE   206    /* struct s_simple { long a; short b; char c; } (FC_STRUCT) */
#define T_FNODE      215    /* struct fnode { long v; [ptr] struct fnode *next; } */
#define T_FNODE_FP   227    /* [ptr] struct fnode * */
#define T_S_MISC     231    /* struct s_misc { enum e16 e; hyper h; } */
#define T_CARRAY     243    /* [size_is(n)] long a[] (top-level) */
#define T_PSTRUCT    253    /* a flat structure with a pointer layout: { long a; long pad; [unique] long *p; } as
                             * FC_PSTRUCT (the referent id in the low half of p's image) */

static const uint8_t ndr_type_format[] =
{
    /* 0 s_ptr */
    0x1a, 0x07, 0x10, 0x00, 0x00, 0x00, 0x06, 0x00,     /* FC_BOGUS_STRUCT align 8, 16 octets, pointers at 12 */
    0x08, 0x39, 0x36, 0x5b,                             /* FC_LONG FC_ALIGNM8 FC_POINTER FC_END */
    0x12, 0x08, 0x08, 0x5c,                             /* 12: FC_UP [simple] FC_LONG FC_PAD */
    /* 16 s_conf */
    0x17, 0x03, 0x04, 0x00, 0x04, 0x00, 0x08, 0x5b,     /* FC_CSTRUCT align 4, 4 octets, array at 24; FC_LONG FC_END */
    0x1b, 0x03, 0x04, 0x00, 0x08, 0x00, 0xfc, 0xff,     /* 24: FC_CARRAY align 4, 4 octets; field n at -4 */
    0x08, 0x5b,
    /* 34 [unique, string] char * */
    0x12, 0x08, 0x22, 0x5c,
    /* 38 s_bogus */
    0x1a, 0x07, 0x20, 0x00, 0x00, 0x00, 0x0a, 0x00,     /* FC_BOGUS_STRUCT align 8, 32 octets, pointers at 54 */
    0x06, 0x39, 0x36, 0x36, 0x0c, 0x5b, 0x5c, 0x5c,     /* FC_SHORT FC_ALIGNM8 FC_POINTER FC_POINTER FC_DOUBLE FC_END */
    0x12, 0x08, 0x08, 0x5c,                             /* 54: FC_UP [simple] FC_LONG */
    0x12, 0x08, 0x22, 0x5c,                             /* 58: FC_UP [simple] FC_C_CSTRING */
    /* 62 node */
    0x1a, 0x07, 0x10, 0x00, 0x00, 0x00, 0x06, 0x00,
    0x08, 0x39, 0x36, 0x5b,
    0x12, 0x00, 0xf2, 0xff,                             /* 74: FC_UP -> 62 */
    /* 78 s_union */
    0x1a, 0x07, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x08, 0x39, 0x4c, 0x00, 0x04, 0x00, 0x5c, 0x5b,     /* FC_LONG FC_ALIGNM8 FC_EMBEDDED_COMPLEX 0 -> 94 */
    0x2b, 0x08, 0x08, 0x00, 0xf8, 0xff, 0x02, 0x00,     /* 94: FC_NON_ENCAPSULATED_UNION FC_LONG, field d at -8; arms 102 */
    0x08, 0x00, 0x03, 0x00,                             /* 102: 8 octets, 3 arms */
    0x01, 0x00, 0x00, 0x00, 0x08, 0x80,                 /* case 1: FC_LONG */
    0x02, 0x00, 0x00, 0x00, 0x06, 0x80,                 /* case 2: FC_SHORT */
    0x03, 0x00, 0x00, 0x00, 0x04, 0x00,                 /* case 3: -> 126 */
    0x00, 0x00,                                         /* default: empty */
    0x12, 0x08, 0x08, 0x5c,                             /* 126: FC_UP [simple] FC_LONG */
    /* 130 u_e */
    0x2a, 0x86, 0x08, 0x00, 0x02, 0x00,                 /* FC_ENCAPSULATED_UNION FC_SHORT, arms at +8; 8 octets, 2 arms */
    0x01, 0x00, 0x00, 0x00, 0x08, 0x80,
    0x02, 0x00, 0x00, 0x00, 0x0c, 0x80,
    0xff, 0xff,                                         /* no default */
    /* 150 cvarray of short, top-level size_is and length_is */
    0x1c, 0x01, 0x02, 0x00, 0x28, 0x00, 0x00, 0x00, 0x28, 0x00, 0x00, 0x00, 0x06, 0x5b,
    /* 164 long[10] */
    0x1d, 0x03, 0x28, 0x00, 0x08, 0x5b,
    /* 170 [unique, string] wchar_t * */
    0x12, 0x08, 0x25, 0x5c,
    /* 174 [string] char name[8] */
    0x26, 0x5c, 0x08, 0x00,
    /* 178 bogus array of s_bogus, top-level size_is */
    0x21, 0x07, 0x00, 0x00, 0x28, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff,
    0x4c, 0x00, 0x66, 0xff, 0x5c, 0x5b,                 /* FC_EMBEDDED_COMPLEX 0 -> 38 */
    /* 196 [range(0, 100)] long */
    0xb7, 0x08, 0x00, 0x00, 0x00, 0x00, 0x64, 0x00, 0x00, 0x00,
    /* 206 s_simple */
    0x15, 0x03, 0x08, 0x00, 0x08, 0x06, 0x02, 0x3d, 0x5b,
    /* 215 fnode */
    0x1a, 0x07, 0x10, 0x00, 0x00, 0x00, 0x06, 0x00,
    0x08, 0x39, 0x36, 0x5b,
    0x14, 0x00, 0xf2, 0xff,                             /* 227: FC_FP -> 215 */
    /* 231 s_misc */
    0x1a, 0x07, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0d, 0x39, 0x0b, 0x5b,
    /* 243 carray of long, top-level size_is */
    0x1b, 0x03, 0x04, 0x00, 0x28, 0x00, 0x00, 0x00, 0x08, 0x5b,
    /* 253 pstruct */
    0x16, 0x07, 0x10, 0x00,                             /* FC_PSTRUCT align 8, 16 octets */
    0x4b, 0x5c, 0x46, 0x5c, 0x08, 0x00, 0x08, 0x00,     /* FC_PP FC_PAD FC_NO_REPEAT FC_PAD memory 8 buffer 8 */
    0x12, 0x08, 0x08, 0x5c, 0x5b,                       /* FC_UP [simple] FC_LONG; FC_END */
    0x08, 0x08, 0x08, 0x08, 0x5b,                       /* FC_LONG x4 FC_END */
};

#endif
