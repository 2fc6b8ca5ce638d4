/* SPDX-License-Identifier: MIT */
/*
 * The exit's emulator detection (boot/emulator.c) from raw signals, the
 * choice of exit per on_exit=, and the SMBIOS type 0 vendor lookup
 * (boot/smbios.c) on tables built byte by byte, then broken
 * (docs/hardware.md, "Exit"). A broken table must give no vendor and read
 * no byte outside its buffer.
 */
#include "../../boot/emulator.h"
#include "../../boot/smbios.h"
#include "../../include/hw/bios.h"
#include "unit.h"

#define TBL 0x7fe0000u /* the structure table, away from the scanned area */
#define EP  0xf5a40u   /* where the fake BIOS put its entry point */

static struct fake_mem mem;
static uint8_t *fseg, *tbl;

static void mem_new(void)
{
	fake_free(&mem);
	fake_init(&mem);
	fseg = fake_add(&mem, SMBIOS_SCAN_BASE, SMBIOS_SCAN_SIZE);
	tbl = fake_add(&mem, TBL, 0x1000);
}

static uint32_t le32(const char *s)
{
	return (uint32_t)(uint8_t)s[0] | (uint32_t)(uint8_t)s[1] << 8 |
	       (uint32_t)(uint8_t)s[2] << 16 | (uint32_t)(uint8_t)s[3] << 24;
}

static void test_signature(void)
{
	char sig[13];

	emulator_hv_signature(le32("TCGT"), le32("CGTC"), le32("GTCG"), sig);
	CHECK_STR(sig, "TCGTCGTCGTCG", "hv_signature_tcg");
	emulator_hv_signature(le32("KVMK"), le32("VMKV"), le32("M\0\0\0"), sig);
	CHECK_STR(sig, "KVMKVMKVM", "hv_signature_kvm_stops_at_nul");
	emulator_hv_signature(le32("VMwa"), le32("reVM"), le32("ware"), sig);
	CHECK_STR(sig, "VMwareVMware", "hv_signature_vmware");
	emulator_hv_signature(le32("A\x01\x7f"
				   "B"),
			      0, 0, sig);
	CHECK_STR(sig, "A??B", "hv_signature_unprintable_as_question_marks");
	emulator_hv_signature(0, 0, 0, sig);
	CHECK_STR(sig, "", "hv_signature_empty");
}

static struct emulator_signals sig(int hv, const char *hv_sig, int probed, const char *fw_cfg,
				   const char *vendor)
{
	struct emulator_signals s;

	memset(&s, 0, sizeof(s));
	s.hypervisor = hv;
	snprintf(s.hv_signature, sizeof(s.hv_signature), "%s", hv_sig);
	s.fw_cfg_probed = probed;
	snprintf(s.fw_cfg_signature, sizeof(s.fw_cfg_signature), "%s", fw_cfg);
	snprintf(s.bios_vendor, sizeof(s.bios_vendor), "%s", vendor);
	return s;
}

static void test_may_probe(void)
{
	struct emulator_signals s;

	s = sig(0, "", 0, "", "American Megatrends Inc.");
	CHECK_INT(emulator_may_probe_fw_cfg(&s), 0, "fw_cfg_not_probed_on_a_real_cpu");
	s = sig(0, "TCGTCGTCGTCG", 0, "", "");
	CHECK_INT(emulator_may_probe_fw_cfg(&s), 0, "fw_cfg_not_probed_without_the_bit");
	s = sig(1, "TCGTCGTCGTCG", 0, "", "");
	CHECK_INT(emulator_may_probe_fw_cfg(&s), 1, "fw_cfg_probed_under_tcg");
	s = sig(1, "KVMKVMKVM", 0, "", "");
	CHECK_INT(emulator_may_probe_fw_cfg(&s), 1, "fw_cfg_probed_under_kvm");
	s = sig(1, "VMwareVMware", 0, "", "");
	CHECK_INT(emulator_may_probe_fw_cfg(&s), 0, "fw_cfg_not_probed_under_vmware");
	s = sig(1, "Microsoft Hv", 0, "", "");
	CHECK_INT(emulator_may_probe_fw_cfg(&s), 0, "fw_cfg_not_probed_under_hyper_v");
	s = sig(1, "KVMKVMKVMKVM", 0, "", "");
	CHECK_INT(emulator_may_probe_fw_cfg(&s), 0, "fw_cfg_not_probed_for_a_longer_signature");
	s = sig(1, "", 0, "", "");
	CHECK_INT(emulator_may_probe_fw_cfg(&s), 0, "fw_cfg_not_probed_for_an_empty_signature");
}

static const struct {
	const char *name;
	int hv;
	const char *hv_sig;
	int probed;
	const char *fw_cfg, *vendor;
	enum emulator want;
	const char *reason;
} verdicts[] = {
	{ "metal", 0, "", 0, "", "American Megatrends Inc.", EMULATOR_NONE, "no-hypervisor-bit" },
	{ "metal_no_smbios", 0, "", 0, "", "", EMULATOR_NONE, "no-hypervisor-bit" },
	{ "bochs", 0, "", 0, "", "The Bochs Project", EMULATOR_BOCHS, "smbios" },
	{ "bochs_like_vendor", 0, "", 0, "", "The Bochs Project ", EMULATOR_NONE,
	  "no-hypervisor-bit" },
	{ "qemu_tcg", 1, "TCGTCGTCGTCG", 1, "QEMU", "SeaBIOS", EMULATOR_QEMU, "fw_cfg" },
	{ "qemu_kvm", 1, "KVMKVMKVM", 1, "QEMU", "EFI Development Kit II / OVMF", EMULATOR_QEMU,
	  "fw_cfg" },
	{ "kvm_without_fw_cfg", 1, "KVMKVMKVM", 1, "????", "", EMULATOR_NONE, "no-fw_cfg" },
	{ "kvm_not_probed", 1, "KVMKVMKVM", 0, "", "", EMULATOR_NONE, "no-fw_cfg" },
	{ "vmware", 1, "VMwareVMware", 0, "", "Phoenix Technologies LTD", EMULATOR_NONE,
	  "hypervisor-not-qemu" },
	/* Signals the probe never produces still give a safe verdict. */
	{ "fw_cfg_without_the_bit", 0, "", 1, "QEMU", "", EMULATOR_NONE, "no-hypervisor-bit" },
	{ "fw_cfg_under_vmware", 1, "VMwareVMware", 1, "QEMU", "", EMULATOR_NONE,
	  "hypervisor-not-qemu" },
	{ "bochs_bios_under_a_hypervisor", 1, "Microsoft Hv", 0, "", "The Bochs Project",
	  EMULATOR_NONE, "hypervisor-not-qemu" },
};

static void test_decide(void)
{
	for (size_t i = 0; i < sizeof(verdicts) / sizeof(verdicts[0]); i++) {
		struct emulator_signals s =
			sig(verdicts[i].hv, verdicts[i].hv_sig, verdicts[i].probed,
			    verdicts[i].fw_cfg, verdicts[i].vendor);
		struct emulator_verdict v = emulator_decide(&s);

		CHECK_STR(emulator_names[v.emulator], emulator_names[verdicts[i].want],
			  unit_name("decide_%s", verdicts[i].name));
		CHECK_STR(v.reason, verdicts[i].reason, unit_name("reason_%s", verdicts[i].name));
	}
}

