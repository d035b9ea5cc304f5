/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * pci_vfio_mmap_pieces: the parts of a BAR that may be mmapped once the pages of the MSI-X
 * table are left out, within the region's sparse-mmap areas. Each row gives a BAR and table
 * and the pieces expected, worked out by hand from the page arithmetic.
 */

#include <CUnit/CUnit.h>
#include <errno.h>
#include <stdio.h>

#include "pci_vfio_calc.h"
#include "vfiobe_test.h"

#define PG 0x1000u

struct piece_case {
	const char *what;
	uint64_t bar_size, page_size, table_offset, table_size;
	bool sparse;
	struct rte_vfio_area areas[3];
	uint32_t nb_areas;
	int expect; /* pieces, or a negative errno */
	struct pci_vfio_piece pieces[4];
};

static const struct piece_case cases[] = {
    {"no table: the whole BAR", 0x20000, PG, 0, 0, false, {{0}}, 0, 1, {{0, 0x20000}}},
    /* e1000e's BAR3 shape: 5 vectors at the start. */
    {"table at the start", 0x4000, PG, 0, 5 * 16, false, {{0}}, 0, 1, {{0x1000, 0x3000}}},
    /* QEMU NVMe's BAR0: 65 vectors at 0x2000, PBA at 0x3000. */
    {"table in the middle",
     0x4000,
     PG,
     0x2000,
     65 * 16,
     false,
     {{0}},
     0,
     2,
     {{0, 0x2000}, {0x3000, 0x1000}}},
    {"table at the end", 0x4000, PG, 0x3f00, 0x100, false, {{0}}, 0, 1, {{0, 0x3000}}},
    {"table is the whole BAR", 0x2000, PG, 0, 0x2000, false, {{0}}, 0, 0, {{0}}},
    {"table fills the BAR's only page", 0x1000, PG, 0x800, 0x10, false, {{0}}, 0, 0, {{0}}},
    {"sub-page BAR without table", 0x100, PG, 0, 0, false, {{0}}, 0, 1, {{0, 0x100}}},
    {"sub-page BAR holding the table", 0x100, PG, 0x80, 0x40, false, {{0}}, 0, 0, {{0}}},
    {"table spanning two pages",
     0x10000,
     PG,
     0x1ff0,
     0x20,
     false,
     {{0}},
     0,
     2,
     {{0, 0x1000}, {0x3000, 0xd000}}},
    {"table ending on a page boundary",
     0x8000,
     PG,
     0x2000,
     0x1000,
     false,
     {{0}},
     0,
     2,
     {{0, 0x2000}, {0x3000, 0x5000}}},
    {"64 KiB pages swallow a 16 KiB BAR",
     0x4000,
     0x10000,
     0x2000,
     0x410,
     false,
     {{0}},
     0,
     0,
     {{0}}},
    {"64 KiB pages, table in the second page",
     0x40000,
     0x10000,
     0x18000,
     0x100,
     false,
     {{0}},
     0,
     2,
     {{0, 0x10000}, {0x20000, 0x20000}}},
    {"sparse areas around the table, no hole needed",
     0x4000,
     PG,
     0,
     0,
     true,
     {{0, 0x2000}, {0x3000, 0x1000}},
     2,
     2,
     {{0, 0x2000}, {0x3000, 0x1000}}},
    {"sparse area cut by the table",
     0x8000,
     PG,
     0x5000,
     0x40,
     true,
     {{0, 0x2000}, {0x4000, 0x4000}},
     2,
     3,
     {{0, 0x2000}, {0x4000, 0x1000}, {0x6000, 0x2000}}},
    {"sparse capability with no area: nothing", 0x4000, PG, 0, 0, true, {{0}}, 0, 0, {{0}}},
    {"empty sparse area is dropped",
     0x4000,
     PG,
     0,
     0,
     true,
     {{0x1000, 0}, {0x2000, 0x2000}},
     2,
     1,
     {{0x2000, 0x2000}}},
    {"page size not a power of two", 0x4000, 3000, 0, 0, false, {{0}}, 0, -EINVAL, {{0}}},
    {"page size 0", 0x4000, 0, 0, 0, false, {{0}}, 0, -EINVAL, {{0}}},
    {"table starting past the BAR", 0x4000, PG, 0x4000, 0x10, false, {{0}}, 0, -EINVAL, {{0}}},
    {"table running past the BAR", 0x4000, PG, 0x3ff8, 0x10, false, {{0}}, 0, -EINVAL, {{0}}},
    {"sparse area not on a page", 0x4000, PG, 0, 0, true, {{0x800, 0x800}}, 1, -EINVAL, {{0}}},
    {"sparse area past the BAR", 0x4000, PG, 0, 0, true, {{0x3000, 0x2000}}, 1, -EINVAL, {{0}}},
};

