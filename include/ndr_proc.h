/* ndr_proc.h: the -Oicf procedure format (Oi2 header and parameter descriptors) that the stubless engine walks. */
#ifndef RPCRT4_NDR_PROC_H
#define RPCRT4_NDR_PROC_H

#include <stddef.h>
#include <stdint.h>

/* Portable C, no Windows headers. Layouts as Microsoft documents them ("Procedure header descriptor",
 * "Handles", "Parameter descriptors"): all fields little endian, unaligned.
 *
 *   handle_type<1> Oi_flags<1> [rpc_flags<4> if Oi_HAS_RPCFLAGS] proc_num<2> stack_size<2>
 *   [explicit handle description if handle_type is 0: 4 octets for FC_BIND_PRIMITIVE, 6 otherwise]
 *   client_buffer<2> server_buffer<2> Oi2_flags<1> param_count<1>
 *   [extensions if Oi2 HasExtensions: size<1> flags2<1> ..., size octets in all]
 *   param_count parameter descriptors of 6 octets: attributes<2> stack_offset<2> then a base type's
 *   format character and an unused octet, or a type offset<2> into the type format string. */

/* handle_type, and the first octet of an explicit handle description. */
#define NDR_FC_BIND_CONTEXT   0x30
#define NDR_FC_BIND_GENERIC   0x31
#define NDR_FC_BIND_PRIMITIVE 0x32
#define NDR_FC_AUTO_HANDLE    0x33
#define NDR_FC_CALLBACK_HANDLE 0x34

/* The flag octet of an explicit handle description: the parameter is a pointer to the handle. */
#define NDR_HANDLE_PARAM_IS_VIA_PTR 0x80

/* Oi_flags. */
#define NDR_OI_FULL_PTR_USED     0x01
#define NDR_OI_RPCSS_ALLOC_USED  0x02
#define NDR_OI_OBJECT_PROC       0x04
#define NDR_OI_HAS_RPCFLAGS      0x08
#define NDR_OI_HAS_COMM_OR_FAULT 0x20

/* Oi2_flags (INTERPRETER_OPT_FLAGS) and the extensions' flags2 (INTERPRETER_OPT_FLAGS2). */
#define NDR_OI2_SERVER_MUST_SIZE 0x01
#define NDR_OI2_CLIENT_MUST_SIZE 0x02
#define NDR_OI2_HAS_RETURN       0x04
#define NDR_OI2_HAS_PIPES        0x08
#define NDR_OI2_HAS_ASYNC_UUID   0x20
#define NDR_OI2_HAS_EXTENSIONS   0x40
#define NDR_OI2_HAS_ASYNC_HANDLE 0x80
#define NDR_OI2_EXT_NEW_CORR_DESC 0x01

/* PARAM_ATTRIBUTES. */
#define NDR_PARAM_MUST_SIZE    0x0001
#define NDR_PARAM_MUST_FREE    0x0002
#define NDR_PARAM_IS_PIPE      0x0004
#define NDR_PARAM_IS_IN        0x0008
#define NDR_PARAM_IS_OUT       0x0010
#define NDR_PARAM_IS_RETURN    0x0020
#define NDR_PARAM_IS_BASETYPE  0x0040
#define NDR_PARAM_IS_BY_VALUE  0x0080
#define NDR_PARAM_IS_SIMPLE_REF 0x0100
/* ServerAllocSize: bits 13..15, in units of 8 octets. */
#define NDR_PARAM_SERVER_ALLOC_SIZE(attr) ((((attr) >> 13) & 7u) * 8u)

/* A parsed procedure header. */
struct ndr_proc
{
    uint8_t handle_type;        /* 0: explicit, its description in handle[] */
    uint8_t oi_flags;
    uint32_t rpc_flags;
    uint16_t proc_num;
    uint16_t stack_size;        /* the argument stack, return value included */
    uint8_t handle[6];          /* the explicit handle description (handle[0] its FC_BIND_*) */
    uint16_t handle_offset;     /* its stack offset */
    uint16_t client_buffer, server_buffer;
    uint8_t oi2_flags;
    uint8_t ext_flags2;         /* 0 without extensions */
    uint8_t param_count;
    const uint8_t *params;      /* the first parameter descriptor */
};

/* One parameter descriptor. */
struct ndr_param
{
    uint16_t attr;              /* NDR_PARAM_* */
    uint16_t stack_offset;
    uint16_t type_offset;       /* into the type format string, unless NDR_PARAM_IS_BASETYPE */
    const uint8_t *base_format; /* NDR_PARAM_IS_BASETYPE: its format character and the octet after */
};

/* Parses the header at format (a stub's own compiled-in data: its length is not known, and it is trusted
 * as the type format string is). NDR_PROC_OK, or NDR_PROC_E_UNSUPPORTED for a header this engine does not
 * take: an object (COM) procedure, pipes, or an async handle. */
enum ndr_proc_status { NDR_PROC_OK, NDR_PROC_E_UNSUPPORTED };
enum ndr_proc_status ndr_proc_parse(const uint8_t *format, struct ndr_proc *proc);

/* The index-th parameter descriptor (index < proc->param_count). */
void ndr_proc_param(const struct ndr_proc *proc, unsigned int index, struct ndr_param *param);

/* TRUE when the parameter is the explicit primitive binding handle itself, which stays off the wire
 * (widl lists it as an [in] base type; MIDL leaves it out). */
int ndr_proc_param_is_handle(const struct ndr_proc *proc, const struct ndr_param *param);

#endif
