/* call_stack_i386.S: call_stack on i386 (see include/call_stack.h): copy the arguments to the stack, call. */
    .text
    .globl _call_stack
    .def _call_stack; .scl 2; .type 32; .endef
    .p2align 4
/* uint64_t __cdecl call_stack(func: 8(%ebp), args: 12(%ebp), size: 16(%ebp)) */
_call_stack:
    pushl %ebp
    movl %esp, %ebp
    pushl %esi
    pushl %edi
    movl 16(%ebp), %ecx
    movl 12(%ebp), %esi
    leal 15(%ecx), %eax
    andl $-16, %eax
    subl %eax, %esp
    andl $-16, %esp                 /* the arguments start 16-aligned, as gcc's callees expect */
    movl %esp, %edi
    rep movsb
    call *8(%ebp)
    leal -8(%ebp), %esp             /* whatever a stdcall callee popped */
    popl %edi
    popl %esi
    popl %ebp
    ret
