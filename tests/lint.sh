#!/bin/bash
# Facts about the build and the tree that no emulator run shows.
#   tests/lint.sh BUILD_DIR
set -u
build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
n=0
result() { # result OK NAME [WHY]
	n=$((n + 1))
	if [ "$1" = 0 ]; then echo "ok $n $2"; else echo "not ok $n $2 # $3"; fi
}

grub-file --is-x86-multiboot2 "$build/smpscope.elf"
result $? multiboot2-header "grub-file --is-x86-multiboot2 rejects $build/smpscope.elf"
grub-file --is-x86-multiboot "$build/smpscope.elf"
result $? multiboot1-header "grub-file --is-x86-multiboot rejects $build/smpscope.elf"

# design.md: short files, split by concept; 500 lines is the hard ceiling.
long=$(cd "$root" && git ls-files '*.c' '*.h' '*.asm' '*.def' '*.ld' | while read -r f; do
	l=$(wc -l <"$f")
	[ "$l" -gt 500 ] && echo "$f:$l"
done)
[ -z "$long" ]
result $? files-under-500-lines "$long"

# Kernel-like C style, written down in .clang-format: tabs, 100 columns.
unformatted=$(cd "$root" && git ls-files '*.c' '*.h' | xargs clang-format --dry-run --Werror 2>&1 |
	sed -n 's/^\([^:]*\.[ch]\):.*error:.*/\1/p' | sort -u)
[ -z "$unformatted" ] && command -v clang-format >/dev/null
result $? clang-format "not formatted (clang-format -i FILE): $(echo $unformatted)"

# Every case of the table is a menu entry, and nothing else is.
cases=$(sed -n 's/^CASE("\([^"]*\)".*/\1/p' "$root/cases/cases.def" | sort)
entries=$(sed -n "s/^menuentry '.*' --id \([^ ]*\) {/\1/p" "$build/iso/boot/grub/grub.cfg" | sort)
[ -n "$cases" ] && [ "$cases" = "$entries" ]
result $? grub-menu-from-case-table "cases: $(echo $cases) menu: $(echo $entries)"

echo "1..$n"
