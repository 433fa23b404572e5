/* demo.c: shows what the DLL does, run under Wine with our rpcrt4: UUIDs, bindings, then RPC between two processes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>
#include <rpc.h>
#include <rpcasync.h>
#include "demo.h"

/* One line: what was called, what it gave, and the status with its text as DceErrorInqText says it. */
static void show(const char *what, const char *result, RPC_STATUS status)
{
    unsigned char text[DCE_C_ERROR_STRING_LEN] = "";
    size_t len;

    DceErrorInqTextA(status, text);
    for (len = strlen((char *)text); len && (text[len - 1] == '\r' || text[len - 1] == '\n'); len--)
        text[len - 1] = 0;
    printf("  %-46s %s%sstatus %ld (%s)\n", what, result ? result : "", result ? ", " : "", status, text);
}

static void show_status(const char *what, RPC_STATUS status)
{
    show(what, NULL, status);
}

void demo_show_module(const char *prefix)
{
    char path[MAX_PATH] = "", *product = "(none)", *version = "";
    DWORD unused, size;
    UINT len;
    void *info = NULL;

    GetModuleFileNameA(GetModuleHandleA("rpcrt4.dll"), path, sizeof(path));
    if ((size = GetFileVersionInfoSizeA(path, &unused)) && (info = malloc(size))
        && GetFileVersionInfoA(path, 0, size, info))
    {
        VerQueryValueA(info, "\\StringFileInfo\\040904b0\\ProductName", (void **)&product, &len);
        VerQueryValueA(info, "\\StringFileInfo\\040904b0\\ProductVersion", (void **)&version, &len);
    }
    printf("%s%s (%s %s)\n", prefix, path, product, version);
    fflush(stdout);
    free(info);
}

static void show_uuids(void)
{
    UUID uuid, parsed;
    RPC_CSTR text = NULL;
    RPC_STATUS status;
    char line[128];

    printf("\nUUIDs\n");
    status = UuidCreate(&uuid);
    UuidToStringA(&uuid, &text);
    show("UuidCreate (random, version 4)", (char *)text, status);
    status = UuidFromStringA(text, &parsed);
    snprintf(line, sizeof(line), "UuidEqual %d", UuidEqual(&uuid, &parsed, &status));
    show("UuidFromString of it", line, status);
    RpcStringFreeA(&text);
    status = UuidCreateSequential(&uuid);
    UuidToStringA(&uuid, &text);
    show("UuidCreateSequential (time, version 1)", (char *)text, status);
    RpcStringFreeA(&text);
    show_status("UuidFromString(\"not-a-uuid\")", UuidFromStringA((RPC_CSTR)"not-a-uuid", &parsed));
}

static void show_bindings(void)
{
    RPC_CSTR binding_text = NULL, protseq = NULL, address = NULL, endpoint = NULL, options = NULL, back = NULL;
    RPC_BINDING_HANDLE binding = NULL;
    RPC_STATUS status;
    char line[256];

    printf("\nString bindings and binding handles\n");
    status = RpcStringBindingComposeA((RPC_CSTR)"12345678-1234-1234-1234-123456789abc", (RPC_CSTR)"ncacn_ip_tcp",
                                      (RPC_CSTR)"localhost", (RPC_CSTR)"4747", (RPC_CSTR)"timeout=5", &binding_text);
    show("RpcStringBindingCompose", (char *)binding_text, status);
    status = RpcStringBindingParseA(binding_text, NULL, &protseq, &address, &endpoint, &options);
    snprintf(line, sizeof(line), "protseq %s, address %s, endpoint %s, options %s",
             protseq, address, endpoint, options);
    show("RpcStringBindingParse", line, status);
    status = RpcBindingFromStringBindingA(binding_text, &binding);
    show_status("RpcBindingFromStringBinding", status);
    if (status == RPC_S_OK)
    {
        status = RpcBindingToStringBindingA(binding, &back);
        show("RpcBindingToStringBinding", (char *)back, status);
        show_status("RpcBindingFree", RpcBindingFree(&binding));
        show_status("RpcBindingFree again (a freed handle)", RpcBindingFree(&binding));
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
    printf("  %-46s Signature %#lx, Size %u\n", "", async.Signature, async.Size);
    show_status("RpcAsyncGetCallStatus (no call yet)", RpcAsyncGetCallStatus(&async));
}

/* "demo.exe" is the client; it runs "demo.exe server ENDPOINT CLIENT_PID" as its server process. */
int main(int argc, char **argv)
{
    if (argc == 4 && !strcmp(argv[1], "server")) return demo_rpc_server(argv[2], strtoul(argv[3], NULL, 10));
    demo_show_module("rpcrt4 in this process: ");
    show_uuids();
    show_bindings();
    show_async();
    demo_rpc_client();
    return 0;
}
