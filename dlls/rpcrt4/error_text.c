/* error_text.c: DceErrorInqTextA/W: the message text of a status code, from the system message table. */
#include <windows.h>
#include <rpc.h>
#include "trace.h"

/* What DceErrorInqText answers for a code without a text (none in the system table or ours, or one longer
 * than the buffer): RPC_S_INVALID_ARG, "unknown error code", as the documentation says. The buffer still
 * gets the text of RPC_S_NOT_RPC_ERROR, so a caller that prints it without looking at the status shows
 * something true. Wine 8.0's builtin answers RPC_S_OK here instead. */
#define UNKNOWN_CODE_STATUS RPC_S_INVALID_ARG

/* Our own text for the RPC codes that Wine 8.0's system message table lacks (Windows has them all, so there
 * the system's text wins), and for RPC_S_NOT_RPC_ERROR, which the unknown-code answer needs. Ended by CR LF
 * like the system's messages. */
static const struct
{
    RPC_STATUS status;
    const WCHAR *text;
}
own_texts[] =
{
    { RPC_S_PROXY_ACCESS_DENIED,          L"Access to the HTTP proxy was denied.\r\n" },
    { RPC_S_NOT_RPC_ERROR,                L"The status code is not an RPC error code.\r\n" },
    { RPC_S_COOKIE_AUTH_FAILED,           L"The RPC cookie authentication failed.\r\n" },
    { RPC_S_DO_NOT_DISTURB,               L"The RPC server is suspended and did not run the call.\r\n" },
    { RPC_S_SYSTEM_HANDLE_COUNT_EXCEEDED, L"Too many system handles were passed in one RPC call.\r\n" },
    { RPC_S_SYSTEM_HANDLE_TYPE_MISMATCH,  L"A system handle passed in an RPC call has the wrong type.\r\n" },
};

/* The text of a code into text[DCE_C_ERROR_STRING_LEN]: the system's if it has one that fits, else ours.
 * FALSE when there is neither. */
static BOOL find_text(RPC_STATUS status, WCHAR *text)
{
    size_t i;

    if (FormatMessageW(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL, status, 0,
                       text, DCE_C_ERROR_STRING_LEN, NULL))
        return TRUE;
    for (i = 0; i < ARRAYSIZE(own_texts); i++)
    {
        if (own_texts[i].status != status) continue;
        lstrcpynW(text, own_texts[i].text, DCE_C_ERROR_STRING_LEN);
        return TRUE;
    }
    return FALSE;
}

/* The one implementation behind A and W. */
static RPC_STATUS inq_text(RPC_STATUS status, WCHAR *text)
{
    if (find_text(status, text)) return RPC_S_OK;
    TRACE(TRACE_API, "no text for %ld (%#lx)", status, status);
    find_text(RPC_S_NOT_RPC_ERROR, text);   /* cannot fail: own_texts has it */
    return UNKNOWN_CODE_STATUS;
}

/* DceErrorInqTextW */
RPC_STATUS RPC_ENTRY DceErrorInqTextW(RPC_STATUS RpcStatus, RPC_WSTR ErrorText)
{
    TRACE(TRACE_API, "%ld, %p", RpcStatus, ErrorText);
    if (!ErrorText) return RPC_S_INVALID_ARG;
    return inq_text(RpcStatus, (WCHAR *)ErrorText);
}

/* DceErrorInqTextA */
RPC_STATUS RPC_ENTRY DceErrorInqTextA(RPC_STATUS RpcStatus, RPC_CSTR ErrorText)
{
    WCHAR text[DCE_C_ERROR_STRING_LEN];
    RPC_STATUS status;

    TRACE(TRACE_API, "%ld, %p", RpcStatus, ErrorText);
    if (!ErrorText) return RPC_S_INVALID_ARG;
    status = inq_text(RpcStatus, text);
    if (!WideCharToMultiByte(CP_ACP, 0, text, -1, (char *)ErrorText, DCE_C_ERROR_STRING_LEN, NULL, NULL))
    {
        /* longer than the buffer in this code page, which is what "unknown" means for the W side too */
        inq_text(RPC_S_NOT_RPC_ERROR, text);
        WideCharToMultiByte(CP_ACP, 0, text, -1, (char *)ErrorText, DCE_C_ERROR_STRING_LEN, NULL, NULL);
        status = UNKNOWN_CODE_STATUS;
    }
    return status;
}
