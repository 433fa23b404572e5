/* rpc_sdk_extra.h: declarations the Windows SDK's RPC headers have and mingw-w64's lack. */
#ifndef RPCRT4_RPC_SDK_EXTRA_H
#define RPCRT4_RPC_SDK_EXTRA_H

#include <rpc.h>

/* rpcdce.h: the default filter of RpcExceptionExcept (Windows XP SP2 and later). */
RPCRTAPI int RPC_ENTRY RpcExceptionFilter(unsigned __LONG32 ExceptionCode);

#endif
