/* server_child.h: a test server in a child process: this test program started again for one unit, with a ready and a stop event. */
#ifndef RPCRT4_TEST_SERVER_CHILD_H
#define RPCRT4_TEST_SERVER_CHILD_H

#include <windows.h>

/* The parent's view of its child. */
struct server_child
{
    PROCESS_INFORMATION info;
    char tag[32];           /* names the child's events: the parent's process id */
    HANDLE ready, stop;
};

/* Starts this program again to run unit, with the environment variable variable set to "TAG ROLE" (TAG
 * names the events; role is what the unit's child should do). TRUE once the child has called
 * server_child_serve; FALSE (with a failed check, the child ended) when it did not within timeout ms. */
BOOL server_child_start(struct server_child *child, const char *unit, const char *variable, const char *role,
                        DWORD timeout);

/* Tells the child to stop and waits up to timeout ms for it; checks that it ended with exit code 0. */
void server_child_stop(struct server_child *child, DWORD timeout);

/* In the child, once it serves: tells the parent tag, then waits up to timeout ms until told to stop.
 * FALSE when the parent's events are missing or the stop never came (a trace says which). */
BOOL server_child_serve(const char *tag, DWORD timeout);

#endif
