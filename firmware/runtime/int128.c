/* 128-bit division helpers that gcc calls for __int128 '/' and '%' (the libgcc names and
 * signatures: gcc internals manual, "Integer library routines"). Firmware links with
 * -nostdlib and no libgcc, so the runtime provides them. Multiplication and shifts of
 * __int128 are expanded inline by gcc on powerpc64 and need no helper.
 *
 * Restoring binary long division: align the divisor's top bit with the dividend's, then one
 * compare-and-subtract per remaining quotient bit (at most 128 steps). When both operands
 * fit in 64 bits the hardware divdu does it in one instruction. */
typedef unsigned __int128 u128;
typedef __int128 s128;

u128 __udivmodti4(u128 n, u128 d, u128 *rem);
u128 __udivti3(u128 n, u128 d);
u128 __umodti3(u128 n, u128 d);
s128 __divti3(s128 n, s128 d);
s128 __modti3(s128 n, s128 d);

static int clz128(u128 v)
{
	unsigned long hi = (unsigned long)(v >> 64), lo = (unsigned long)v;
	if (hi)
		return __builtin_clzl(hi);
	return lo ? 64 + __builtin_clzl(lo) : 128;
}

u128 __udivmodti4(u128 n, u128 d, u128 *rem)
{
	u128 q = 0;
	if (d == 0) {
		/* Undefined in C; trap like a hardware divide-by-zero would on other targets. */
		__builtin_trap();
	}
	if ((n >> 64) == 0 && (d >> 64) == 0) {
		unsigned long a = (unsigned long)n, b = (unsigned long)d;
		q = a / b;
		if (rem)
			*rem = a - (unsigned long)q * b;
		return q;
	}
	if (d <= n) {
		int shift = clz128(d) - clz128(n);
		d <<= shift;
		for (int i = 0; i <= shift; i++) {
			q <<= 1;
			if (n >= d) {
				n -= d;
				q |= 1;
			}
			d >>= 1;
		}
	}
	if (rem)
		*rem = n;
	return q;
}

u128 __udivti3(u128 n, u128 d)
{
	return __udivmodti4(n, d, 0);
}

u128 __umodti3(u128 n, u128 d)
{
	u128 r;
	__udivmodti4(n, d, &r);
	return r;
}

/* C11 6.5.5: the quotient truncates toward zero and the remainder takes the dividend's sign.
 * Magnitudes are taken in unsigned arithmetic so the most negative value needs no care. */
static u128 magnitude(s128 v)
{
	return v < 0 ? -(u128)v : (u128)v;
}

s128 __divti3(s128 n, s128 d)
{
	u128 q = __udivmodti4(magnitude(n), magnitude(d), 0);
	return (s128)(((n < 0) != (d < 0)) ? -q : q);
}

s128 __modti3(s128 n, s128 d)
{
	u128 r;
	__udivmodti4(magnitude(n), magnitude(d), &r);
	return (s128)(n < 0 ? -r : r);
}
