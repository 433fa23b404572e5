/* error_text.c: conformance tests of DceErrorInqTextA/W: a text for every RPC status code, A and W alike. */
#include <stdio.h>
#include <windows.h>
#include <rpc.h>
#include "test.h"

#define BUFFER_LEN DCE_C_ERROR_STRING_LEN

/* Every RPC_S_*, RPC_X_* and EPT_S_* code of mingw-w64's winerror.h and rpcnterr.h, the latter's aliases of
 * general Win32 codes included. Left out: RPC_S_CALLPENDING and RPC_S_WAITONTIMER, which are COM HRESULTs. */
#define CODE(name) { #name, name }
static const struct
{
    const char *name;
    RPC_STATUS status;
}
codes[] =
{
    CODE(RPC_S_OK), CODE(RPC_S_ACCESS_DENIED), CODE(RPC_X_SS_CONTEXT_MISMATCH), CODE(RPC_S_OUT_OF_MEMORY),
    CODE(RPC_X_NO_MEMORY), CODE(RPC_X_PIPE_APP_MEMORY), CODE(RPC_S_INVALID_ARG), CODE(RPC_S_INVALID_LEVEL),
    CODE(RPC_S_BUFFER_TOO_SMALL), CODE(RPC_S_OUT_OF_THREADS), CODE(RPC_S_ASYNC_CALL_PENDING),
    CODE(RPC_S_SERVER_OUT_OF_MEMORY), CODE(RPC_S_UNKNOWN_PRINCIPAL), CODE(RPC_S_INVALID_SECURITY_DESC),
    CODE(RPC_S_TIMEOUT), CODE(RPC_S_INVALID_STRING_BINDING), CODE(RPC_S_WRONG_KIND_OF_BINDING),
    CODE(RPC_S_INVALID_BINDING), CODE(RPC_S_PROTSEQ_NOT_SUPPORTED), CODE(RPC_S_INVALID_RPC_PROTSEQ),
    CODE(RPC_S_INVALID_STRING_UUID), CODE(RPC_S_INVALID_ENDPOINT_FORMAT), CODE(RPC_S_INVALID_NET_ADDR),
    CODE(RPC_S_NO_ENDPOINT_FOUND), CODE(RPC_S_INVALID_TIMEOUT), CODE(RPC_S_OBJECT_NOT_FOUND),
    CODE(RPC_S_ALREADY_REGISTERED), CODE(RPC_S_TYPE_ALREADY_REGISTERED), CODE(RPC_S_ALREADY_LISTENING),
    CODE(RPC_S_NO_PROTSEQS_REGISTERED), CODE(RPC_S_NOT_LISTENING), CODE(RPC_S_UNKNOWN_MGR_TYPE),
    CODE(RPC_S_UNKNOWN_IF), CODE(RPC_S_NO_BINDINGS), CODE(RPC_S_NO_PROTSEQS), CODE(RPC_S_CANT_CREATE_ENDPOINT),
    CODE(RPC_S_OUT_OF_RESOURCES), CODE(RPC_S_SERVER_UNAVAILABLE), CODE(RPC_S_SERVER_TOO_BUSY),
    CODE(RPC_S_INVALID_NETWORK_OPTIONS), CODE(RPC_S_NO_CALL_ACTIVE), CODE(RPC_S_CALL_FAILED),
    CODE(RPC_S_CALL_FAILED_DNE), CODE(RPC_S_PROTOCOL_ERROR), CODE(RPC_S_PROXY_ACCESS_DENIED),
    CODE(RPC_S_UNSUPPORTED_TRANS_SYN), CODE(RPC_S_UNSUPPORTED_TYPE), CODE(RPC_S_INVALID_TAG),
    CODE(RPC_X_INVALID_TAG), CODE(RPC_S_INVALID_BOUND), CODE(RPC_X_INVALID_BOUND), CODE(RPC_S_NO_ENTRY_NAME),
    CODE(RPC_S_INVALID_NAME_SYNTAX), CODE(RPC_S_UNSUPPORTED_NAME_SYNTAX), CODE(RPC_S_UUID_NO_ADDRESS),
    CODE(RPC_S_DUPLICATE_ENDPOINT), CODE(RPC_S_UNKNOWN_AUTHN_TYPE), CODE(RPC_S_MAX_CALLS_TOO_SMALL),
    CODE(RPC_S_STRING_TOO_LONG), CODE(RPC_S_PROTSEQ_NOT_FOUND), CODE(RPC_S_PROCNUM_OUT_OF_RANGE),
    CODE(RPC_S_BINDING_HAS_NO_AUTH), CODE(RPC_S_UNKNOWN_AUTHN_SERVICE), CODE(RPC_S_UNKNOWN_AUTHN_LEVEL),
    CODE(RPC_S_INVALID_AUTH_IDENTITY), CODE(RPC_S_UNKNOWN_AUTHZ_SERVICE), CODE(EPT_S_INVALID_ENTRY),
    CODE(EPT_S_CANT_PERFORM_OP), CODE(EPT_S_NOT_REGISTERED), CODE(RPC_S_NOTHING_TO_EXPORT),
    CODE(RPC_S_INCOMPLETE_NAME), CODE(RPC_S_INVALID_VERS_OPTION), CODE(RPC_S_NO_MORE_MEMBERS),
    CODE(RPC_S_NOT_ALL_OBJS_UNEXPORTED), CODE(RPC_S_INTERFACE_NOT_FOUND), CODE(RPC_S_ENTRY_ALREADY_EXISTS),
    CODE(RPC_S_ENTRY_NOT_FOUND), CODE(RPC_S_NAME_SERVICE_UNAVAILABLE), CODE(RPC_S_INVALID_NAF_ID),
    CODE(RPC_S_CANNOT_SUPPORT), CODE(RPC_S_NO_CONTEXT_AVAILABLE), CODE(RPC_S_INTERNAL_ERROR),
    CODE(RPC_S_ZERO_DIVIDE), CODE(RPC_S_ADDRESS_ERROR), CODE(RPC_S_FP_DIV_ZERO), CODE(RPC_S_FP_UNDERFLOW),
    CODE(RPC_S_FP_OVERFLOW), CODE(RPC_X_NO_MORE_ENTRIES), CODE(RPC_X_SS_CHAR_TRANS_OPEN_FAIL),
    CODE(RPC_X_SS_CHAR_TRANS_SHORT_FILE), CODE(RPC_X_SS_IN_NULL_CONTEXT), CODE(RPC_X_SS_CONTEXT_DAMAGED),
    CODE(RPC_X_SS_HANDLES_MISMATCH), CODE(RPC_X_SS_CANNOT_GET_CALL_HANDLE), CODE(RPC_X_NULL_REF_POINTER),
    CODE(RPC_X_ENUM_VALUE_OUT_OF_RANGE), CODE(RPC_X_ENUM_VALUE_TOO_LARGE), CODE(RPC_X_BYTE_COUNT_TOO_SMALL),
    CODE(RPC_X_BAD_STUB_DATA), CODE(RPC_X_INVALID_BUFFER), CODE(RPC_S_CALL_IN_PROGRESS),
    CODE(RPC_S_NO_MORE_BINDINGS), CODE(RPC_S_NO_INTERFACES), CODE(RPC_S_CALL_CANCELLED),
    CODE(RPC_S_BINDING_INCOMPLETE), CODE(RPC_S_COMM_FAILURE), CODE(RPC_S_UNSUPPORTED_AUTHN_LEVEL),
    CODE(RPC_S_NO_PRINC_NAME), CODE(RPC_S_NOT_RPC_ERROR), CODE(RPC_S_UUID_LOCAL_ONLY),
    CODE(RPC_S_SEC_PKG_ERROR), CODE(RPC_S_NOT_CANCELLED), CODE(RPC_X_INVALID_ES_ACTION),
    CODE(RPC_X_WRONG_ES_VERSION), CODE(RPC_X_WRONG_STUB_VERSION), CODE(RPC_X_INVALID_PIPE_OBJECT),
    CODE(RPC_X_INVALID_PIPE_OPERATION), CODE(RPC_X_WRONG_PIPE_ORDER), CODE(RPC_X_WRONG_PIPE_VERSION),
    CODE(RPC_S_COOKIE_AUTH_FAILED), CODE(RPC_S_DO_NOT_DISTURB), CODE(RPC_S_SYSTEM_HANDLE_COUNT_EXCEEDED),
    CODE(RPC_S_SYSTEM_HANDLE_TYPE_MISMATCH), CODE(RPC_S_GROUP_MEMBER_NOT_FOUND), CODE(EPT_S_CANT_CREATE),
    CODE(RPC_S_INVALID_OBJECT), CODE(RPC_S_SEND_INCOMPLETE), CODE(RPC_S_INVALID_ASYNC_HANDLE),
    CODE(RPC_S_INVALID_ASYNC_CALL), CODE(RPC_X_PIPE_CLOSED), CODE(RPC_X_PIPE_DISCIPLINE_ERROR),
    CODE(RPC_X_PIPE_EMPTY), CODE(RPC_S_ENTRY_TYPE_MISMATCH), CODE(RPC_S_NOT_ALL_OBJS_EXPORTED),
    CODE(RPC_S_INTERFACE_NOT_EXPORTED), CODE(RPC_S_PROFILE_NOT_ADDED), CODE(RPC_S_PRF_ELT_NOT_ADDED),
    CODE(RPC_S_PRF_ELT_NOT_REMOVED), CODE(RPC_S_GRP_ELT_NOT_ADDED), CODE(RPC_S_GRP_ELT_NOT_REMOVED),
};

