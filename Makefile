# smpscope: one entry point. See README.md for the two commands that matter.
#   make            build/smpscope.elf, build/smpscope.iso and the stick image build/smpscope.img
#   make run        boot the ISO in QEMU TCG (a 28-thread Haswell by default)
#   make bochs      boot the ISO in Bochs
#   make check      unit tests and the emulator matrix
#   make e2e        the emulator matrix alone (GROUP='NAME ...' picks groups, E2E='REGEX' tests)
#   make deps       install the Debian packages check needs (as root; else prints the apt line)
#   make check-under-load   the same while stress-ng keeps every core busy (not part of check)
#   make lava       the case=all job run by LAVA's lava-run, results checked (not part of check)
#   make lab        the same jobs through a LAVA server and worker on this machine (not part of
#                   check); make lab-clean removes what it set up
# Variables for run and bochs:
#   CASE=parallel  SMP=28,sockets=1,cores=14,threads=2  MACHINE=q35|pc  FW=bios|uefi
#   KNOBS='key=value ...'  (passed through the SMBIOS OEM string GRUB reads)

CASE    ?= parallel
SMP     ?= 28,sockets=1,cores=14,threads=2
MACHINE ?= q35
FW      ?= bios
KNOBS   ?=
BOCHS_CPUS ?= 8

B       := build
CC      ?= cc
LD      ?= ld
NASM    ?= nasm

WARN    := -Wall -Wextra -Werror
IMAGE_CFLAGS := -std=c11 -O2 -g $(WARN) -ffreestanding -fno-pic -fno-pie -fno-stack-protector \
	-fno-asynchronous-unwind-tables -fno-omit-frame-pointer -mno-red-zone \
	-mgeneral-regs-only -mcmodel=small -fno-builtin-printf
HOST_CFLAGS  := -std=c11 -O1 -g $(WARN) -DSMPSCOPE_HOST -D_DEFAULT_SOURCE
SAN          := -fsanitize=address,undefined -fno-sanitize-recover=all

