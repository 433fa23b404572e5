/* protseq.h: the protocol sequences the runtime knows: the supported ones and the known unsupported ones. */
#ifndef RPCRT4_PROTSEQ_H
#define RPCRT4_PROTSEQ_H

#include <windows.h>
#include <rpc.h>

/* The protocol sequences this runtime implements, in the order RpcNetworkInqProtseqs lists them. */
enum protseq_id
{
    PROTSEQ_NCALRPC,
    PROTSEQ_NCACN_NP,
    PROTSEQ_NCACN_IP_TCP,
    PROTSEQ_SUPPORTED_COUNT
};

/* Classifies a protocol sequence name (ASCII letters compare in any case):
 *   RPC_S_OK                    a supported one; *id is set when id is not NULL;
 *   RPC_S_PROTSEQ_NOT_SUPPORTED one that Microsoft RPC documents but this runtime does not implement
 *                               (ncacn_http, ncadg_ip_udp, ncacn_nb_tcp, ...);
 *   RPC_S_INVALID_RPC_PROTSEQ   anything else: unknown names, "", NULL. */
RPC_STATUS protseq_lookup(const char *name, enum protseq_id *id);

/* The canonical lowercase name of a supported protocol sequence ("ncalrpc", ...); NULL for a bad id. */
const char *protseq_name(enum protseq_id id);

#endif
