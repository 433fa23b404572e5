/* connection.h: one DCE/RPC connection over a transport, client or server side: bind, reassembly, calls. */
#ifndef RPCRT4_CONNECTION_H
#define RPCRT4_CONNECTION_H

#include "transport.h"

/* The accept callback every server endpoint gives transport_listen (context unused, pass NULL): the
 * connection layer takes conn over, answers its binds and dispatches its requests. */
void connection_server_accept(void *context, struct transport_conn *conn);

#endif
