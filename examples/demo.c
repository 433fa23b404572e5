/* demo.c: shows what the DLL already does, run under Wine with our rpcrt4: UUIDs, bindings, an async handle. */
#include <stdio.h>
#include <windows.h>
#include <rpc.h>
#include <rpcasync.h>

static void show_status(const char *what, RPC_STATUS status)
{
    unsigned char text[DCE_C_ERROR_STRING_LEN] = "";
    DceErrorInqTextA(status, text);
    printf("  %-46s -> %ld (%s)\n", what, status, text);
}

static void show_module(void)
{
    char path[MAX_PATH] = "";
    GetModuleFileNameA(GetModuleHandleA("rpcrt4.dll"), path, sizeof(path));
    printf("rpcrt4 in this process: %s\n", path);
}

static void show_uuids(void)
{
    UUID uuid, parsed;
    RPC_CSTR text = NULL;
    RPC_STATUS status;

    printf("\nUUIDs\n");
    status = UuidCreate(&uuid);
    UuidToStringA(&uuid, &text);
    printf("  UuidCreate (random, version 4)             -> %s, status %ld\n", text, status);
    UuidFromStringA(text, &parsed);
    printf("  parsed back, UuidEqual                     -> %d\n", UuidEqual(&uuid, &parsed, &status));
    RpcStringFreeA(&text);
    status = UuidCreateSequential(&uuid);
    UuidToStringA(&uuid, &text);
    printf("  UuidCreateSequential (time, version 1)     -> %s, status %ld\n", text, status);
    RpcStringFreeA(&text);
    show_status("UuidFromString(\"not-a-uuid\")", UuidFromStringA((RPC_CSTR)"not-a-uuid", &parsed));
}

static void show_bindings(void)
{
    RPC_CSTR binding_text = NULL, protseq = NULL, address = NULL, endpoint = NULL, options = NULL, back = NULL;
    RPC_BINDING_HANDLE binding = NULL;
    RPC_STATUS status;

    printf("\nString bindings and binding handles\n");
    status = RpcStringBindingComposeA((RPC_CSTR)"12345678-1234-1234-1234-123456789abc", (RPC_CSTR)"ncacn_ip_tcp",
                                      (RPC_CSTR)"localhost", (RPC_CSTR)"4747", (RPC_CSTR)"timeout=5", &binding_text);
    printf("  RpcStringBindingCompose                    -> %s, status %ld\n", binding_text, status);
    status = RpcStringBindingParseA(binding_text, NULL, &protseq, &address, &endpoint, &options);
    printf("  RpcStringBindingParse                      -> protseq %s, address %s, endpoint %s, options %s\n",
           protseq, address, endpoint, options);
    status = RpcBindingFromStringBindingA(binding_text, &binding);
    show_status("RpcBindingFromStringBinding", status);
    if (status == RPC_S_OK)
    {
        RpcBindingToStringBindingA(binding, &back);
        printf("  RpcBindingToStringBinding                  -> %s\n", back);
        RpcBindingFree(&binding);
    }
    show_status("RpcBindingFromStringBinding(\"ncacn_http:x\")",
                RpcBindingFromStringBindingA((RPC_CSTR)"ncacn_http:x", &binding));
    show_status("RpcBindingFromStringBinding(\"nonsense\")",
                RpcBindingFromStringBindingA((RPC_CSTR)"nonsense", &binding));
    RpcStringFreeA(&binding_text);
    RpcStringFreeA(&protseq);
    RpcStringFreeA(&address);
    RpcStringFreeA(&endpoint);
    RpcStringFreeA(&options);
    RpcStringFreeA(&back);
}

static void show_async(void)
{
    RPC_ASYNC_STATE async;

    printf("\nAsynchronous call handles\n");
    show_status("RpcAsyncInitializeHandle(size - 1)", RpcAsyncInitializeHandle(&async, sizeof(async) - 1));
    show_status("RpcAsyncInitializeHandle", RpcAsyncInitializeHandle(&async, sizeof(async)));
    printf("  Signature %#lx, Size %u\n", async.Signature, async.Size);
    show_status("RpcAsyncGetCallStatus (no call yet)", RpcAsyncGetCallStatus(&async));
}

int main(void)
{
    show_module();
    show_uuids();
    show_bindings();
    show_async();
    return 0;
}
