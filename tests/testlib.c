/* testlib.c: counters and output of the test API in test.h, portable C shared by Windows and host tests. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "test.h"

enum test_target test_target = TARGET_OURS;

static int successes, failures, todos, skips;
static int todo_level;   /* 1 while inside an active todo block (blocks do not nest) */
static int todo_block;   /* 0: no block running; 1: running and active; 2: running, condition false */
static const char *current_unit = "";

static const char *basename_of(const char *file)
{
    const char *p, *base = file;
    for (p = file; *p; p++) if (*p == '/' || *p == '\\') base = p + 1;
    return base;
}

static void vprint(const char *file, int line, const char *prefix, const char *fmt, va_list args)
{
    printf("%s:%d: %s", basename_of(file), line, prefix);
    vprintf(fmt, args);
    fflush(stdout);
}

/* One of eight rotating message buffers, so several strings can be formatted for one message. */
static char *message_buffer(void)
{
    static char buffers[8][400];
    static int next;
    return buffers[next++ % 8];
}

/* Quotes a string of units of the given width, escaping non-printable ones, cut short with "..." if long. */
static const char *format_string(const char *prefix, const void *str, size_t width)
{
    char *buf = message_buffer(), *p = buf;
    const size_t room = 400 - 16;
    size_t i;
    unsigned int c;

    if (!str) return "(null)";
    if (str == GARBAGE) return "(garbage)";
    p += sprintf(p, "%s\"", prefix);
    for (i = 0;; i++)
    {
        c = width == 1 ? ((const unsigned char *)str)[i] : ((const unsigned short *)str)[i];
        if (!c || (size_t)(p - buf) >= room) break;
        if (c >= 0x20 && c < 0x7f) *p++ = (char)c;
        else p += sprintf(p, width == 1 ? "\\x%02x" : "\\x%04x", c);
    }
    if (c) p += sprintf(p, "...");
    sprintf(p, "\"");
    return buf;
}

const char *test_dbgstr_a(const char *str)
{
    return format_string("", str, 1);
}

const char *test_dbgstr_w(const unsigned short *str)
{
    return format_string("L", str, 2);
}

int test_ok(const char *file, int line, int condition, const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    if (todo_level)
    {
        if (condition)
        {
            vprint(file, line, "Test succeeded inside todo block: ", fmt, args);
            failures++;
        }
        else todos++;
    }
    else if (!condition)
    {
        vprint(file, line, "Test failed: ", fmt, args);
        failures++;
    }
    else successes++;
    va_end(args);
    return condition;
}

void test_trace(const char *file, int line, const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    vprint(file, line, "", fmt, args);
    va_end(args);
}

void test_skip(const char *file, int line, int is_win_skip, const char *fmt, ...)
{
    va_list args;
    int counts_as_failure = is_win_skip && test_target != TARGET_WINDOWS;
    va_start(args, fmt);
    vprint(file, line, counts_as_failure ? "Test failed (win_skip outside Windows): " : "Tests skipped: ", fmt, args);
    va_end(args);
    if (counts_as_failure) failures++;
    else skips++;
}

void test_todo_begin(int active)
{
    todo_block = active ? 1 : 2;
    todo_level = active;
}

int test_todo_active(void)
{
    return todo_block != 0;
}

void test_todo_end(void)
{
    todo_block = 0;
    todo_level = 0;
}

int test_run_unit(const char *name, void (*func)(void))
{
    successes = failures = todos = skips = 0;
    current_unit = name;
    func();
    printf("%s: %d tests executed (%d marked as todo, %d failures), %d skipped.\n",
           current_unit, successes + failures + todos, todos, failures, skips);
    fflush(stdout);
    return failures;
}

int test_run_units(int argc, char **argv)
{
    const struct test_unit *unit;
    int i, total_failures = 0;

    if (argc == 2 && !strcmp(argv[1], "--list"))
    {
        for (unit = test_units; unit->name; unit++) printf("%s\n", unit->name);
        return 0;
    }
    if (argc < 2)
    {
        for (unit = test_units; unit->name; unit++) total_failures += test_run_unit(unit->name, unit->func);
        return total_failures != 0;
    }
    for (i = 1; i < argc; i++)
    {
        for (unit = test_units; unit->name; unit++)
            if (!strcmp(unit->name, argv[i])) break;
        if (!unit->name)
        {
            printf("%s: no such test unit\n", argv[i]);
            return 1;
        }
        total_failures += test_run_unit(unit->name, unit->func);
    }
    return total_failures != 0;
}