static void test_how(void)
{
	static const enum exit_how want[ON_EXIT_COUNT][EMULATOR_COUNT] = {
		[ON_EXIT_AUTO] = { EXIT_HOW_HALT, EXIT_HOW_PORT, EXIT_HOW_PORT },
		[ON_EXIT_HALT] = { EXIT_HOW_HALT, EXIT_HOW_HALT, EXIT_HOW_HALT },
		[ON_EXIT_REBOOT] = { EXIT_HOW_REBOOT, EXIT_HOW_REBOOT, EXIT_HOW_REBOOT },
	};

	for (int k = 0; k < ON_EXIT_COUNT; k++)
		for (int e = 0; e < EMULATOR_COUNT; e++)
			CHECK_STR(exit_how_names[exit_how_for((enum on_exit)k, (enum emulator)e)],
				  exit_how_names[want[k][e]],
				  unit_name("how_on_exit_%s_%s", on_exit_names[k],
					    emulator_names[e]));
}

/* A 2.x entry point at addr for a table of len bytes at table; both checksums right. */
static uint8_t *ep2_build(uint32_t addr, uint32_t table, uint16_t len)
{
	uint8_t *p = fseg + (addr - SMBIOS_SCAN_BASE);

	memset(p, 0, 0x1f);
	memcpy(p, "_SM_", 4);
	p[5] = 0x1f;
	p[6] = 2;
	p[7] = 4;
	memcpy(p + 0x10, "_DMI_", 5);
	wr16(p + 0x16, len);
	wr32(p + 0x18, table);
	wr16(p + 0x1c, 3);
	p[0x1e] = 0x24;
	p[0x15] = (uint8_t)-checksum8(p + 0x10, 15);
	p[4] = (uint8_t)-checksum8(p, 0x1f);
	return p;
}

/* A 3.x entry point: a 64-bit table address and a maximum table size. */
static uint8_t *ep3_build(uint32_t addr, uint64_t table, uint32_t max)
{
	uint8_t *p = fseg + (addr - SMBIOS_SCAN_BASE);

	memset(p, 0, 0x18);
	memcpy(p, "_SM3_", 5);
	p[6] = 0x18;
	p[7] = 3;
	p[0xa] = 1;
	wr32(p + 0xc, max);
	wr64(p + 0x10, table);
	p[5] = (uint8_t)-checksum8(p, 0x18);
	return p;
}

/*
 * One structure at off: type, header length hlen (the vendor's string number
 * at byte 4 when hlen > 4), then the string set as given, its size counting
 * the literal's own NUL, which ends the set. Returns the offset after it.
 */
static size_t put(size_t off, uint8_t type, uint8_t hlen, uint8_t vendor, const char *set,
		  size_t setlen)
{
	tbl[off] = type;
	tbl[off + 1] = hlen;
	wr16(tbl + off + 2, (uint16_t)(0x100 * type));
	if (hlen > 4)
		tbl[off + 4] = vendor;
	memcpy(tbl + off + hlen, set, setlen);
	return off + hlen + setlen;
}

#define PUT(off, type, hlen, vendor, set) put((off), (type), (hlen), (vendor), set, sizeof(set))
#define BOCHS_STRINGS                                                                              \
	"The Bochs Project\0Bochs 2.7\0"                                                           \
	"01/01/2007\0"

/* rombios32.c's order: type 0 (vendor 1), type 1 without strings, the end. */
static size_t bochs_table(void)
{
	size_t off = PUT(0, 0, 0x18, 1, BOCHS_STRINGS);

	off = PUT(off, 1, 0x1b, 0, "\0");
	return PUT(off, 127, 4, 0, "\0");
}

static int vendor(char *out, size_t size)
{
	memset(out, 'x', size);
	return smbios_bios_vendor(&mem.pm, SMBIOS_SCAN_BASE, SMBIOS_SCAN_SIZE, out, size);
}

