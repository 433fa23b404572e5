/* main.c: the host test program's entry: runs the portable code's unit tests natively. */
#include "test.h"

int main(int argc, char **argv)
{
    test_target = TARGET_HOST;
    return test_run_units(argc, argv);
}
