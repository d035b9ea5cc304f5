/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * pci_vfio_intr_choose: what the device has (vectors per VFIO index) x what --vfio-intr asks
 * for -> the mechanism, or the one line saying why not and what to do.
 */

#include <CUnit/CUnit.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <linux/vfio.h>

#include "pci_vfio_calc.h"
#include "vfiobe_test.h"

#define DEV "0000:00:02.0"
#define NONE_IDX (-1)
#define MSIX VFIO_PCI_MSIX_IRQ_INDEX
#define MSI VFIO_PCI_MSI_IRQ_INDEX
#define INTX VFIO_PCI_INTX_IRQ_INDEX

struct intr_case {
	struct pci_vfio_irq_counts has;
	enum rte_intr_mode mode;
	int ret;
	int index;	 /* when ret == 0 */
	const char *msg; /* when ret < 0: the exact line */
};

static const struct intr_case cases[] = {
    /* e1000e: MSI and MSI-X (5) and INTx. */
    {{1, 1, 5}, RTE_INTR_MODE_NONE, 0, MSIX, NULL},
    {{1, 1, 5}, RTE_INTR_MODE_MSIX, 0, MSIX, NULL},
    {{1, 1, 5}, RTE_INTR_MODE_MSI, 0, MSI, NULL},
    {{1, 1, 5}, RTE_INTR_MODE_LEGACY, 0, INTX, NULL},
    /* e1000 (82540EM): INTx only. */
    {{1, 0, 0}, RTE_INTR_MODE_NONE, 0, INTX, NULL},
    {{1, 0, 0}, RTE_INTR_MODE_LEGACY, 0, INTX, NULL},
    {{1, 0, 0},
     RTE_INTR_MODE_MSIX,
     -ENOTSUP,
     0,
     DEV ": --vfio-intr msix asks for MSI-X, but the device has INTx; fix: --vfio-intr legacy, "
	 "or no --vfio-intr to use the best it has"},
    {{1, 0, 0},
     RTE_INTR_MODE_MSI,
     -ENOTSUP,
     0,
     DEV ": --vfio-intr msi asks for MSI, but the device has INTx; fix: --vfio-intr legacy, or "
	 "no --vfio-intr to use the best it has"},
    /* NVMe as a VF would be: MSI-X only (VFs have no INTx). */
    {{0, 0, 65}, RTE_INTR_MODE_NONE, 0, MSIX, NULL},
    {{0, 0, 65},
     RTE_INTR_MODE_LEGACY,
     -ENOTSUP,
     0,
     DEV ": --vfio-intr legacy asks for INTx, but the device has MSI-X (65 vectors); fix: "
	 "--vfio-intr msix, or no --vfio-intr to use the best it has"},
    /* MSI without MSI-X picks MSI over INTx. */
    {{1, 32, 0}, RTE_INTR_MODE_NONE, 0, MSI, NULL},
    {{1, 32, 0},
     RTE_INTR_MODE_MSIX,
     -ENOTSUP,
     0,
     DEV ": --vfio-intr msix asks for MSI-X, but the device has MSI (32 vectors), INTx; fix: "
	 "--vfio-intr msi, or no --vfio-intr to use the best it has"},
    {{0, 1, 0}, RTE_INTR_MODE_MSI, 0, MSI, NULL},
    /* No interrupt at all: fine unless one was asked for. */
    {{0, 0, 0}, RTE_INTR_MODE_NONE, 0, NONE_IDX, NULL},
    {{0, 0, 0},
     RTE_INTR_MODE_LEGACY,
     -ENOTSUP,
     0,
     DEV ": --vfio-intr legacy asks for INTx, but the device has no interrupt at all; fix: "
	 "leave --vfio-intr out"},
    {{0, 0, 0},
     RTE_INTR_MODE_MSIX,
     -ENOTSUP,
     0,
     DEV ": --vfio-intr msix asks for MSI-X, but the device has no interrupt at all; fix: "
	 "leave --vfio-intr out"},
    {{1, 1, 1}, (enum rte_intr_mode)99, -EINVAL, 0, DEV ": unknown --vfio-intr mode 99"},
};

static void test_choice_table(void)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct intr_case *c = &cases[i];
		char msg[256] = "";
		int index = -7;
		int ret = pci_vfio_intr_choose(&c->has, c->mode, DEV, &index, msg, sizeof(msg));
		bool ok = ret == c->ret;
		if (ok && ret == 0)
			ok = index == c->index;
		if (ok && ret < 0)
			ok = strcmp(msg, c->msg) == 0;
		if (!ok)
			printf(
			    "\n  case %zu (intx %u msi %u msix %u, mode %d): ret %d index %d msg "
			    "'%s'\n",
			    i, c->has.intx, c->has.msi, c->has.msix, (int)c->mode, ret, index, msg);
		CU_ASSERT_TRUE(ok);
	}
}

static void test_names(void)
{
	CU_ASSERT_STRING_EQUAL(pci_vfio_intr_name(MSIX), "MSI-X");
	CU_ASSERT_STRING_EQUAL(pci_vfio_intr_name(MSI), "MSI");
	CU_ASSERT_STRING_EQUAL(pci_vfio_intr_name(INTX), "INTx");
	CU_ASSERT_STRING_EQUAL(pci_vfio_intr_name(-1), "none");
	CU_ASSERT_STRING_EQUAL(pci_vfio_intr_name(VFIO_PCI_REQ_IRQ_INDEX), "none");
}

/* A short buffer truncates the line instead of overflowing. */
static void test_short_message_buffer(void)
{
	const struct pci_vfio_irq_counts has = {1, 0, 0};
	char msg[16];
	int index;

	memset(msg, 'x', sizeof(msg));
	CU_ASSERT_EQUAL(
	    pci_vfio_intr_choose(&has, RTE_INTR_MODE_MSIX, DEV, &index, msg, sizeof(msg)),
	    -ENOTSUP);
	CU_ASSERT_EQUAL(msg[sizeof(msg) - 1], '\0');
	CU_ASSERT_EQUAL(strncmp(msg, DEV, strlen(DEV)), 0);
}

void vfiobe_add_intr_suite(void)
{
	CU_pSuite s = CU_add_suite("vfio-pci interrupt mechanism choice", NULL, NULL);
	CU_add_test(s, "device vectors x --vfio-intr", test_choice_table);
	CU_add_test(s, "mechanism names", test_names);
	CU_add_test(s, "short message buffer", test_short_message_buffer);
}
