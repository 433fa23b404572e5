/* string_binding.c: libFuzzer target: string binding parse -> compose -> parse must give the same parts. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "string_binding.h"

static int same(const char *a, const char *b)
{
    return !strcmp(a ? a : "", b ? b : "");
}

static int same_parts(const struct string_binding_parts *p, const struct string_binding_parts *q)
{
    return same(p->uuid, q->uuid) && same(p->protseq, q->protseq) && same(p->network_addr, q->network_addr)
           && same(p->endpoint, q->endpoint) && same(p->options, q->options);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct string_binding_parts parts, again;
    char *text = malloc(size + 1), *scratch, *composed, *scratch_again;
    size_t scratch_size, len;

    memcpy(text, data, size);
    text[size] = 0;
    scratch_size = string_binding_parse_size(text);
    scratch = malloc(scratch_size);
    if (string_binding_parse(text, scratch, scratch_size, &parts) == STRING_BINDING_OK)
    {
        if (string_binding_compose_length(&parts, &len)) abort();
        composed = malloc(len + 1);
        if (string_binding_compose(&parts, composed, len + 1) || strlen(composed) != len) abort();
        scratch_again = malloc(len + 1);
        if (string_binding_parse(composed, scratch_again, len + 1, &again) || !same_parts(&parts, &again)) abort();
        free(scratch_again);
        free(composed);
    }
    free(scratch);
    free(text);
    return 0;
}
