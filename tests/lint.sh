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
# - circles: no circle between the image's files, a .c and its .h taken as one (docs/layout.md,
#   "Dependencies"); folders: no two folders that depend on each other.
# - waits: no loop that pauses or leaves on the TSC outside lib/wait.c (docs/layout.md, "Waits").
# - featuremap: docs/layout.md's feature map names files, e2e groups and pages that exist, and
#   every source file of the image and tools/ is in a row.
check() { # check NAME RULE [ROOT]
	local out
	out=$(python3 "$root/tests/lint/checks.py" "$2" "${3:-$root}" 2>&1)
	result $? "$1" "$(flat "$out")"
}
check hardware-only-in-hardware-layers hardware
check includes-follow-layers includes
check comment-paths-exist paths
check comments-cite-docs outside
check no-circle-between-files circles
check no-two-way-folder-tie folders
check waits-only-in-lib-wait waits
check feature-map-matches-tree featuremap

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

# The graph and wait rules can fail too, in a copy of a few lib/ and console/ files that passes:
# lib/diag.c -> lib/fmt.h, lib/fmt.c -> lib/string.h, console/ring.c -> lib/lock.h.
mkdir -p "$tmp/g/lib" "$tmp/g/console"
cp "$root"/lib/{diag,fmt,string}.[ch] "$root/lib/lock.h" "$tmp/g/lib/"
cp "$root"/console/ring.[ch] "$tmp/g/console/"
cp "$tmp/g/lib/string.c" "$tmp/string.c"
why() { echo "clean copy: $(flat "$clean"); planted copy: $(flat "${planted:-}")"; }
clean=$(lint circles "$tmp/g") && cat >>"$tmp/g/lib/string.c" <<'EOF' &&
#include "diag.h"
void planted(void);
void planted(void)
{
	diag_add(0, "x");
}
EOF
	! planted=$(lint circles "$tmp/g") &&
	grep -q '^circle of 3 files: lib/diag.{c,h}, lib/fmt.{c,h}, lib/string.{c,h}' <<<"$planted" &&
	grep -q '^  lib/string\.c:[0-9]* -> lib/diag.{c,h}: includes diag.h, uses diag_add' <<<"$planted"
result $? lint-catches-planted-circle "$(why)"
# A tie between folders without a circle between files: lib/fmt.c -> console/ring.c -> lib/lock.h.
cp "$tmp/string.c" "$tmp/g/lib/string.c"
clean=$(lint folders "$tmp/g") && cat >>"$tmp/g/lib/fmt.c" <<'EOF' &&
#include "../console/ring.h"
void planted(void);
void planted(void)
{
	ring_put("x", 1);
}
EOF
	! planted=$(lint folders "$tmp/g") && lint circles "$tmp/g" >/dev/null &&
	grep -q '^console/ and lib/ depend on each other: console/ring\.c:[0-9]* -> lib/lock\.h' \
		<<<"$planted" &&
	grep -q '; and lib/fmt\.c:[0-9]* -> console/ring\.{c,h}: includes ../console/ring.h, uses ring_put' \
		<<<"$planted"
result $? lint-catches-planted-folder-tie "$(why)"
# A loop that takes a timestamp per step is no wait; one that pauses, and one that leaves when
# the TSC passes a deadline, are.
mkdir -p "$tmp/w/smp"
cp "$root/smp/kick.c" "$tmp/w/smp/kick.c"
cat >>"$tmp/w/smp/kick.c" <<'EOF'
void stamps(uint64_t *t, int n);
void stamps(uint64_t *t, int n)
{
	for (int i = 0; i < n; i++)
		t[i] = rdtsc();
}
EOF
clean=$(lint waits "$tmp/w") && cat >>"$tmp/w/smp/kick.c" <<'EOF' &&
void spin(volatile int *f);
void spin(volatile int *f)
{
	while (!*f)
		cpu_relax();
}
void until(uint64_t end);
void until(uint64_t end)
{
	for (;;) {
		uint64_t now = rdtsc_ordered();

		if (now > end)
			break;
	}
}
EOF
	! planted=$(lint waits "$tmp/w") &&
	[ "$(grep -c '^smp/kick\.c:[0-9]*: a loop that waits outside lib/wait' <<<"$planted")" = 2 ] &&
	grep -q 'it pauses: cpu_relax' <<<"$planted" && grep -q 'if (now > end)' <<<"$planted"
result $? lint-catches-planted-wait "$(why)"

echo "1..$n"
