#include "compute/work.h"

#include "runtime/console.h"
#include "runtime/layout.h"
#include "runtime/libc.h"
#include "runtime/runtime.h"

#define BUF_BYTES 4096
#define SORT_N 512
#define STR_BYTES 256

struct workspace {
	uint8_t buf[BUF_BYTES];
	uint32_t a[SORT_N], b[SORT_N], tmp[SORT_N];
	char s[STR_BYTES], t[STR_BYTES];
};

/* One per thread so compute_smp threads never share a cache line of data. */
static struct workspace spaces[FW_MAX_THREADS] __attribute__((aligned(128)));

/* Knuth's MMIX LCG (TAOCP vol. 2, 3.3.4); the upper half has the better statistics. */
static uint32_t lcg_next(uint64_t *state)
{
	*state = *state * 6364136223846793005ull + 1442695040888963407ull;
	return (uint32_t)(*state >> 32);
}

static uint32_t mix(uint32_t h, uint32_t v)
{
	h ^= v;
	h *= 0x9e3779b1u; /* golden-ratio multiplier: spreads every input bit */
	return (h << 13) | (h >> 19);
}

/* ---- CRC-32 ---------------------------------------------------------------------------- */

static uint32_t crc_table[256];
static volatile uint32_t crc_table_ready;

static void crc_init(void)
{
	if (crc_table_ready)
		return;
	/* Every thread computes the same table; a racing duplicate write stores equal values. */
	for (uint32_t i = 0; i < 256; i++) {
		uint32_t c = i;
		for (int k = 0; k < 8; k++)
			c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
		crc_table[i] = c;
	}
	__asm__ __volatile__("sync" ::: "memory");
	crc_table_ready = 1;
}

uint32_t compute_crc32(const void *data, uint32_t len)
{
	crc_init();
	const uint8_t *p = data;
	uint32_t c = 0xffffffffu;
	while (len--)
		c = crc_table[(c ^ *p++) & 0xff] ^ (c >> 8);
	return c ^ 0xffffffffu;
}

/* ---- sorting --------------------------------------------------------------------------- */

static void swap_u32(uint32_t *x, uint32_t *y)
{
	uint32_t t = *x;
	*x = *y;
	*y = t;
}

/* Hoare partition around the median of three; recursion on the smaller side first keeps
 * the stack depth logarithmic (the per-thread stack is 20 KiB). */
static void quicksort(uint32_t *v, long lo, long hi)
{
	while (lo < hi) {
		long mid = lo + (hi - lo) / 2;
		if (v[mid] < v[lo])
			swap_u32(&v[mid], &v[lo]);
		if (v[hi] < v[lo])
			swap_u32(&v[hi], &v[lo]);
		if (v[hi] < v[mid])
			swap_u32(&v[hi], &v[mid]);
		uint32_t pivot = v[mid];
		long i = lo - 1, j = hi + 1;
		for (;;) {
			do
				i++;
			while (v[i] < pivot);
			do
				j--;
			while (v[j] > pivot);
			if (i >= j)
				break;
			swap_u32(&v[i], &v[j]);
		}
		if (j - lo < hi - j) {
			quicksort(v, lo, j);
			lo = j + 1;
		} else {
			quicksort(v, j + 1, hi);
			hi = j;
		}
	}
}

static void merge_sort(uint32_t *v, uint32_t *tmp, uint32_t n)
{
	if (n < 2)
		return;
	uint32_t h = n / 2;
	merge_sort(v, tmp, h);
	merge_sort(v + h, tmp, n - h);
	uint32_t i = 0, j = h, k = 0;
	while (i < h && j < n)
		tmp[k++] = v[j] < v[i] ? v[j++] : v[i++];
	while (i < h)
		tmp[k++] = v[i++];
	while (j < n)
		tmp[k++] = v[j++];
	memcpy(v, tmp, n * sizeof *v);
}

