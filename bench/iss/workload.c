/* ISS micro benchmark workload: integer code as a compiler emits it (loops, calls, loads and
 * stores, multiply/divide, rotates, compares). Freestanding: no libc, no TOC use (no globals,
 * no literals, no jump tables), so the raw blob runs at any address. It loops forever and
 * publishes its progress at the absolute address 0x100 for the harness to check. */
typedef unsigned long u64;
typedef unsigned int u32;
typedef unsigned char u8;

#define PROGRESS ((volatile u64*)0x100)
#define CHECKSUM ((volatile u64*)0x108)

static u32 crc32_bitwise(const u8* p, u32 n) {
  u32 crc = 0xffffffffu;
  for (u32 i = 0; i < n; ++i) {
    crc ^= p[i];
    for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
  }
  return ~crc;
}

static void insertion_sort(u32* a, u32 n) {
  for (u32 i = 1; i < n; ++i) {
    u32 v = a[i];
    u32 j = i;
    while (j > 0 && a[j - 1] > v) {
      a[j] = a[j - 1];
      --j;
    }
    a[j] = v;
  }
}

static void quick_sort(u64* a, long lo, long hi) {
  while (lo < hi) {
    u64 pivot = a[(lo + hi) / 2];
    long i = lo, j = hi;
    while (i <= j) {
      while (a[i] < pivot) ++i;
      while (a[j] > pivot) --j;
      if (i <= j) {
        u64 t = a[i];
        a[i] = a[j];
        a[j] = t;
        ++i;
        --j;
      }
    }
    if (j - lo < hi - i) {
      quick_sort(a, lo, j);
      lo = i;
    } else {
      quick_sort(a, i, hi);
      hi = j;
    }
  }
}

static u64 arith(u64 seed, u32 rounds) {
  u64 acc = seed;
  for (u32 i = 1; i <= rounds; ++i) {
    acc = acc * 6364136223846793005ul + 1442695040888963407ul;
    acc ^= (acc >> 29) | (acc << 35);
    acc += (acc / (i | 1u)) % 1000003u;
    acc -= (u64)((long)(acc >> 7) < 0 ? i : i * 3u);
  }
  return acc;
}

void bench_main(void) {
  u8 buf[1024];
  u32 small[128];
  u64 big[512];
  u64 state = 88172645463325252ul;
  for (u64 iter = 0;; ++iter) {
    for (u32 i = 0; i < sizeof buf; ++i) {
      state ^= state << 13;
      state ^= state >> 7;
      state ^= state << 17;
      buf[i] = (u8)state;
    }
    for (u32 i = 0; i < 128; ++i) small[i] = (u32)(state >> (i & 31)) * (i + 7u);
    for (u32 i = 0; i < 512; ++i) {
      state = state * 2862933555777941757ul + 3037000493ul;
      big[i] = state;
    }
    u64 sum = crc32_bitwise(buf, sizeof buf);
    insertion_sort(small, 128);
    quick_sort(big, 0, 511);
    sum += small[17] + big[200];
    sum += arith(sum, 2000);
    *CHECKSUM = sum;
    *PROGRESS = iter + 1;
  }
}
