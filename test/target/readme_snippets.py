#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""The README's C snippets as firmware sources, so that a test builds and
runs them as they are written: the hook example is a whole program; the
tracing snippet and its writer go into a main() that the prelude
(readme_trace.c: the functions the snippet names, its uart_putc and the
checks) completes.

    readme_snippets.py README.md PRELUDE OUT_HOOK OUT_TRACE
"""
import re
import sys


def main():
    readme, prelude, out_hook, out_trace = sys.argv[1:5]
    with open(readme, encoding="utf-8") as f:
        blocks = re.findall(r"^```c\n(.*?)^```$", f.read(), re.M | re.S)
    if len(blocks) < 3:
        sys.exit("readme_snippets: %d C snippets in %s, expected 3"
                 % (len(blocks), readme))
    hook, trace, writer = blocks[:3]
    with open(prelude, encoding="utf-8") as f:
        head = f.read()
    with open(out_hook, "w", encoding="utf-8") as f:
        f.write(hook)
    with open(out_trace, "w", encoding="utf-8") as f:
        f.write(head + "\n" + writer + "\nint main(void)\n{\n"
                "\tif (rvt_init(board_platform()) < 1)\n\t\treturn 1;\n"
                "\t{\n" + trace + "\t}\n\treturn readme_check();\n}\n")


if __name__ == "__main__":
    main()