static uint32_t sort_round(struct workspace *w, uint64_t *rng)
{
	uint64_t sum_in = 0, sum_q = 0;
	for (uint32_t i = 0; i < SORT_N; i++) {
		/* Narrow range in half the rounds: many duplicates exercise the partition ties. */
		uint32_t x = lcg_next(rng);
		if (*rng & (1ull << 20))
			x &= 0x3f;
		w->a[i] = w->b[i] = x;
		sum_in += x;
	}
	quicksort(w->a, 0, SORT_N - 1);
	merge_sort(w->b, w->tmp, SORT_N);
	uint32_t h = 0;
	for (uint32_t i = 0; i < SORT_N; i++) {
		if (i && w->a[i - 1] > w->a[i]) {
			fw_fail("quicksort: element %u out of order", i);
			break;
		}
		sum_q += w->a[i];
		h = mix(h, w->a[i]);
	}
	/* Same multiset (sum) and both sorts agree element for element (a sorted permutation
	 * is unique). */
	if (sum_q != sum_in)
		fw_fail("quicksort: sum changed from %lu to %lu", (unsigned long)sum_in,
			(unsigned long)sum_q);
	if (memcmp(w->a, w->b, sizeof w->a) != 0)
		fw_fail("merge sort and quicksort disagree");
	return h;
}

/* ---- __int128 -------------------------------------------------------------------------- */

typedef unsigned __int128 u128;
typedef __int128 s128;

static uint32_t fold128(u128 v)
{
	return mix(mix(0, (uint32_t)(v >> 96)), mix((uint32_t)(v >> 64), mix((uint32_t)(v >> 32), (uint32_t)v)));
}

static uint32_t int128_round(uint64_t *rng)
{
	uint32_t h = 0;
	for (int k = 0; k < 16; k++) {
		uint64_t a = ((uint64_t)lcg_next(rng) << 32) | lcg_next(rng);
		uint64_t b = ((uint64_t)lcg_next(rng) << 32) | lcg_next(rng) | 1;
		uint64_t c = ((uint64_t)lcg_next(rng) << 32) | lcg_next(rng);
		c %= b;
		u128 x = (u128)a * b + c; /* < 2^128 since c < b */
		/* Division identity: (a*b + c) / b = a, remainder c, for c < b. */
		u128 q = x / b;
		u128 r = x % b;
		if (q != a || r != c)
			fw_fail("u128: (a*b+c)/b wrong for a=0x%lx b=0x%lx", (unsigned long)a,
				(unsigned long)b);
		/* Signed: truncation toward zero (C11 6.5.5), |r| < |d|, sign of r = sign of n. */
		s128 n = -(s128)(x >> 2) / 3; /* x >> 2 < 2^126: n <= 0 */
		s128 d = (s128)(int64_t)(b | 0x8000000000000000ull); /* negative */
		s128 sq = n / d, sr = n % d;
		if (sq * d + sr != n || sr > 0 || -sr >= -d)
			fw_fail("s128: division identity broken");
		unsigned sh = lcg_next(rng) & 127;
		u128 l = x << sh, rr = x >> sh;
		s128 ar = (s128)x >> sh;
		/* Shifts back: the bits that stay in range survive a round trip. */
		if ((l >> sh) != (sh ? x & (((u128)1 << (128 - sh)) - 1) : x))
			fw_fail("u128: shift round trip failed for shift %u", sh);
		h = mix(h, fold128(q) ^ fold128(r) ^ fold128((u128)sq) ^ fold128((u128)sr));
		h = mix(h, fold128(l) ^ fold128(rr) ^ fold128((u128)ar));
	}
	return h;
}

/* ---- byte swaps ------------------------------------------------------------------------ */

static uint32_t bswap_round(struct workspace *w)
{
	uint32_t h = 0;
	/* Big-endian memory: a 64-bit load of bytes b0..b7 is b0<<56 | ... | b7; its byte swap
	 * must equal the little-endian composition of the same bytes. */
	for (uint32_t i = 0; i + 8 <= BUF_BYTES; i += 8) {
		const uint8_t *p = &w->buf[i];
		uint64_t be, le = 0;
		memcpy(&be, p, 8);
		for (int k = 7; k >= 0; k--)
			le = (le << 8) | p[k];
		uint64_t s64 = __builtin_bswap64(be);
		uint32_t s32 = __builtin_bswap32((uint32_t)be);
		uint16_t s16 = __builtin_bswap16((uint16_t)be);
		if (s64 != le || s32 != (uint32_t)(le >> 32) || s16 != (uint16_t)(le >> 48)) {
			fw_fail("bswap: wrong at offset %u", i);
			break;
		}
		h = mix(h, (uint32_t)s64 ^ s32 ^ s16);
	}
	return h;
}

/* ---- string functions ------------------------------------------------------------------ */

