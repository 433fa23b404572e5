/* peer_process.h: the test program as a child peer on either rpcrt4, and the endpoints and objects it shares. */
#ifndef RPCRT4_TEST_PEER_PROCESS_H
#define RPCRT4_TEST_PEER_PROCESS_H

#include <windows.h>
#include <rpc.h>

/* Generous: only there so that a broken runtime fails instead of hanging. */
#define PEER_WAIT_MS 30000

/* The environment variable that tells a child its role: "ROLE TAG PORT [extra]"; the unit parses it. */
#define PEER_CHILD_VARIABLE "RPCRT4_TEST_CHILD"

/* The protocol sequences every multi-process test covers. */
#define PEER_PROTSEQ_COUNT 3
extern const char *const peer_protseqs[PEER_PROTSEQ_COUNT];

/* The endpoint of peer_protseqs[i] for a server TAG (unique per server) listening on TCP port PORT. */
void peer_endpoint(unsigned int i, const char *tag, unsigned int port, char *name, size_t size);
/* A binding to that endpoint (127.0.0.1 on TCP); NULL when it fails, which it reports. */
RPC_BINDING_HANDLE peer_bind(unsigned int i, const char *tag, unsigned int port);
/* Listens on TAG's endpoints with iface, without waiting: RPC_S_OK or the first failure (printed) of
 * RpcServerUseProtseqEp, RpcServerRegisterIf and RpcServerListen. */
RPC_STATUS peer_listen(const char *tag, unsigned int port, RPC_IF_HANDLE iface);

/* A named object of TAG that parent and child share: "busy" is a semaphore (released once per call that
 * reached a server routine), anything else a manual-reset event; created, or opened (NULL when missing). */
HANDLE peer_object(const char *kind, const char *tag, BOOL create);
/* Waits until busy was released count times. */
BOOL peer_wait_busy(HANDLE busy, unsigned int count);

/* "ours", "Wine's builtin" or "native": the rpcrt4 of this process (other FALSE) or of the other peer. */
const char *peer_rpcrt4_name(BOOL other);

/* Makes the copy of this program that runs on the other rpcrt4 (see peer_process.c); FALSE, with the
 * reason printed as a skip or failure, when it cannot be made. peer_remove_other removes it. */
BOOL peer_prepare_other(void);
void peer_remove_other(void);

/* A child process of this program and what it shares with the parent. */
struct peer
{
    PROCESS_INFORMATION info;
    char tag[32];
    unsigned int port;
    BOOL other;             /* on the other rpcrt4 than the parent's */
    HANDLE ready, stop, busy;
};

/* Starts this program as a child running unit, with the role "ROLE TAG PORT [extra]" from peer's tag and
 * port, on the same or the other rpcrt4 (peer_prepare_other first); its output goes where the parent's does. */
BOOL peer_spawn(struct peer *peer, const char *unit, const char *role, const char *extra, BOOL other);
/* Waits for the child to end; its exit code, or STILL_ACTIVE after PEER_WAIT_MS (then it is killed). */
DWORD peer_end(struct peer *peer);

/* A server child of unit in role, with tag PID_n and its own objects ready, stop and busy, serving once
 * this returns TRUE: the child opens the objects, listens, sets ready, and ends at stop. */
BOOL peer_start_server(struct peer *peer, unsigned int n, unsigned int port, const char *unit, const char *role,
                       BOOL other);
/* The child's side of peer_start_server: opens TAG's objects (busy into *busy), listens with iface, sets
 * ready, and at stop stops listening and ends the process (exit code 0; 2 when it could not serve). */
void peer_serve(const char *tag, unsigned int port, RPC_IF_HANDLE iface, HANDLE *busy) __attribute__((noreturn));
/* Sets stop and checks that the server child ended with 0. */
void peer_stop_server(struct peer *peer);
/* Closes the objects of a server child. */
void peer_close_objects(struct peer *peer);

#endif
