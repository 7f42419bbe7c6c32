/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Read and write the FP registers by number, for the loads and stores
 * cordon emulates on the firmware's behalf (FLW/FLD/FSW/FSD). The FP
 * registers are shared by firmware and OS as on the hardware.
 *   uint64_t fp_reg_read(unsigned n);  void fp_reg_write(unsigned n, uint64_t v);
 */
	.option arch, +d
	.option norvc
	.text
	.globl fp_reg_read
fp_reg_read:
	andi	a0, a0, 31
	slli	a0, a0, 3
	la	t0, 1f
	add	t0, t0, a0
	jr	t0
1:
	.irp n,0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	fmv.x.d	a0, f\n
	ret
	.endr

	.globl fp_reg_write
fp_reg_write:
	andi	a0, a0, 31
	slli	a0, a0, 3
	la	t0, 1f
	add	t0, t0, a0
	jr	t0
1:
	.irp n,0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	fmv.d.x	f\n, a1
	ret
	.endr

/*
 * protect-os (core/world.c, security.md I15): the OS's FP state kept by
 * cordon while the firmware uses the FP unit. FS must be on (not Off).
 *   void fp_save_all(uint64_t buf[33]);  f0-f31, then fcsr
 *   void fp_load_all(const uint64_t buf[33]);
 *   void fp_zero_all(void);               f0-f31 and fcsr zero
 */
	.globl fp_save_all
fp_save_all:
	.irp n,0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	fsd	f\n, (\n * 8)(a0)
	.endr
	frcsr	t0
	sd	t0, 256(a0)
	ret

	.globl fp_load_all
fp_load_all:
	.irp n,0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	fld	f\n, (\n * 8)(a0)
	.endr
	ld	t0, 256(a0)
	fscsr	t0
	ret

	.globl fp_zero_all
fp_zero_all:
	.irp n,0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	fmv.d.x	f\n, zero
	.endr
	fscsr	zero
	ret
