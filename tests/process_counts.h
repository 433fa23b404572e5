/* process_counts.h: what the test process holds now (threads, handles, private bytes), for leak and thread checks. */
#ifndef RPCRT4_TEST_PROCESS_COUNTS_H
#define RPCRT4_TEST_PROCESS_COUNTS_H

#include <windows.h>

/* The threads of this process (a toolhelp snapshot). */
unsigned int process_threads(void);
/* The threads of the process pid, which may be another one (the same snapshot lists every process's). */
unsigned int process_threads_of(DWORD pid);

/* This process's open handles: GetProcessHandleCount, or where it says 0 (Wine 8 always does), this
 * process's entries in the system's handle table. */
DWORD process_handles(void);
/* The same for the process pid, which may be another one. */
DWORD process_handles_of(DWORD pid);

/* The process's private bytes: PrivateUsage, else PagefileUsage (Wine 8 fills only the latter); 0 when the
 * system cannot tell. */
SIZE_T process_private_bytes(void);
/* The same for the process pid, which may be another one. */
SIZE_T process_private_bytes_of(DWORD pid);

#endif