static void test_piece_table(void)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct piece_case *c = &cases[i];
		struct pci_vfio_bar_layout in = {
		    .bar_size = c->bar_size,
		    .page_size = c->page_size,
		    .table_offset = c->table_offset,
		    .table_size = c->table_size,
		    .sparse = c->sparse,
		    .areas = c->areas,
		    .nb_areas = c->nb_areas,
		};
		struct pci_vfio_piece out[PCI_VFIO_MAX_PIECES] = {{0}};
		int n = pci_vfio_mmap_pieces(&in, out, PCI_VFIO_MAX_PIECES);
		bool ok = n == c->expect;
		for (int p = 0; ok && p < n; p++)
			ok = out[p].offset == c->pieces[p].offset && out[p].len == c->pieces[p].len;
		if (!ok) {
			printf("\n  case '%s': got %d pieces:", c->what, n);
			for (int p = 0; p < n; p++)
				printf(" [0x%llx,+0x%llx)", (unsigned long long)out[p].offset,
				       (unsigned long long)out[p].len);
			printf("\n");
		}
		CU_ASSERT_TRUE(ok);
	}
}

/* Every byte outside the table's pages is covered exactly once; none inside is. */
static void test_pieces_cover_the_rest(void)
{
	const uint64_t bar = 0x10000;

	for (uint64_t off = 0; off < bar; off += 0x3f0) {
		for (uint64_t size = 16; size <= 0x2100 && off + size <= bar; size += 0x7f0) {
			struct pci_vfio_bar_layout in = {.bar_size = bar,
							 .page_size = PG,
							 .table_offset = off,
							 .table_size = size};
			struct pci_vfio_piece out[PCI_VFIO_MAX_PIECES];
			int n = pci_vfio_mmap_pieces(&in, out, PCI_VFIO_MAX_PIECES);
			CU_ASSERT_TRUE_FATAL(n >= 0 && n <= 2);
			uint64_t hole_lo = off / PG * PG, hole_hi = (off + size + PG - 1) / PG * PG;
			uint64_t covered = 0;
			for (int p = 0; p < n; p++) {
				CU_ASSERT_EQUAL(out[p].offset % PG, 0);
				CU_ASSERT_TRUE(out[p].offset + out[p].len <= hole_lo ||
					       out[p].offset >= hole_hi);
				covered += out[p].len;
			}
			CU_ASSERT_EQUAL(covered, bar - (hole_hi - hole_lo));
		}
	}
}

static void test_too_many_pieces(void)
{
	const struct rte_vfio_area areas[2] = {{0, 0x4000}, {0x8000, 0x4000}};
	struct pci_vfio_bar_layout in = {.bar_size = 0x10000,
					 .page_size = PG,
					 .table_offset = 0x1000,
					 .table_size = 0x10,
					 .sparse = true,
					 .areas = areas,
					 .nb_areas = 2};
	struct pci_vfio_piece out[2];

	/* [0,0x1000) [0x2000,0x4000) [0x8000,0xc000): three pieces do not fit in two. */
	CU_ASSERT_EQUAL(pci_vfio_mmap_pieces(&in, out, 2), -E2BIG);
	struct pci_vfio_piece more[3];
	CU_ASSERT_EQUAL(pci_vfio_mmap_pieces(&in, more, 3), 3);
	CU_ASSERT_EQUAL(more[1].offset, 0x2000);
	CU_ASSERT_EQUAL(more[1].len, 0x2000);
}

void vfiobe_add_pieces_suite(void)
{
	CU_pSuite s = CU_add_suite("vfio-pci BAR pieces around the MSI-X table", NULL, NULL);
	CU_add_test(s, "table of cases", test_piece_table);
	CU_add_test(s, "pieces cover everything but the table's pages", test_pieces_cover_the_rest);
	CU_add_test(s, "output too small", test_too_many_pieces);
}
