// SPDX-License-Identifier: BSD-2-Clause
/*
 * Compiled with a patchable entry that does not fit the library (see
 * CMakeLists.txt): its site must be refused and left untouched.
 */
#include "check.h"

TRACED int misbuilt_twice(int x)
{
	return 2 * x + 1;
}
