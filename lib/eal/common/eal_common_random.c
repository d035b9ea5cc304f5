/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * rte_random.h. The generator is xoshiro256** (Blackman and Vigna, 2018): 256 bits of state,
 * period 2^256 - 1, passes BigCrush, a few cycles per number. DPDK 22.11 uses L'Ecuyer's
 * LFSR258 instead, with state per lcore; DPDK promises no particular sequence, so the two
 * differ for the same seed. openeal keeps the state per thread (thread-local), which needs
 * no lcore id and gives every thread, EAL or not, its own stream.
 *
 * rte_srand must reach threads that already hold state: it publishes the seed with a new
 * generation number, and each thread reseeds at its next draw when its generation is stale.
 * Thread k (in the order threads first draw after a seed) gets the stream of seed + k spread
 * by splitmix64, so streams of different threads are unrelated.
 */
#include <stdatomic.h>
#include <sys/random.h>
#include <time.h>

#include <rte_random.h>

struct rand_state {
	uint64_t s[4];
	uint64_t generation; /* of the seed this state came from; 0: never seeded */
};

static _Atomic uint64_t seed_value;
/* From 1, so that a state never seeded (generation 0) is always stale, even for a draw made
 * by another library's constructor before rand_initial_seed ran. */
static _Atomic uint64_t seed_generation = 1;
static _Atomic uint64_t threads_seeded; /* since the last rte_srand */
static _Thread_local struct rand_state rand_state;

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static void state_seed(struct rand_state *st, uint64_t generation)
{
	/* The order matters little: a race with rte_srand yields one seed or the other. */
	uint64_t x = atomic_load_explicit(&seed_value, memory_order_acquire) +
		     atomic_fetch_add_explicit(&threads_seeded, 1, memory_order_relaxed);

	for (int i = 0; i < 4; i++)
		st->s[i] = splitmix64(&x);
	/* splitmix64 is a bijection of a counter: four consecutive outputs are never all 0. */
	st->generation = generation;
}

uint64_t rte_rand(void)
{
	struct rand_state *st = &rand_state;
	uint64_t generation = atomic_load_explicit(&seed_generation, memory_order_acquire);

	if (st->generation != generation)
		state_seed(st, generation);
	uint64_t *s = st->s;
	uint64_t result = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

void rte_srand(uint64_t seedval)
{
	atomic_store_explicit(&seed_value, seedval, memory_order_relaxed);
	atomic_store_explicit(&threads_seeded, 0, memory_order_relaxed);
	atomic_fetch_add_explicit(&seed_generation, 1, memory_order_release);
}

/*
 * Uniform without modulo bias: draw under the smallest all-ones mask covering the bound and
 * retry the (fewer than half) draws at or above it.
 */
uint64_t rte_rand_max(uint64_t upper_bound)
{
	if (upper_bound < 2)
		return 0;
	if ((upper_bound & (upper_bound - 1)) == 0)
		return rte_rand() & (upper_bound - 1);
	uint64_t mask = UINT64_MAX >> __builtin_clzll(upper_bound);
	uint64_t r;
	do
		r = rte_rand() & mask;
	while (r >= upper_bound);
	return r;
}

double rte_drand(void)
{
	/* The top 53 bits, the precision of a double, scaled by 2^-53. */
	return (double)(rte_rand() >> 11) * 0x1.0p-53;
}

/* The first seed: the kernel's entropy, or the clock if getrandom is unavailable (seccomp). */
RTE_INIT(rand_initial_seed)
{
	uint64_t seed;

	if (getrandom(&seed, sizeof(seed), GRND_NONBLOCK) != (ssize_t)sizeof(seed)) {
		struct timespec ts;
		clock_gettime(CLOCK_MONOTONIC, &ts);
		seed = (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
	}
	rte_srand(seed);
}