/* The system's own text for a code, as FormatMessage gives it into a buffer of BUFFER_LEN; FALSE if none. */
static BOOL system_text(RPC_STATUS status, WCHAR *text)
{
    return FormatMessageW(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL, status, 0,
                          text, BUFFER_LEN, NULL) != 0;
}

/* Both variants for one code, into buffers twice the documented size pre-filled with 0xcc: the text must be
 * non-empty and NUL-terminated within BUFFER_LEN, nothing after BUFFER_LEN may be written, and A must be W
 * in the ANSI code page. Returns the W status; the W text goes to w_text. */
static RPC_STATUS check_text(const char *name, RPC_STATUS code, WCHAR *w_text)
{
    WCHAR w[2 * BUFFER_LEN];
    unsigned char a[2 * BUFFER_LEN];
    char converted[2 * BUFFER_LEN];
    RPC_STATUS status_w, status_a;
    size_t i, len_w, len_a;
    BOOL untouched;

    memset(w, 0xcc, sizeof(w));
    memset(a, 0xcc, sizeof(a));
    status_w = DceErrorInqTextW(code, w);
    status_a = DceErrorInqTextA(code, a);
    ok(status_a == status_w, "%s: A status %ld, W status %ld\n", name, status_a, status_w);

    for (len_w = 0; len_w < BUFFER_LEN && w[len_w]; len_w++) ;
    for (len_a = 0; len_a < BUFFER_LEN && a[len_a]; len_a++) ;
    ok(len_w < BUFFER_LEN, "%s: W text not terminated within %u\n", name, BUFFER_LEN);
    ok(len_a < BUFFER_LEN, "%s: A text not terminated within %u\n", name, BUFFER_LEN);
    ok(len_w > 0, "%s: empty W text\n", name);
    ok(len_a > 0, "%s: empty A text\n", name);
    for (untouched = TRUE, i = BUFFER_LEN; i < ARRAYSIZE(w); i++) if (w[i] != 0xcccc) untouched = FALSE;
    ok(untouched, "%s: W wrote past %u characters\n", name, BUFFER_LEN);
    for (untouched = TRUE, i = BUFFER_LEN; i < ARRAYSIZE(a); i++) if (a[i] != 0xcc) untouched = FALSE;
    ok(untouched, "%s: A wrote past %u bytes\n", name, BUFFER_LEN);
    if (len_w >= BUFFER_LEN || len_a >= BUFFER_LEN) return status_w;

    WideCharToMultiByte(CP_ACP, 0, w, -1, converted, sizeof(converted), NULL, NULL);
    ok(!strcmp(converted, (char *)a), "%s: A text \"%s\", W text \"%s\"\n", name, (char *)a, converted);
    /* like every system message, the text ends with CR LF */
    ok(len_a >= 2 && a[len_a - 2] == '\r' && a[len_a - 1] == '\n', "%s: text \"%s\"\n", name, (char *)a);
    if (w_text) memcpy(w_text, w, BUFFER_LEN * sizeof(WCHAR));
    return status_w;
}