static void test_smbios_found(void)
{
	char v[EMULATOR_VENDOR_LEN];
	size_t len;
	struct emulator_signals s;

	mem_new();
	CHECK_INT(vendor(v, sizeof(v)), -1, "smbios_none_in_an_empty_bios_area");

	mem_new();
	ep2_build(EP, TBL, (uint16_t)bochs_table());
	CHECK_INT(vendor(v, sizeof(v)), 0, "smbios2_found");
	CHECK_STR(v, "The Bochs Project", "smbios2_vendor_of_rombios");
	s = sig(0, "", 0, "", v);
	CHECK_STR(emulator_names[emulator_decide(&s).emulator], "bochs", "smbios2_bochs_decided");

	/* The last 16-byte slot of the area, and type 0 after a structure with strings. */
	mem_new();
	len = PUT(0, 1, 0x1b, 1, "QEMU\0Standard PC\0");
	len = PUT(len, 0, 0x18, 2, "1.16.0\0SeaBIOS\0");
	len = PUT(len, 127, 4, 0, "\0");
	ep2_build(SMBIOS_SCAN_BASE + SMBIOS_SCAN_SIZE - 0x20, TBL, (uint16_t)len);
	CHECK_INT(vendor(v, sizeof(v)), 0, "smbios2_type0_after_type1");
	CHECK_STR(v, "SeaBIOS", "smbios2_second_string");

	mem_new();
	len = PUT(0, 0, 0x1a, 1,
		  "EFI Development Kit II / OVMF\0"
		  "0.0.0\0");
	ep3_build(EP, TBL, (uint32_t)len);
	CHECK_INT(vendor(v, sizeof(v)), 0, "smbios3_found");
	CHECK_STR(v, "EFI Development Kit II / OVMF", "smbios3_vendor");

	/* With both, SMBIOS 3 wins, as Linux's dmi_scan prefers it. */
	len = PUT(0x800, 0, 0x18, 1, "old\0") - 0x800;
	ep2_build(EP + 0x100, TBL + 0x800, (uint16_t)len);
	CHECK_INT(vendor(v, sizeof(v)), 0, "smbios3_and_2_found");
	CHECK_STR(v, "EFI Development Kit II / OVMF", "smbios3_before_2");

	mem_new();
	PUT(0, 0, 0x18, 1, "Bad\x01Vendor\xff\0");
	ep2_build(EP, TBL, 0x40);
	CHECK_INT(vendor(v, sizeof(v)), 0, "smbios_unprintable_vendor_found");
	CHECK_STR(v, "Bad?Vendor?", "smbios_unprintable_as_question_marks");
	CHECK_INT(vendor(v, 4), 0, "smbios_vendor_cut_found");
	CHECK_STR(v, "Bad", "smbios_vendor_cut_to_size");
}