# The image: every .c and .asm below these folders, plus the shared name tables.
IMAGE_DIRS := arch boot apic tsc console smp cases lib
IMAGE_C    := $(wildcard $(addsuffix /*.c,$(IMAGE_DIRS))) include/names.c include/stick.c
IMAGE_ASM  := $(wildcard boot/*.asm)
IMAGE_OBJ  := $(patsubst %.c,$(B)/image/%.o,$(IMAGE_C)) $(patsubst %.asm,$(B)/image/%.o,$(IMAGE_ASM)) \
	$(B)/image/font.o

# The framebuffer console's glyphs, from a Debian console-font package (console-data, installed
# by tools/deps.sh): C source for the image, raw bytes for tests/e2e/harness/screen.py
# (docs/screen.md).
FONT ?= /usr/share/consolefonts/default8x16.psf.gz

# Pure parsers, compiled for the host as well, for the unit tests and host tools.
HOST_SRC := lib/fmt.c lib/string.c lib/cmdline.c lib/diag.c lib/wait.c console/spec.c cases/fault_parse.c \
	cases/knobs.c cases/table.c arch/bootinfo.c boot/loader.c boot/mb1.c boot/mb2.c boot/rsdp.c boot/footprint.c \
	boot/footprint_regions.c apic/acpi.c apic/madt.c apic/madt_module.c apic/madt_diff.c \
	apic/topology.c include/names.c boot/emulator.c boot/smbios.c
# The TSC frequency's choice among its sources, which tests/unit/test_tscfreq.c runs.
HOST_SRC += tsc/choose.c
# The screen's layout, drawn on a grid in RAM by tests/unit/test_screen.c (KTAP reports to it).
HOST_SRC += console/screen.c console/panel.c
# Character cells drawn into a framebuffer of each depth, which tests/unit/test_fbdraw.c checks.
HOST_SRC += console/fbdraw.c
# Memory types from MTRRs, the PAT and the memory map, which tests/unit/test_memtype.c judges.
HOST_SRC += arch/memtype.c
# The stick save, run by tests/unit/test_stick.c on the bytes of the built stick image.
HOST_SRC += include/stick.c lib/crc32.c console/stickvol.c console/stick.c console/logsum.c
UNIT_TESTS := $(patsubst tests/unit/%.c,$(B)/host/%,$(filter-out tests/unit/unit.c,$(wildcard tests/unit/test_*.c)))

.PHONY: all iso run bochs check check-under-load unit e2e fuzz bench clean deps deps-build deps-run \
	deps-check deps-fuzz deps-bench deps-load lava lab lab-clean FORCE
all: $(B)/smpscope.elf $(B)/smpscope.iso $(B)/smpscope.img $(B)/smpscope-report $(B)/names.json \
	$(B)/postcode.json $(B)/font/glyphs.bin

deps-build:
	@tools/deps.sh build
deps-run:
	@tools/deps.sh run
deps-check:
	@tools/deps.sh check
deps-bench:
	@tools/deps.sh bench

# The firmware's types for the two files that call UEFI, from Debian's gnu-efi (boot/efi_types.h):
# its calls use the MS ABI only with GNU_EFI_USE_MS_ABI.
EFI_CFLAGS := -DGNU_EFI_USE_MS_ABI -I/usr/include/efi -I/usr/include/efi/x86_64
$(B)/image/boot/efi.o $(B)/image/boot/efi_disk.o: IMAGE_CFLAGS += $(EFI_CFLAGS)

$(B)/image/%.o: %.c | deps-build
	@mkdir -p $(dir $@)
	$(CC) $(IMAGE_CFLAGS) -MMD -MP -c $< -o $@

# cpp first, so the trampoline can take its layout from boot/ap_layout.h like the C side.
$(B)/image/%.o: %.asm | deps-build
	@mkdir -p $(dir $@)
	$(CC) -E -P -w -x assembler-with-cpp -I$(dir $<) -MMD -MP -MT $@ -MF $(@:.o=.d) $< > $(@:.o=.i)
	$(NASM) -f elf64 -g -o $@ $(@:.o=.i)

$(B)/host/psf2c: tools/psf2c.c console/font.h
	@mkdir -p $(dir $@)
	$(CC) $(HOST_CFLAGS) -o $@ tools/psf2c.c

$(B)/font/font.c: $(B)/host/psf2c $(FONT) | deps-build
	@mkdir -p $(dir $@)
	gzip -dcf $(FONT) | $< c $(basename $(basename $(notdir $(FONT)))) > $@.tmp && mv $@.tmp $@

$(B)/font/glyphs.bin: $(B)/host/psf2c $(FONT) | deps-build
	@mkdir -p $(dir $@)
	gzip -dcf $(FONT) | $< raw > $@.tmp && mv $@.tmp $@

# A font that is not there yet comes with tools/deps.sh's packages.
$(FONT): | deps-build

$(B)/image/font.o: $(B)/font/font.c console/font.h
	$(CC) $(IMAGE_CFLAGS) -I. -c $< -o $@

$(B)/smpscope.elf: $(IMAGE_OBJ) boot/linker.ld
	$(LD) -n -nostdlib -static -z max-page-size=0x1000 -z noexecstack --no-warn-rwx-segments -T boot/linker.ld -o $@ $(IMAGE_OBJ)
	@tools/check-image.sh $@

# (HOST_HDR is defined further down: the case table is named here.)
$(B)/host/gen-grubcfg: tools/gen-grubcfg.c cases/table.c cases/table.h cases/cases.def lib/string.c
	@mkdir -p $(dir $@)
	$(CC) $(HOST_CFLAGS) -o $@ tools/gen-grubcfg.c cases/table.c lib/string.c

$(B)/iso/boot/grub/grub.cfg: $(B)/host/gen-grubcfg
	@mkdir -p $(dir $@)
	$< > $@

$(B)/smpscope.iso: $(B)/smpscope.elf $(B)/iso/boot/grub/grub.cfg
	cp $(B)/smpscope.elf $(B)/iso/boot/smpscope.elf
	grub-mkrescue -o $@ $(B)/iso 2> $(B)/grub-mkrescue.log || { cat $(B)/grub-mkrescue.log; exit 1; }

iso: $(B)/smpscope.iso

# The stick image: the ISO's tree plus the FAT partition the image saves its logs to
# (tools/mkstick.sh, docs/report.md "Slots"); its index is written by gen-stickindex.
STICK_FMT := include/stick.c include/stick.h lib/crc32.c lib/crc32.h lib/string.c
$(B)/host/gen-stickindex: tools/gen-stickindex.c $(STICK_FMT)
	@mkdir -p $(dir $@)
	$(CC) $(HOST_CFLAGS) -o $@ tools/gen-stickindex.c $(filter %.c,$(STICK_FMT))

$(B)/smpscope.img: $(B)/smpscope.iso $(B)/host/gen-stickindex tools/mkstick.sh
	tools/mkstick.sh $(B)

run: all deps-run
	tools/qemu-run.sh --iso $(B)/smpscope.iso --smp '$(SMP)' --machine $(MACHINE) --fw $(FW) \
		--knobs 'case=$(CASE) $(KNOBS)' --interactive

bochs: all deps-run
	tools/bochs-run.sh --iso $(B)/smpscope.iso --cpus $(BOCHS_CPUS) --log $(B)/bochs-serial.log \
		--knobs 'case=$(CASE) $(KNOBS)' --timeout 600; status=$$?; \
		cat $(B)/bochs-serial.log; exit $$status

# The host objects are built in one go, so every header of the tree is a dependency.
HOST_HDR := $(wildcard $(addsuffix /*.h,$(IMAGE_DIRS) include include/hw)) cases/cases.def

# HOST_SRC compiled once with the sanitizers and linked into every unit program: twenty
# programs each compiling thirty-odd sources was most of make's time. The flags are fixed
# here (:=), so a program's own flags (test_efimap's below) stay its own.
HOST_OBJ := $(patsubst %.c,$(B)/host/obj/%.o,$(HOST_SRC))
HOST_OBJ_CFLAGS := $(HOST_CFLAGS) $(SAN)

$(B)/host/obj/%.o: %.c $(HOST_HDR)
	@mkdir -p $(dir $@)
	$(CC) $(HOST_OBJ_CFLAGS) -c -o $@ $<

$(B)/host/test_%: tests/unit/test_%.c $(wildcard tests/unit/*.h) $(HOST_OBJ) $(HOST_HDR) \
		$(wildcard tests/data/madt/*)
	@mkdir -p $(dir $@)
	$(CC) $(HOST_CFLAGS) $(SAN) -DSRCDIR='"$(CURDIR)"' -DBUILDDIR='"$(abspath $(B))"' -o $@ $< \
		$(HOST_OBJ)

# The stick save runs on the bytes of the image make builds.
$(B)/host/test_stick: $(B)/smpscope.img
# Leaving UEFI's boot services, against a fake system table, with the image's EFI flags.
$(B)/host/test_efimap: HOST_CFLAGS += $(EFI_CFLAGS)

# Every shared name, the knob table and the case table, for the Python tests (docs/names.md).
$(B)/host/gen-names: tools/gen-names.c $(HOST_SRC) $(HOST_HDR)
	@mkdir -p $(dir $@)
	$(CC) $(HOST_CFLAGS) -o $@ tools/gen-names.c $(HOST_SRC)

$(B)/names.json: $(B)/host/gen-names
	$< > $@.tmp && mv $@.tmp $@

# The port 0x80 codes, from the same lists (docs/postcode.md): the e2e test reads the JSON, and
# the unit suite checks that the table in the docs is the one generated.
$(B)/host/gen-postcode: tools/gen-postcode.c include/names.c $(HOST_HDR)
	@mkdir -p $(dir $@)
	$(CC) $(HOST_CFLAGS) -o $@ tools/gen-postcode.c include/names.c

$(B)/postcode.json: $(B)/host/gen-postcode
	$< --json > $@.tmp && mv $@.tmp $@

$(B)/host/postcode-doc-ok: $(B)/host/gen-postcode docs/postcode.md
	$< > $(B)/postcode.md
	sed -n '/^<!-- generated by tools\/gen-postcode.c/,/^<!-- end of generated table -->/p' \
		docs/postcode.md | sed '1d;$$d' | diff -u - $(B)/postcode.md || \
		{ echo "docs/postcode.md: the table differs from $(B)/postcode.md (paste it in)"; exit 1; }
	@touch $@

# The unit suite checks that it parses as JSON (python3 comes with deps-check, not deps-build).
$(B)/host/names-json-ok: $(B)/names.json
	python3 -c 'import json, sys; n = json.load(open(sys.argv[1])); \
		assert all(n[k] for k in ("events", "steps", "phases", "knobs", "cases", "faults"))' $<
	@touch $@

# The madt subcommand runs the image's own MADT parser (docs/report.md).
REPORT_SRC := $(wildcard tools/report/*.c) include/names.c apic/madt.c lib/diag.c lib/fmt.c \
	include/stick.c lib/crc32.c lib/string.c

$(B)/smpscope-report: $(REPORT_SRC) $(wildcard tools/report/*.h) $(wildcard include/*.h) cases/cases.def \
		apic/madt.h lib/diag.h lib/fmt.h lib/crc32.h lib/string.h
	$(CC) $(HOST_CFLAGS) -O2 -o $@ $(REPORT_SRC)

$(B)/host/host-tsc-hz: tools/host-tsc-hz.c
	@mkdir -p $(dir $@)
	$(CC) $(HOST_CFLAGS) -o $@ $<

unit: $(UNIT_TESTS) $(B)/host/host-tsc-hz $(B)/host/names-json-ok $(B)/host/postcode-doc-ok

# Linux's KTAP parser for the kunit suite (tests/kunit), unpacked once from Debian's
# linux-source-6.12 (docs/testing.md). A failed download is ignored here so the other suites
# still run; the kunit suite then fails and says why.
KUNIT_PY := $(B)/kunit/tools/testing/kunit/kunit.py

$(KUNIT_PY): | deps-check
	-@tools/kunit-fetch.sh $(B)

check: all unit deps-check $(KUNIT_PY)
	@tests/run-all.sh $(B)

# The e2e suite alone; GROUP='park ladder' runs only those groups (tests/e2e/<group>.py),
# E2E='REGEX' only the tests whose name matches (docs/testing.md).
e2e: all unit deps-check
	python3 tests/e2e/e2e.py $(B) $(if $(E2E),'$(E2E)') $(if $(GROUP),--group '$(GROUP)')

# Every package make check needs (which covers build and run), installed when run as root.
deps: deps-check

# Not part of check: make check's suites while stress-ng keeps every core busy, as on a shared CI
# host (docs/testing.md). stress-ng starts first and is stopped however the run ends; the exit
# status is the suites', and their summary line stays the last. E2E_ONLY=REGEX runs only the e2e
# tests whose names match (make expands $$: write $$$$ for a regex's $).
LOAD_CPUS ?= $(shell nproc)
deps-load:
	@tools/deps.sh load
check-under-load: all unit deps-check deps-load $(KUNIT_PY)
	@stress-ng --cpu $(LOAD_CPUS) --timeout 3h --quiet & load=$$!; \
	trap 'kill $$load 2>/dev/null; wait $$load 2>/dev/null; exit 130' INT TERM HUP; \
	echo "# check-under-load: stress-ng --cpu $(LOAD_CPUS) (pid $$load) keeps the cores busy"; \
	E2E_ONLY='$(E2E_ONLY)' tests/run-all.sh $(B); status=$$?; \
	kill $$load 2>/dev/null; wait $$load 2>/dev/null; \
	exit $$status

# The parser and every output under libFuzzer with ASan and UBSan, for FUZZ_SECONDS; any crash,
# leak, sanitizer report or input slower than FUZZ_TIMEOUT fails. See docs/fuzzing.md.
FUZZ_SECONDS ?= 120
FUZZ_TIMEOUT ?= 10
FUZZ_CC      ?= clang
FUZZ_SRC     := tests/fuzz/fuzz_report.c $(filter-out tools/report/main.c,$(REPORT_SRC))
# Logs of a 255-CPU run are ~300 KB; longer inputs are cut to this, which is also a cut log.
FUZZ_FLAGS   := -max_total_time=$(FUZZ_SECONDS) -timeout=$(FUZZ_TIMEOUT) -rss_limit_mb=2048 \
	-max_len=131072 -close_fd_mask=2 -print_final_stats=1 -artifact_prefix=$(B)/fuzz/artifacts/

deps-fuzz:
	@tools/deps.sh fuzz

$(B)/fuzz/fuzz_report: $(FUZZ_SRC) $(wildcard tools/report/*.h) include/events.h cases/cases.def \
		| deps-fuzz
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(HOST_CFLAGS) -fsanitize=fuzzer,address,undefined \
		-fno-sanitize-recover=undefined -o $@ $(FUZZ_SRC)

# The corpus is kept between runs; the seeds and whatever logs the e2e suite left are added to it.
fuzz: $(B)/fuzz/fuzz_report
	@mkdir -p $(B)/fuzz/corpus $(B)/fuzz/artifacts
	cp tests/fuzz/seeds/* $(B)/fuzz/corpus/
	@for f in $(B)/e2e/*.log; do \
		[ -s "$$f" ] && cp "$$f" "$(B)/fuzz/corpus/e2e-$${f##*/}"; \
	done; true
	$(B)/fuzz/fuzz_report $(FUZZ_FLAGS) $(B)/fuzz/corpus

# Not part of check: boots Linux and smpscope side by side, ~15 minutes on 2 cores.
bench: all deps-bench
	@python3 tools/bench/bench.py $(B) $(if $(BENCH_REPS),--reps $(BENCH_REPS)) \
		$(if $(BENCH_QUICK),--quick) $(if $(BENCH_ONLY),--only $(BENCH_ONLY))

# Not part of check (it installs lava-dispatcher, ~130 packages): the LAVA job run locally
# twice, LAVA's per-case results checked against smpscope's own (docs/lab.md), ~2 minutes.
lava: all
	@tools/lava/run.sh $(B)

# Not part of check (as root it installs lava-server, lava-dispatcher, lavacli and PostgreSQL,
# ~200 packages): a LAVA server, database and worker started here, the lava jobs and a stand-in
# PC's submitted with lavacli, results read back and checked, all stopped again (docs/lab.md).
lab: all
	@tools/lab/run.sh $(B)

lab-clean:
	@tools/lab/clean.sh $(B)

clean:
	rm -rf $(B)

-include $(IMAGE_OBJ:.o=.d)
