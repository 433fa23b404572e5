/* free_port.c: a loopback TCP port free now (see free_port.h). */
#include <winsock2.h>
#include <string.h>
#include "free_port.h"

unsigned short test_free_port(void)
{
    struct sockaddr_in addr;
    int length = sizeof(addr);
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    unsigned short result = 0;

    memset(&addr, 0, sizeof(addr));
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (!bind(s, (struct sockaddr *)&addr, sizeof(addr)) && !getsockname(s, (struct sockaddr *)&addr, &length))
        result = ntohs(addr.sin_port);
    closesocket(s);
    return result;
}
