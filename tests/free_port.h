/* free_port.h: a loopback TCP port free now, for tests that listen on a fixed ncacn_ip_tcp endpoint. */
#ifndef RPCRT4_TEST_FREE_PORT_H
#define RPCRT4_TEST_FREE_PORT_H

/* A TCP port free on the loopback now (the system picks it by a bind to port 0), so that parallel runs do
 * not collide; 0 when none could be had. Winsock must be started. */
unsigned short test_free_port(void);

#endif
