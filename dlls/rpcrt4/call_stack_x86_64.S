/* call_stack_x86_64.S: call_stack on x86_64 (see include/call_stack.h): copy the arguments, load the registers, call. */
    .text
    .globl call_stack
    .def call_stack; .scl 2; .type 32; .endef
    .p2align 4
/* uint64_t call_stack(func: rcx, args: rdx, size: r8) */
call_stack:
    .seh_proc call_stack
    pushq %rbp
    .seh_pushreg %rbp
    pushq %rsi
    .seh_pushreg %rsi
    pushq %rdi
    .seh_pushreg %rdi
    movq %rsp, %rbp
    .seh_setframe %rbp, 0
    .seh_endprologue
    movq %rcx, %rax                 /* func */
    leaq 15(%r8), %r10              /* room: size rounded up to 16, at least the 32-octet home area */
    andq $-16, %r10
    cmpq $32, %r10
    jae 1f
    movq $32, %r10
1:  subq %r10, %rsp                 /* rsp stays 16-aligned: the three pushes made it so */
    movq %rsp, %rdi
    movq %rdx, %rsi
    movq %r8, %rcx
    rep movsb
    movq 0(%rsp), %rcx
    movq 8(%rsp), %rdx
    movq 16(%rsp), %r8
    movq 24(%rsp), %r9
    movq 0(%rsp), %xmm0
    movq 8(%rsp), %xmm1
    movq 16(%rsp), %xmm2
    movq 24(%rsp), %xmm3
    callq *%rax
    leaq 0(%rbp), %rsp
    popq %rdi
    popq %rsi
    popq %rbp
    ret
    .seh_endproc