static uint32_t string_round(struct workspace *w, uint64_t *rng)
{
	uint32_t h = 0;
	for (int k = 0; k < 8; k++) {
		uint32_t len = 16 + (lcg_next(rng) % (STR_BYTES / 2));
		for (uint32_t i = 0; i < len; i++)
			w->s[i] = (char)('a' + lcg_next(rng) % 26);
		w->s[len] = '\0';
		if (strlen(w->s) != len)
			fw_fail("strlen: %u expected %u", (unsigned)strlen(w->s), len);
		memset(w->t, 0x55, STR_BYTES);
		memcpy(w->t, w->s, len + 1);
		if (strcmp(w->s, w->t) != 0 || memcmp(w->t + len + 1, "\x55\x55", 2) != 0)
			fw_fail("memcpy/strcmp: copy differs or overran");
		/* strcmp's sign follows the first differing byte (C11 7.24.4.2). */
		uint32_t pos = lcg_next(rng) % len;
		w->t[pos] = (char)(w->s[pos] + 1);
		if (strcmp(w->s, w->t) >= 0 || strcmp(w->t, w->s) <= 0)
			fw_fail("strcmp: wrong sign at position %u", pos);
		const char *c = strchr(w->s, w->s[pos]);
		uint32_t first = 0;
		while (w->s[first] != w->s[pos])
			first++;
		if (c != w->s + first || strchr(w->s, '#') != NULL || strchr(w->s, 0) != w->s + len)
			fw_fail("strchr: wrong result");
		/* memmove with overlap both ways against an element-wise reference. */
		uint32_t shift = 1 + lcg_next(rng) % 7;
		memcpy(w->t, w->s, len + 1);
		memmove(w->t + shift, w->t, len - shift);
		for (uint32_t i = shift; i < len; i++)
			if (w->t[i] != w->s[i - shift]) {
				fw_fail("memmove forward overlap wrong at %u", i);
				break;
			}
		memcpy(w->t, w->s, len + 1);
		memmove(w->t, w->t + shift, len - shift);
		for (uint32_t i = 0; i + shift < len; i++)
			if (w->t[i] != w->s[i + shift]) {
				fw_fail("memmove backward overlap wrong at %u", i);
				break;
			}
		memset(w->t + 3, 'Z', 5);
		if (memcmp(w->t + 3, "ZZZZZ", 5) != 0)
			fw_fail("memset wrong");
		h = mix(h, compute_crc32(w->t, len) ^ (uint32_t)(c - w->s));
	}
	return h;
}

/* ---- recursion ------------------------------------------------------------------------- */

static uint64_t ackermann(uint64_t m, uint64_t n)
{
	if (m == 0)
		return n + 1;
	if (n == 0)
		return ackermann(m - 1, 1);
	return ackermann(m - 1, ackermann(m, n - 1));
}

