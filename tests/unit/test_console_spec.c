/* SPDX-License-Identifier: MIT */
/*
 * console= values (console/spec.c), in Linux's earlycon syntax where it has
 * one: what each names (device, I/O port or physical address, baud rate;
 * 0 keeps the firmware's), and for each bad one a message that says what is
 * wrong with which part (docs/knobs.md, "Consoles").
 */
#include "../../console/spec.h"
#include "unit.h"

/* ok: the value is taken with this kind, addr and baud; else refused with why in the message. */
struct row {
	const char *val;
	int ok, kind;
	uint64_t addr;
	unsigned baud;
	const char *why;
};

static const struct row rows[] = {
	{ "ttyS0", 1, CON_UART_IO, 0x3f8, 0, NULL },
	{ "ttyS1,9600", 1, CON_UART_IO, 0x2f8, 9600, NULL },
	{ "ttyS2", 1, CON_UART_IO, 0x3e8, 0, NULL },
	{ "ttyS3,57600", 1, CON_UART_IO, 0x2e8, 57600, NULL },
	{ "ttyS0,115200n8", 1, CON_UART_IO, 0x3f8, 115200, NULL },
	{ "uart,io,0x3f8", 1, CON_UART_IO, 0x3f8, 0, NULL },
	{ "uart,io,0x2e8,38400", 1, CON_UART_IO, 0x2e8, 38400, NULL },
	{ "uart,io,1016", 1, CON_UART_IO, 0x3f8, 0, NULL },
	{ "e9", 1, CON_E9, 0, 0, NULL },
	{ "vga", 1, CON_VGA, 0, 0, NULL },
	/* 25 characters, fewer than the 31 the field takes. */
	{ "uart,io,00000000000001016", 1, CON_UART_IO, 0x3f8, 0, NULL },
	{ "uart,mmio32,0xfe034000", 1, CON_UART_MMIO32, 0xfe034000, 0, NULL },
	{ "uart,mmio32,0xfe034000,115200", 1, CON_UART_MMIO32, 0xfe034000, 115200, NULL },
	{ "uart,mmio32,0x4000000000,9600n8", 1, CON_UART_MMIO32, 0x4000000000, 9600, NULL },
	{ "uart,mmio,0xfed00001", 1, CON_UART_MMIO, 0xfed00001, 0, NULL },
	{ "uart,mmio,4275306496,57600", 1, CON_UART_MMIO, 0xfed40000, 57600, NULL },
	/* The last place all eight dword registers fit below 2^52. */
	{ "uart,mmio32,0xfffffffffffdc", 1, CON_UART_MMIO32, 0xfffffffffffdc, 0, NULL },
	{ "ttyS1,7", 0, 0, 0, 0, "baud '7' is not a divisor of 115200" },
	{ "ttyS1,0", 0, 0, 0, 0, "baud '0'" },
	{ "ttyS1,230400", 0, 0, 0, 0, "baud '230400'" },
	{ "ttyS1,", 0, 0, 0, 0, "baud ''" },
	{ "ttyS0,fast", 0, 0, 0, 0, "baud 'fast'" },
	{ "ttyS0,115200e7", 0, 0, 0, 0, "baud '115200e7'" },
	{ "ttyS0,n8", 0, 0, 0, 0, "baud 'n8'" },
	{ "uart,io,0x3f8,7", 0, 0, 0, 0, "baud '7'" },
	{ "ttyS4", 0, 0, 0, 0, "unknown console; allowed: " CONSOLE_SPEC_GRAMMAR },
	{ "ttyS10", 0, 0, 0, 0, "unknown console" },
	{ "ttyS", 0, 0, 0, 0, "unknown console" },
	{ "uart,io,", 0, 0, 0, 0, "port '' is not an I/O port" },
	{ "uart,io,0", 0, 0, 0, 0, "port '0'" },
	{ "uart,io,0x10000", 0, 0, 0, 0, "port '0x10000'" },
	{ "uart,io,com1", 0, 0, 0, 0, "port 'com1'" },
	{ "e9,115200", 0, 0, 0, 0, "unknown console" },
	{ "nonsense", 0, 0, 0, 0, "unknown console; allowed: ttyS0..ttyS3" },
	{ "", 0, 0, 0, 0, "unknown console" },
	{ "uart", 0, 0, 0, 0, "unknown console" },
	{ "uart,", 0, 0, 0, 0, "uart access '' is not io, mmio or mmio32" },
	{ "uart,mmio16,0xfe034000", 0, 0, 0, 0, "uart access 'mmio16' is not io, mmio or mmio32" },
	{ "uart,mem32,0x1000", 0, 0, 0, 0, "uart access 'mem32'" },
	{ "uart,mmio32bigendianaccess,0x1", 0, 0, 0, 0, "uart access 'mmio32bigen...'" },
	{ "uart,mmio32", 0, 0, 0, 0, "uart,mmio32 needs an address (uart,mmio32,ADDR[,BAUD])" },
	{ "uart,mmio", 0, 0, 0, 0, "uart,mmio needs an address" },
	{ "uart,io", 0, 0, 0, 0, "uart,io needs an address (uart,io,PORT[,BAUD])" },
	{ "uart,mmio32,", 0, 0, 0, 0, "address '' is not a physical address (e.g. 0xfe034000)" },
	{ "uart,mmio32,0", 0, 0, 0, 0, "address '0' is not a physical address" },
	{ "uart,mmio32,fe034000", 0, 0, 0, 0, "address 'fe034000' is not a physical address" },
	{ "uart,mmio32,0xfe03400g", 0, 0, 0, 0, "address '0xfe03400g'" },
	{ "uart,mmio32,0xfe034002", 0, 0, 0, 0,
	  "address '0xfe034002' is not 4-byte aligned, as mmio32 needs" },
	{ "uart,mmio32,0xfffffffffffe0", 0, 0, 0, 0,
	  "address '0xfffffffffffe0' is beyond x86's 52-bit physical addresses" },
	{ "uart,mmio,0x10000000000000", 0, 0, 0, 0, "beyond x86's 52-bit" },
	{ "uart,mmio,0xffffffffffffffff", 0, 0, 0, 0, "beyond x86's 52-bit" },
	{ "uart,mmio,0x10000000000000000", 0, 0, 0, 0, "not a physical address" },
	{ "uart,mmio,0x0000000000000000000000000000001", 0, 0, 0, 0,
	  "is too long for a physical address" },
	{ "uart,mmio32,0xfe034000,", 0, 0, 0, 0, "baud ''" },
	{ "uart,mmio32,0xfe034000,7", 0, 0, 0, 0, "baud '7' is not a divisor of 115200" },
	{ "uart,mmio32,0xfe034000,115200,n8", 0, 0, 0, 0, "baud '115200,n8'" },
};

