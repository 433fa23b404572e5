/* ndr_proc.c: parses the -Oicf procedure header and parameter descriptors (portable). */
#include "ndr_proc.h"

static uint16_t u16(const uint8_t *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

enum ndr_proc_status ndr_proc_parse(const uint8_t *format, struct ndr_proc *proc)
{
    const uint8_t *p = format;

    proc->handle_type = *p++;
    proc->oi_flags = *p++;
    proc->rpc_flags = 0;
    if (proc->oi_flags & NDR_OI_HAS_RPCFLAGS)
    {
        proc->rpc_flags = (uint32_t)u16(p) | (uint32_t)u16(p + 2) << 16;
        p += 4;
    }
    proc->proc_num = u16(p);
    proc->stack_size = u16(p + 2);
    p += 4;
    proc->handle_offset = 0;
    if (!proc->handle_type)
    {
        unsigned int size = p[0] == NDR_FC_BIND_PRIMITIVE ? 4 : 6;
        unsigned int i;

        for (i = 0; i < sizeof(proc->handle); i++) proc->handle[i] = i < size ? p[i] : 0;
        proc->handle_offset = u16(p + 2);
        p += size;
    }
    proc->client_buffer = u16(p);
    proc->server_buffer = u16(p + 2);
    proc->oi2_flags = p[4];
    proc->param_count = p[5];
    p += 6;
    proc->ext_flags2 = 0;
    if (proc->oi2_flags & NDR_OI2_HAS_EXTENSIONS)
    {
        proc->ext_flags2 = p[0] >= 2 ? p[1] : 0;
        p += p[0];
    }
    proc->params = p;
    if (proc->oi_flags & NDR_OI_OBJECT_PROC) return NDR_PROC_E_UNSUPPORTED;
    if (proc->oi2_flags & NDR_OI2_HAS_PIPES) return NDR_PROC_E_UNSUPPORTED;
    return NDR_PROC_OK;
}

void ndr_proc_param(const struct ndr_proc *proc, unsigned int index, struct ndr_param *param)
{
    const uint8_t *p = proc->params + 6 * index;

    param->attr = u16(p);
    param->stack_offset = u16(p + 2);
    param->type_offset = u16(p + 4);
    param->base_format = p + 4;
}

int ndr_proc_param_is_handle(const struct ndr_proc *proc, const struct ndr_param *param)
{
    return !proc->handle_type && proc->handle[0] == NDR_FC_BIND_PRIMITIVE
           && param->stack_offset == proc->handle_offset && (param->attr & NDR_PARAM_IS_BASETYPE)
           && !(param->attr & NDR_PARAM_IS_RETURN);
}
