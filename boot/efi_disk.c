/* SPDX-License-Identifier: MIT */
/*
 * The boot disk through the firmware's Block I/O, while boot services run
 * (boot/efi.h). GRUB's image handle names the partition GRUB was loaded
 * from; the whole disk is the Block I/O handle that is no partition and
 * whose device path leads up to that partition's media node
 * (docs/hardware.md, "The stick").
 */
#include "../lib/fmt.h"
#include "../lib/string.h"
#include "efi.h"
#include "efi_types.h"

static EFI_BLOCK_IO *bio;
static struct stick_disk disk;
/* Firmware may want aligned buffers (IoAlign): every transfer goes through this one. */
static uint8_t bounce[STICK_IO_MAX * STICK_SECTOR] __attribute__((aligned(4096)));

static uint64_t rd(void *ctx, uint64_t lba, uint32_t count, void *buf)
{
	EFI_STATUS s;

	(void)ctx;
	if (count > STICK_IO_MAX)
		return EFI_BAD_BUFFER_SIZE;
	s = bio->ReadBlocks(bio, bio->Media->MediaId, lba, (UINTN)count * STICK_SECTOR, bounce);
	if (!EFI_ERROR(s))
		memcpy(buf, bounce, (size_t)count * STICK_SECTOR);
	return s;
}

static uint64_t wr(void *ctx, uint64_t lba, uint32_t count, const void *buf)
{
	EFI_STATUS s;

	(void)ctx;
	if (count > STICK_IO_MAX)
		return EFI_BAD_BUFFER_SIZE;
	memcpy(bounce, buf, (size_t)count * STICK_SECTOR);
	s = bio->WriteBlocks(bio, bio->Media->MediaId, lba, (UINTN)count * STICK_SECTOR, bounce);
	return s == EFI_WRITE_PROTECTED ? STICK_IO_PROTECTED : s;
}

static uint64_t flush(void *ctx)
{
	(void)ctx;
	return bio->FlushBlocks(bio);
}

/* Bytes of a device path before its end node. */
static size_t path_len(EFI_DEVICE_PATH *p)
{
	size_t n = 0;

	while (!IsDevicePathEnd(p) && n < 4096) {
		n += DevicePathNodeLength(p);
		p = NextDevicePathNode(p);
	}
	return n;
}

/* Is h the whole disk the boot partition's path lies on? */
static int whole_disk_of(EFI_BOOT_SERVICES *bs, EFI_HANDLE h, EFI_DEVICE_PATH *boot, size_t blen,
			 EFI_BLOCK_IO **out)
{
	EFI_GUID bio_guid = EFI_BLOCK_IO_PROTOCOL_GUID, dp_guid = EFI_DEVICE_PATH_PROTOCOL_GUID;
	EFI_DEVICE_PATH *dp;
	size_t n;

	if (EFI_ERROR(bs->HandleProtocol(h, &bio_guid, (void **)out)) ||
	    EFI_ERROR(bs->HandleProtocol(h, &dp_guid, (void **)&dp)) ||
	    (*out)->Media->LogicalPartition)
		return 0;
	n = path_len(dp);
	return n < blen && !memcmp(dp, boot, n) &&
	       DevicePathType((EFI_DEVICE_PATH *)((uint8_t *)boot + n)) == MEDIA_DEVICE_PATH;
}

const struct stick_disk *efi_boot_disk(char *why, size_t n)
{
	EFI_BOOT_SERVICES *bs = efi_bs();
	EFI_GUID li_guid = EFI_LOADED_IMAGE_PROTOCOL_GUID, dp_guid = EFI_DEVICE_PATH_PROTOCOL_GUID;
	EFI_GUID bio_guid = EFI_BLOCK_IO_PROTOCOL_GUID;
	EFI_LOADED_IMAGE *li;
	EFI_DEVICE_PATH *boot;
	EFI_HANDLE *hs = NULL;
	UINTN nh = 0;

	bio = NULL;
	if (!bs || EFI_ERROR(bs->HandleProtocol(efi_image(), &li_guid, (void **)&li)) ||
	    EFI_ERROR(bs->HandleProtocol(li->DeviceHandle, &dp_guid, (void **)&boot))) {
		fmt_buf(why, n, "the firmware does not say which device GRUB was loaded from");
		return NULL;
	}
	if (EFI_ERROR(bs->LocateHandleBuffer(ByProtocol, &bio_guid, NULL, &nh, &hs))) {
		fmt_buf(why, n, "the firmware lists no Block I/O devices");
		return NULL;
	}
	for (UINTN i = 0; i < nh && !bio; i++) {
		EFI_BLOCK_IO *b;

		if (whole_disk_of(bs, hs[i], boot, path_len(boot), &b))
			bio = b;
	}
	bs->FreePool(hs);
	if (!bio || !bio->Media->MediaPresent) {
		fmt_buf(why, n, "no Block I/O device holds the partition GRUB was loaded from");
		return NULL;
	}
	disk = (struct stick_disk){
		.read = rd,
		.write = wr,
		.flush = flush,
		.sector_size = bio->Media->BlockSize,
		.read_only = bio->Media->ReadOnly,
	};
	fmt_buf(disk.name, sizeof(disk.name), "the boot disk (EFI Block I/O)");
	return &disk;
}
