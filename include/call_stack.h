/* call_stack.h: calls a function with an argument stack built in memory (the stubless server's manager call). */
#ifndef RPCRT4_CALL_STACK_H
#define RPCRT4_CALL_STACK_H

#include <stddef.h>
#include <stdint.h>

/* Calls func with the size octets at args as its arguments, laid out as the caller's stack holds them:
 *   x86_64: 8 octets an argument; the first four are also loaded into rcx, rdx, r8, r9 and xmm0..xmm3
 *           (so integer and floating-point arguments both arrive), the rest stay on the stack above the
 *           32-octet home area. The frame has unwind data, so exceptions pass through it.
 *   i386:   the octets are copied to the stack as they are; cdecl and stdcall functions both work (esp
 *           is restored from the frame whatever the callee popped).
 * Returns rax (x86_64) or edx:eax (i386): an integer or pointer result. A floating-point result (xmm0,
 * st0) is not returned. Written in assembly (call_stack_<arch>.S): C cannot build a call of an arity
 * known only at run time, and a fixed-arity switch would bound the parameter count and still need
 * each case for floating-point arguments. */
uint64_t call_stack(const void *func, const void *args, size_t size);

#endif