static void test_smbios_broken(void)
{
	char v[EMULATOR_VENDOR_LEN];
	uint8_t *p;
	size_t len;

	mem_new();
	p = ep2_build(EP, TBL, (uint16_t)bochs_table());
	p[4]++;
	CHECK_INT(vendor(v, sizeof(v)), -1, "smbios2_bad_checksum");

	mem_new();
	p = ep2_build(EP, TBL, (uint16_t)bochs_table());
	p[0x15]++;
	p[4]--;
	CHECK_INT(vendor(v, sizeof(v)), -1, "smbios2_bad_dmi_checksum");

	mem_new();
	p = ep2_build(EP, TBL, (uint16_t)bochs_table());
	memcpy(p + 0x10, "_XMI_", 5);
	p[0x15] = 0;
	p[0x15] = (uint8_t)-checksum8(p + 0x10, 15);
	p[4] = 0;
	p[4] = (uint8_t)-checksum8(p, 0x1f);
	CHECK_INT(vendor(v, sizeof(v)), -1, "smbios2_no_dmi_anchor");

	mem_new();
	p = ep3_build(EP, TBL, (uint32_t)bochs_table());
	p[6] = 0x10;
	p[5] = 0;
	p[5] = (uint8_t)-checksum8(p, 0x10);
	CHECK_INT(vendor(v, sizeof(v)), -1, "smbios3_short_entry_point");

	mem_new();
	ep2_build(EP, 0x12345000, (uint16_t)bochs_table());
	CHECK_INT(vendor(v, sizeof(v)), -1, "smbios_table_not_in_memory");

	mem_new();
	ep2_build(EP, TBL, 0);
	CHECK_INT(vendor(v, sizeof(v)), -1, "smbios_table_empty");

	mem_new();
	ep3_build(EP, TBL, 0x2000);
	CHECK_INT(vendor(v, sizeof(v)), -1, "smbios3_max_past_the_memory");

	mem_new();
	len = PUT(0, 0, 0x18, 0, BOCHS_STRINGS);
	ep2_build(EP, TBL, (uint16_t)len);
	CHECK_INT(vendor(v, sizeof(v)), -1, "smbios_vendor_string_0_is_none");

	mem_new();
	len = PUT(0, 0, 0x18, 4, BOCHS_STRINGS);
	ep2_build(EP, TBL, (uint16_t)len);
	CHECK_INT(vendor(v, sizeof(v)), -1, "smbios_vendor_string_past_the_set");

	mem_new();
	len = PUT(0, 0, 0x18, 1, "\0");
	ep2_build(EP, TBL, (uint16_t)len);
	CHECK_INT(vendor(v, sizeof(v)), -1, "smbios_vendor_in_an_empty_set");

	mem_new();
	len = PUT(0, 0, 4, 1, BOCHS_STRINGS);
	ep2_build(EP, TBL, (uint16_t)len);
	CHECK_INT(vendor(v, sizeof(v)), -1, "smbios_type0_too_short_for_a_vendor");

	mem_new();
	len = PUT(0, 1, 3, 0, "\0");
	PUT(len, 0, 0x18, 1, BOCHS_STRINGS);
	ep2_build(EP, TBL, 0x100);
	CHECK_INT(vendor(v, sizeof(v)), -1, "smbios_header_shorter_than_4");

	/* The table ends inside type 0's header, then inside its strings: no read past it. */
	mem_new();
	len = bochs_table();
	ep2_build(EP, TBL, 0x10);
	CHECK_INT(vendor(v, sizeof(v)), -1, "smbios_table_ends_in_a_header");
	ep2_build(EP, TBL, 0x18 + 5);
	CHECK_INT(vendor(v, sizeof(v)), -1, "smbios_table_ends_in_the_strings");
	memset(tbl, 'A', 0x1000);
	tbl[0] = 0;
	tbl[1] = 0x18;
	tbl[4] = 1;
	ep3_build(EP, TBL, 0x1000);
	CHECK_INT(vendor(v, sizeof(v)), -1, "smbios_strings_never_end");

	/* A table of type 1s with no type 0, closed by the end structure, then by its length. */
	mem_new();
	len = PUT(0, 1, 0x1b, 1, "QEMU\0");
	len = PUT(len, 127, 4, 0, "\0");
	PUT(len, 0, 0x18, 1, BOCHS_STRINGS);
	ep2_build(EP, TBL, 0x100);
	CHECK_INT(vendor(v, sizeof(v)), -1, "smbios_type0_after_the_end_ignored");
	len = PUT(0, 1, 0x1b, 1, "QEMU\0");
	ep2_build(EP, TBL, (uint16_t)len);
	CHECK_INT(vendor(v, sizeof(v)), -1, "smbios_no_type0");
	ep2_build(EP, TBL, (uint16_t)bochs_table());
	CHECK_INT(vendor(v, sizeof(v)), 0, "smbios_found_again");
	CHECK_INT(smbios_bios_vendor(&mem.pm, SMBIOS_SCAN_BASE, SMBIOS_SCAN_SIZE, v, 0), -1,
		  "smbios_no_room_for_the_vendor");
}

int main(void)
{
	unit_begin();
	test_signature();
	test_may_probe();
	test_decide();
	test_how();
	test_smbios_found();
	test_smbios_broken();
	fake_free(&mem);
	return unit_done();
}