static void test_every_rpc_code(void)
{
    WCHAR text[BUFFER_LEN], expected[BUFFER_LEN];
    RPC_STATUS status;
    unsigned int i, own = 0;

    for (i = 0; i < ARRAYSIZE(codes); i++)
    {
        memset(text, 0, sizeof(text));
        status = check_text(codes[i].name, codes[i].status, text);
        ok(status == RPC_S_OK, "%s: got %ld\n", codes[i].name, status);
        /* the text comes from the system's message table when that has one */
        if (system_text(codes[i].status, expected))
            ok(!lstrcmpW(text, expected), "%s: text %ls, system's %ls\n", codes[i].name, text, expected);
        else own++;
    }
    trace("%u of %u codes have no text in this system's message table\n", own, (unsigned int)ARRAYSIZE(codes));
}

static void test_known_texts(void)
{
    static const RPC_STATUS known[] =
    {
        RPC_S_OK, RPC_S_SERVER_UNAVAILABLE, RPC_S_CALL_FAILED, RPC_X_BAD_STUB_DATA, RPC_S_NOT_RPC_ERROR,
        ERROR_ACCESS_DENIED, ERROR_FILE_NOT_FOUND,
    };
    WCHAR text[BUFFER_LEN], expected[BUFFER_LEN];
    unsigned char text_a[BUFFER_LEN];
    char expected_a[BUFFER_LEN];
    RPC_STATUS status;
    unsigned int i;

    for (i = 0; i < ARRAYSIZE(known); i++)
    {
        if (!system_text(known[i], expected))
        {
            skip("no system text for %ld\n", known[i]);
            continue;
        }
        status = DceErrorInqTextW(known[i], text);
        ok(status == RPC_S_OK, "%ld: got %ld\n", known[i], status);
        ok(!lstrcmpW(text, expected), "%ld: got %ls, expected %ls\n", known[i], text, expected);

        FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL, known[i], 0,
                       expected_a, sizeof(expected_a), NULL);
        status = DceErrorInqTextA(known[i], text_a);
        ok(status == RPC_S_OK, "%ld: A got %ld\n", known[i], status);
        ok(!strcmp((char *)text_a, expected_a), "%ld: A got %s, expected %s\n", known[i], text_a, expected_a);
    }
}