static void check_row(const struct row *r)
{
	struct console_spec s = { CON_VGA, 1, 1 };
	char err[200] = "", name[96];
	int rc;

	unit_at(r->val);
	rc = console_spec_parse(r->val, &s, err, sizeof(err));
	snprintf(name, sizeof(name), "console=%s %s", r->val, r->ok ? "accepted" : "refused");
	if (r->ok)
		CHECK(rc == 0 && (int)s.kind == r->kind && s.addr == r->addr && s.baud == r->baud,
		      name,
		      "rc=%d kind=%d addr=%#llx baud=%u (%s), want kind=%d addr=%#llx baud=%u", rc,
		      s.kind, (unsigned long long)s.addr, s.baud, err, r->kind,
		      (unsigned long long)r->addr, r->baud);
	else
		CHECK(rc == -1 && strstr(err, r->why), name,
		      "rc=%d err \"%s\", want -1 and \"%s\" (addr=%#llx baud=%u)", rc, err, r->why,
		      (unsigned long long)s.addr, s.baud);
}

int main(void)
{
	unit_begin();
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		check_row(&rows[i]);
	CHECK(console_uart_span(CON_UART_MMIO32) == 32 && console_uart_span(CON_UART_MMIO) == 8 &&
		      console_uart_span(CON_UART_IO) == 8,
	      "register span: eight registers at stride 4 (mmio32) or 1", "mmio32=%llu mmio=%llu",
	      (unsigned long long)console_uart_span(CON_UART_MMIO32),
	      (unsigned long long)console_uart_span(CON_UART_MMIO));
	return unit_done();
}
