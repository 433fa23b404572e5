/* cancel.h: the calling thread's cancel timeout (RpcMgmtSetCancelTimeout), for the calls it makes. */
#ifndef RPCRT4_CANCEL_H
#define RPCRT4_CANCEL_H

#include <windows.h>

/* Milliseconds a cancelled synchronous call of this thread waits for the server's answer before it ends
 * with RPC_S_CALL_CANCELLED: 0 at once, INFINITE (the default) never. */
DWORD cancel_timeout_of_this_thread(void);

#endif
