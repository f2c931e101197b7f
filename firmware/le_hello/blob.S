/* The little-endian half, built by powerpc64le-linux-gnu-gcc and linked at LE_LOAD_ADDR
 * (le/le.ld), carried as data in the big-endian image; main.c copies it into place. The
 * build passes the blob's directory with -Wa,-I. */
	.section .rodata
	.balign 8
	.globl le_blob_start, le_blob_end
le_blob_start:
	.incbin "le_part.bin"
le_blob_end:
