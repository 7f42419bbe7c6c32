// SPDX-License-Identifier: BSD-2-Clause
/*
 * Restart through a GPIO pin ("gpio-restart", Linux's binding: gpios =
 * <&controller pin flags>, flags bit 0 = active low) on a SiFive GPIO
 * controller ("sifive,gpio0": FU540; QEMU sifive_u wires pin 10, active
 * low, to its reset). The only way such a board stops: there is no exit
 * status (QEMU exits with 0 under -no-reboot, else it restarts), so cordon
 * states its verdict on the console before it stops.
 */
#include <stdbool.h>
#include <stdint.h>

#include "cordon/platform.h"
#include "libfdt.h"

#define SIFIVE_GPIO_OUTPUT_EN 0x08U
#define SIFIVE_GPIO_PORT 0x0cU
#define SIFIVE_GPIO_OUT_XOR 0x40U
#define GPIO_PINS 32U

static volatile uint32_t *gpio;
static uint32_t pin_mask;
static bool active_low;

static void gpio_restart_init(uint64_t base)
{
	gpio = (volatile uint32_t *)(uintptr_t)base;
}

/* The pin driven to its active level: the output value is port ^ out_xor. */
static void gpio_restart_exit(unsigned code)
{
	(void)code;
	if (!gpio || !pin_mask)
		return;
	gpio[SIFIVE_GPIO_OUT_XOR / 4U] &= ~pin_mask;
	if (active_low)
		gpio[SIFIVE_GPIO_PORT / 4U] &= ~pin_mask;
	else
		gpio[SIFIVE_GPIO_PORT / 4U] |= pin_mask;
	gpio[SIFIVE_GPIO_OUTPUT_EN / 4U] |= pin_mask;
}

/* The controller's registers, from the gpio-restart node's gpios. */
static int gpio_restart_probe(const void *fdt, int node, uint64_t *base, uint64_t *size)
{
	int len, ctrl;
	const fdt32_t *gpios = fdt_getprop(fdt, node, "gpios", &len);
	uint32_t pin;

	if (!gpios || len < 12)
		return -1;
	ctrl = fdt_node_offset_by_phandle(fdt, fdt32_to_cpu(gpios[0]));
	pin = fdt32_to_cpu(gpios[1]);
	if (ctrl < 0 || pin >= GPIO_PINS || fdt_node_check_compatible(fdt, ctrl, "sifive,gpio0"))
		return -1;
	if (platform_node_reg(fdt, ctrl, 0, base, size))
		return -1;
	pin_mask = 1U << pin;
	active_low = (fdt32_to_cpu(gpios[2]) & 1U) != 0;
	return 0;
}

static const struct fdt_match gpio_restart_match[] = {
	{ "gpio-restart" },
	{ 0 },
};

const struct reset_driver gpio_restart_driver = {
	.name = "gpio-restart",
	.match = gpio_restart_match,
	.probe = gpio_restart_probe,
	.init = gpio_restart_init,
	.exit = gpio_restart_exit,
};