static uint32_t fib(uint32_t n)
{
	return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

static void hanoi(uint32_t n, uint32_t from, uint32_t to, uint32_t via, uint32_t *moves,
		  uint32_t *h)
{
	if (n == 0)
		return;
	hanoi(n - 1, from, via, to, moves, h);
	(*moves)++;
	*h = mix(*h, n << 8 | from << 4 | to);
	hanoi(n - 1, via, to, from, moves, h);
}

static uint32_t recursion_round(uint64_t *rng)
{
	uint32_t n = 14 + lcg_next(rng) % 4; /* fib(14..17) */
	uint32_t f = fib(n);
	/* fib(n) = fib(n-1) + fib(n-2) computed iteratively as an independent reference. */
	uint32_t x = 0, y = 1;
	for (uint32_t i = 0; i < n; i++) {
		uint32_t z = x + y;
		x = y;
		y = z;
	}
	if (f != x)
		fw_fail("fib(%u) = %u, iteration gives %u", n, f, x);
	uint32_t m = 2 + lcg_next(rng) % 2, k = lcg_next(rng) % 4;
	uint64_t a = ackermann(m, k);
	/* A(2,n) = 2n+3 and A(3,n) = 2^(n+3)-3 (closed forms). */
	uint64_t want = m == 2 ? 2 * k + 3 : (1ull << (k + 3)) - 3;
	if (a != want)
		fw_fail("ackermann(%u,%u) = %lu, expected %lu", m, k, (unsigned long)a,
			(unsigned long)want);
	uint32_t discs = 6 + lcg_next(rng) % 5, moves = 0, hh = 0;
	hanoi(discs, 0, 2, 1, &moves, &hh);
	if (moves != (1u << discs) - 1)
		fw_fail("hanoi(%u): %u moves, expected %u", discs, moves, (1u << discs) - 1);
	return mix(mix(f, (uint32_t)a), hh);
}

/* ---- driver ---------------------------------------------------------------------------- */

void compute_run(uint64_t seed, uint32_t iterations, struct compute_result *r)
{
	struct workspace *w = &spaces[fw_self_index() % FW_MAX_THREADS];
	uint64_t rng = seed * 0x100000001b3ull + 0xcbf29ce484222325ull;
	memset(r, 0, sizeof *r);
	for (uint32_t it = 0; it < iterations; it++) {
		for (uint32_t i = 0; i < BUF_BYTES; i += 4) {
			uint32_t v = lcg_next(&rng);
			memcpy(&w->buf[i], &v, 4);
		}
		r->crc = mix(r->crc, compute_crc32(w->buf, BUF_BYTES));
		r->sort = mix(r->sort, sort_round(w, &rng));
		r->i128 = mix(r->i128, int128_round(&rng));
		r->bswap = mix(r->bswap, bswap_round(w));
		r->str = mix(r->str, string_round(w, &rng));
		r->rec = mix(r->rec, recursion_round(&rng));
	}
	uint32_t t = 0;
	t = mix(t, r->crc);
	t = mix(t, r->sort);
	t = mix(t, r->i128);
	t = mix(t, r->bswap);
	t = mix(t, r->str);
	t = mix(t, r->rec);
	r->total = t;
}

static int check_u64(int verbose, const char *name, uint64_t got, uint64_t want)
{
	if (verbose)
		fw_printf("%s = %lu (0x%lx)\n", name, (unsigned long)got, (unsigned long)got);
	if (got == want)
		return 0;
	fw_fail("%s: got 0x%lx expected 0x%lx", name, (unsigned long)got, (unsigned long)want);
	return 1;
}

int compute_known_answers(int verbose)
{
	int bad = 0;
	/* The CRC-32 check value of "123456789" (the standard catalogue's "check" field). */
	bad += check_u64(verbose, "crc32(\"123456789\")", compute_crc32("123456789", 9),
			 0xcbf43926u);
	/* (2^64-1)^2 = 2^128 - 2^65 + 1. */
	u128 m = (u128)0xffffffffffffffffull * 0xffffffffffffffffull;
	bad += check_u64(verbose, "(2^64-1)^2 high", (uint64_t)(m >> 64), 0xfffffffffffffffeull);
	bad += check_u64(verbose, "(2^64-1)^2 low", (uint64_t)m, 1);
	/* 10^38 / 10^19 = 10^19 and 10^38 mod (10^19 + 1) = 1 (since 10^19 = -1 mod 10^19+1). */
	u128 e38 = (u128)10000000000000000000ull * 10000000000000000000ull;
	volatile uint64_t e19 = 10000000000000000000ull;
	bad += check_u64(verbose, "10^38 / 10^19", (uint64_t)(e38 / e19), 10000000000000000000ull);
	bad += check_u64(verbose, "10^38 mod (10^19+1)", (uint64_t)(e38 % (e19 + 1)), 1);
	volatile int sh = 100;
	bad += check_u64(verbose, "(1<<100)>>37", (uint64_t)(((u128)1 << sh) >> 37), 1ull << 63);
	/* -7 / 2 = -3 rem -1 in C (truncation). */
	volatile s128 n7 = -7;
	bad += check_u64(verbose, "(s128)-7 / 2", (uint64_t)(n7 / 2), (uint64_t)-3);
	bad += check_u64(verbose, "(s128)-7 % 2", (uint64_t)(n7 % 2), (uint64_t)-1);
	volatile uint64_t v = 0x0102030405060708ull;
	bad += check_u64(verbose, "bswap16(0x0708)", __builtin_bswap16((uint16_t)v), 0x0807);
	bad += check_u64(verbose, "bswap32(0x05060708)", __builtin_bswap32((uint32_t)v), 0x08070605);
	bad += check_u64(verbose, "bswap64(0x0102030405060708)", __builtin_bswap64(v),
			 0x0807060504030201ull);
	bad += check_u64(verbose, "strlen(\"hello, world\")", strlen("hello, world"), 12);
	bad += check_u64(verbose, "fib(20)", fib(20), 6765);
	bad += check_u64(verbose, "ackermann(3,3)", ackermann(3, 3), 61);
	uint32_t moves = 0, h = 0;
	hanoi(10, 0, 2, 1, &moves, &h);
	bad += check_u64(verbose, "hanoi(10) moves", moves, 1023);
	return bad;
}
