/* main.c: the conformance test program's entry: checks which rpcrt4 is loaded, then runs the units. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>
#include "test.h"

static const char *const target_names[] = { "ours", "builtin", "windows", "host" };

/* The ProductName string of a module's version resource, or "" when it has none. */
static void product_name(const WCHAR *path, char *name, size_t size)
{
    DWORD handle, len = GetFileVersionInfoSizeW(path, &handle);
    struct { WORD lang, codepage; } *translation;
    char *info, *value;
    char query[64];
    UINT value_len;

    name[0] = 0;
    if (!len || !(info = malloc(len))) return;
    if (GetFileVersionInfoW(path, 0, len, info)
        && VerQueryValueA(info, "\\VarFileInfo\\Translation", (void **)&translation, &value_len)
        && value_len >= sizeof(*translation))
    {
        snprintf(query, sizeof(query), "\\StringFileInfo\\%04x%04x\\ProductName",
                 translation->lang, translation->codepage);
        if (VerQueryValueA(info, query, (void **)&value, &value_len) && value_len)
            snprintf(name, size, "%s", value);
    }
    free(info);
}

static BOOL running_on_wine(void)
{
    return GetProcAddress(GetModuleHandleA("ntdll.dll"), "wine_get_version") != NULL;
}

/* What RPCRT4_TEST_TARGET asks for: ours (default under Wine), builtin, or windows (default elsewhere). */
static enum test_target expected_target(void)
{
    const char *wanted = getenv("RPCRT4_TEST_TARGET");
    if (wanted && !strcmp(wanted, "builtin")) return TARGET_WINE_BUILTIN;
    if (wanted && !strcmp(wanted, "windows")) return TARGET_WINDOWS;
    if (wanted && !strcmp(wanted, "ours")) return TARGET_OURS;
    return running_on_wine() ? TARGET_OURS : TARGET_WINDOWS;
}

/* Every run first proves which rpcrt4 it tests, so a silent fall-back to another one cannot pass. */
static BOOL check_loaded_rpcrt4(void)
{
    HMODULE module = LoadLibraryA("rpcrt4.dll");
    enum test_target expected = expected_target(), loaded;
    WCHAR path[MAX_PATH] = {0};
    char product[128];

    if (!module)
    {
        printf("main.c: Test failed: rpcrt4.dll does not load, error %lu\n", GetLastError());
        return FALSE;
    }
    GetModuleFileNameW(module, path, MAX_PATH);
    product_name(path, product, sizeof(product));
    if (!strcmp(product, "rpcrt4-ng")) loaded = TARGET_OURS;
    else loaded = running_on_wine() ? TARGET_WINE_BUILTIN : TARGET_WINDOWS;

    if (loaded != expected)
    {
        printf("main.c: Test failed: expected %s rpcrt4, loaded %s from %ls (ProductName \"%s\")\n",
               target_names[expected], target_names[loaded], path, product);
        return FALSE;
    }
    test_target = loaded;
    printf("main.c: testing %s rpcrt4 from %ls (ProductName \"%s\")\n", target_names[loaded], path, product);
    return TRUE;
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    /* A crash ends this process at once instead of starting a debugger; the runner counts the unit failed. */
    SetErrorMode(SEM_FAILCRITICALERRORS | SEM_NOGPFAULTERRORBOX);
    if (argc == 2 && !strcmp(argv[1], "--list")) return test_run_units(argc, argv);
    if (!check_loaded_rpcrt4())
    {
        printf("identity: 1 tests executed (0 marked as todo, 1 failures), 0 skipped.\n");
        return 1;
    }
    return test_run_units(argc, argv);
}