/* A code without a text answers RPC_S_INVALID_ARG, as the documentation says, with the text of
 * RPC_S_NOT_RPC_ERROR in the buffer; so does one whose system text does not fit it. Wine's builtin
 * answers RPC_S_OK. */
static void test_unknown_codes(void)
{
    static const RPC_STATUS unknown[] = { 35, 1731, 1738, 0x12345678, (RPC_STATUS)0xdeadbeef, 0x7fffffff };
    WCHAR not_rpc[BUFFER_LEN], text[BUFFER_LEN], probe[1024];
    char name[32];
    RPC_STATUS status;
    unsigned int i;
    DWORD code;

    status = DceErrorInqTextW(RPC_S_NOT_RPC_ERROR, not_rpc);
    ok(status == RPC_S_OK, "RPC_S_NOT_RPC_ERROR: got %ld\n", status);
    for (i = 0; i < ARRAYSIZE(unknown); i++)
    {
        if (system_text(unknown[i], text))
        {
            skip("the system has a text for %#lx\n", unknown[i]);
            continue;
        }
        sprintf(name, "%#lx", unknown[i]);
        memset(text, 0, sizeof(text));
        status = check_text(name, unknown[i], text);
        todo_builtin ok(status == RPC_S_INVALID_ARG, "%s: got %ld\n", name, status);
        ok(!lstrcmpW(text, not_rpc), "%s: text %ls, expected %ls\n", name, text, not_rpc);
    }

    /* the first system message too long for the buffer, if there is one */
    for (code = 1; code < 16000; code++)
    {
        DWORD len = FormatMessageW(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL, code, 0,
                                   probe, ARRAYSIZE(probe), NULL);
        if (len >= BUFFER_LEN) break;
    }
    if (code == 16000)
    {
        skip("no system message is longer than %u characters\n", BUFFER_LEN - 1);
        return;
    }
    sprintf(name, "long %lu", code);
    memset(text, 0, sizeof(text));
    status = check_text(name, code, text);
    todo_builtin ok(status == RPC_S_INVALID_ARG, "%s: got %ld\n", name, status);
    ok(!lstrcmpW(text, not_rpc), "%s: text %ls, expected %ls\n", name, text, not_rpc);
}

static void test_null_buffer(void)
{
    RPC_STATUS status;

    /* Windows' answer is unknown (it may well fault); ours is RPC_S_INVALID_ARG */
    if (test_target != TARGET_OURS)
    {
        skip("NULL buffer only tested against our DLL\n");
        return;
    }
    status = DceErrorInqTextA(RPC_S_CALL_FAILED, NULL);
    ok(status == RPC_S_INVALID_ARG, "A: got %ld\n", status);
    status = DceErrorInqTextW(RPC_S_CALL_FAILED, NULL);
    ok(status == RPC_S_INVALID_ARG, "W: got %ld\n", status);
    status = DceErrorInqTextW(0x12345678, NULL);
    ok(status == RPC_S_INVALID_ARG, "W, unknown code: got %ld\n", status);
}

START_TEST(error_text)
{
    test_every_rpc_code();
    test_known_texts();
    test_unknown_codes();
    test_null_buffer();
}
