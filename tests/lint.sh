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
flat() { # flat TEXT: its lines as one, for a result's WHY
	printf '%s' "$1" | tr -s '\n\t ' '   '
}

grub-file --is-x86-multiboot2 "$build/smpscope.elf"
result $? multiboot2-header "grub-file --is-x86-multiboot2 rejects $build/smpscope.elf"
grub-file --is-x86-multiboot "$build/smpscope.elf"
result $? multiboot1-header "grub-file --is-x86-multiboot rejects $build/smpscope.elf"

# Short files, split by concept; 500 lines is the hard ceiling (docs/layout.md), for every
# language of the tree.
long=$(cd "$root" && git ls-files '*.c' '*.h' '*.asm' '*.def' '*.ld' '*.py' '*.sh' Makefile |
	while read -r f; do
		l=$(wc -l <"$f")
		[ "$l" -gt 500 ] && echo "$f:$l"
	done)
[ -z "$long" ]
result $? files-under-500-lines "$long"

# Kernel-like C style, written down in .clang-format: tabs, 100 columns.
unformatted=$(cd "$root" && git ls-files '*.c' '*.h' | xargs clang-format --dry-run --Werror 2>&1 |
	sed -n 's/^\([^:]*\.[ch]\):.*error:.*/\1/p' | sort -u)
[ -z "$unformatted" ] && command -v clang-format >/dev/null
result $? clang-format "not formatted (clang-format -i FILE): $(flat "$unformatted")"

# Every case of the table is a menu entry, and nothing else is.
cases=$(sed -n 's/^CASE("\([^"]*\)".*/\1/p' "$root/cases/cases.def" | sort)
entries=$(sed -n "s/^menuentry '.*' --id \([^ ]*\) {/\1/p" "$build/iso/boot/grub/grub.cfg" | sort)
[ -n "$cases" ] && [ "$cases" = "$entries" ]
result $? grub-menu-from-case-table "cases: $(flat "$cases") menu: $(flat "$entries")"

# The tree's rules, tests/lint/checks.py (docs/layout.md):
# - hardware: port I/O, MSRs and MMIO (the accessors of arch/cpu.h, boot/cmos.h and
#   apic/regs.h, in/out/rdmsr/wrmsr in inline asm, integers cast to volatile pointers) appear
#   only in boot/, apic/, tsc/ and console/; #defines of numbers in include/ are fine.
# - includes: a layer includes only its own and lower layers' headers (lib/ include/; boot/
#   apic/ tsc/ console/; smp/; cases/); a lower layer calls up through a hook (docs/layout.md).
# - paths: a path in a comment that starts with a folder of the repository, or has a
#   slash and ends in a source extension (.c .h .asm .py .sh .md .def .ld ...), exists, from
#   the root or from the commenting file's folder; `*` and `<name>` match anything. Not
#   checked: build/ (outputs), upper-case placeholders (BUILD/e2e), URLs and absolute paths
#   (/dev/kvm, /usr/share/ovmf), bare file names. Another project's path names its owner
#   within a few words before it, in the same sentence: "Linux's arch/x86/kernel/smpboot.c",
#   "Linux's tools/testing/kunit", "Debian's linux-source-6.12 has tools/testing/kunit".
# - outside: comments cite docs/, never the design notes or other files outside the repository.
check() { # check NAME RULE [ROOT]
	local out
	out=$(python3 "$root/tests/lint/checks.py" "$2" "${3:-$root}" 2>&1)
	result $? "$1" "$(flat "$out")"
}
check hardware-only-in-hardware-layers hardware
check includes-follow-layers includes
check comment-paths-exist paths
check comments-cite-docs outside

# The layering check can fail: an smp/ file with a planted outb, and an arch/ file that includes
# cases/, in a copy of the tree, each must be caught (and the copies without them pass).
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/smp" "$tmp/arch" "$tmp/cases"
cp "$root/smp/kick.c" "$tmp/smp/kick.c"
cp "$root/arch/cpu.h" "$tmp/arch/cpu.h"
cp "$root/cases/runner.h" "$tmp/cases/runner.h"
lint() { python3 "$root/tests/lint/checks.py" "$@" 2>&1; }
clean=$(lint hardware "$tmp") &&
	printf 'void planted(void);\nvoid planted(void)\n{\n\toutb(0x80, 1);\n}\n' >>"$tmp/smp/kick.c" &&
	! planted=$(lint hardware "$tmp") && grep -q '^smp/kick\.c:[0-9]*: outb()' <<<"$planted"
result $? lint-catches-planted-outb "clean copy: $(flat "$clean"); planted copy: $(flat "${planted:-}")"
clean=$(lint includes "$tmp") &&
	printf '#include "../cases/runner.h"\n' >>"$tmp/arch/cpu.h" &&
	! planted=$(lint includes "$tmp") && grep -q '^arch/cpu\.h:.*cases/runner\.h' <<<"$planted"
result $? lint-catches-planted-include "clean copy: $(flat "$clean"); planted copy: $(flat "${planted:-}")"

echo "1..$n"
