/* SPDX-License-Identifier: BSD-3-Clause */
/* Pure decisions of the vfio-pci backend: mmap-able BAR pieces and the interrupt mechanism. */

#include <errno.h>
#include <stdio.h>

#include <linux/vfio.h>

#include "pci_vfio_calc.h"

static bool add_piece(struct pci_vfio_piece *out, unsigned int max, unsigned int *n, uint64_t start,
		      uint64_t end)
{
	if (end <= start)
		return true;
	if (*n == max)
		return false;
	out[(*n)++] = (struct pci_vfio_piece){.offset = start, .len = end - start};
	return true;
}

int pci_vfio_mmap_pieces(const struct pci_vfio_bar_layout *in, struct pci_vfio_piece *out,
			 unsigned int max)
{
	const struct rte_vfio_area whole = {.offset = 0, .size = in->bar_size};
	const struct rte_vfio_area *areas = in->sparse ? in->areas : &whole;
	uint32_t nb_areas = in->sparse ? in->nb_areas : 1;
	uint64_t ps = in->page_size;
	/* No table: an empty hole past every area. */
	uint64_t hole_start = UINT64_MAX, hole_end = UINT64_MAX;
	unsigned int n = 0;

	if (ps == 0 || (ps & (ps - 1)) != 0 || (in->sparse && nb_areas > 0 && areas == NULL))
		return -EINVAL;
	if (in->table_size > 0) {
		if (in->table_offset >= in->bar_size ||
		    in->table_size > in->bar_size - in->table_offset)
			return -EINVAL;
		/* mmap works on whole pages: the pages the table touches stay out entirely. */
		hole_start = in->table_offset & ~(ps - 1);
		uint64_t table_end = in->table_offset + in->table_size;
		hole_end = (table_end + ps - 1) & ~(ps - 1);
	}
	for (uint32_t i = 0; i < nb_areas; i++) {
		uint64_t a = areas[i].offset, size = areas[i].size;
		if (a > in->bar_size || size > in->bar_size - a || (a & (ps - 1)) != 0)
			return -EINVAL;
		uint64_t b = a + size;
		bool ok;
		if (b <= hole_start || a >= hole_end) {
			ok = add_piece(out, max, &n, a, b);
		} else {
			ok = add_piece(out, max, &n, a, hole_start) &&
			     add_piece(out, max, &n, hole_end, b);
		}
		if (!ok)
			return -E2BIG;
	}
	return (int)n;
}

const char *pci_vfio_intr_name(int index)
{
	switch (index) {
	case VFIO_PCI_MSIX_IRQ_INDEX:
		return "MSI-X";
	case VFIO_PCI_MSI_IRQ_INDEX:
		return "MSI";
	case VFIO_PCI_INTX_IRQ_INDEX:
		return "INTx";
	default:
		return "none";
	}
}

/* "MSI-X (5 vectors), INTx" or "no interrupt at all". */
static void describe(const struct pci_vfio_irq_counts *c, char *buf, size_t size)
{
	const struct {
		uint32_t n;
		const char *name;
	} kinds[] = {{c->msix, "MSI-X"}, {c->msi, "MSI"}, {c->intx, "INTx"}};
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]) && used < size; i++) {
		if (kinds[i].n == 0)
			continue;
		int w;
		if (kinds[i].n > 1)
			w = snprintf(buf + used, size - used, "%s%s (%u vectors)", used ? ", " : "",
				     kinds[i].name, kinds[i].n);
		else
			w = snprintf(buf + used, size - used, "%s%s", used ? ", " : "",
				     kinds[i].name);
		used += w > 0 ? (size_t)w : 0;
	}
	if (used == 0)
		snprintf(buf, size, "no interrupt at all");
}

/* --vfio-intr values and the index each asks for, best mechanism first. */
static const struct {
	enum rte_intr_mode mode;
	int index;
	const char *option;
} intr_modes[] = {
    {RTE_INTR_MODE_MSIX, VFIO_PCI_MSIX_IRQ_INDEX, "msix"},
    {RTE_INTR_MODE_MSI, VFIO_PCI_MSI_IRQ_INDEX, "msi"},
    {RTE_INTR_MODE_LEGACY, VFIO_PCI_INTX_IRQ_INDEX, "legacy"},
};
#define NB_INTR_MODES (sizeof(intr_modes) / sizeof(intr_modes[0]))

static uint32_t index_count(const struct pci_vfio_irq_counts *c, int index)
{
	return index == VFIO_PCI_MSIX_IRQ_INDEX	 ? c->msix
	       : index == VFIO_PCI_MSI_IRQ_INDEX ? c->msi
						 : c->intx;
}

int pci_vfio_intr_choose(const struct pci_vfio_irq_counts *c, enum rte_intr_mode mode,
			 const char *dev_name, int *index, char *msg, size_t msg_size)
{
	size_t best = NB_INTR_MODES;

	for (size_t i = 0; i < NB_INTR_MODES && best == NB_INTR_MODES; i++)
		if (index_count(c, intr_modes[i].index) > 0)
			best = i;
	if (mode == RTE_INTR_MODE_NONE) {
		*index = best < NB_INTR_MODES ? intr_modes[best].index : -1;
		return 0;
	}
	for (size_t i = 0; i < NB_INTR_MODES; i++) {
		if (intr_modes[i].mode != mode)
			continue;
		if (index_count(c, intr_modes[i].index) > 0) {
			*index = intr_modes[i].index;
			return 0;
		}
		/*
		 * Fail rather than fall back (as DPDK does): the user asked for this mechanism,
		 * and a silent substitute would hide why the driver behaves differently.
		 */
		char has[96];
		describe(c, has, sizeof(has));
		if (best < NB_INTR_MODES)
			snprintf(msg, msg_size,
				 "%s: --vfio-intr %s asks for %s, but the device has %s; fix: "
				 "--vfio-intr %s, or no --vfio-intr to use the best it has",
				 dev_name, intr_modes[i].option,
				 pci_vfio_intr_name(intr_modes[i].index), has,
				 intr_modes[best].option);
		else
			snprintf(msg, msg_size,
				 "%s: --vfio-intr %s asks for %s, but the device has %s; fix: "
				 "leave --vfio-intr out",
				 dev_name, intr_modes[i].option,
				 pci_vfio_intr_name(intr_modes[i].index), has);
		return -ENOTSUP;
	}
	snprintf(msg, msg_size, "%s: unknown --vfio-intr mode %d", dev_name, (int)mode);
	return -EINVAL;
}
