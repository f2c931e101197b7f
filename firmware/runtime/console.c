#include "runtime/console.h"

#include "runtime/fdt.h"
#include "runtime/hcall.h"
#include "runtime/libc.h"
#include "runtime/spinlock.h"

static uint32_t termno;
static fw_spinlock_t console_lock = FW_SPINLOCK_INIT;

static int vty_reg(int node)
{
	return (int)fdt_prop_u32(node, "reg", 0);
}

void fw_console_init(void)
{
	int len;
	const char *path = fdt_getprop(fdt_path_offset("/chosen"), "stdout-path", &len);
	if (path && len > 1 && len < 128 && path[len - 1] == '\0') {
		/* DTSpec 3.6: stdout-path may carry ":options" after the node path. */
		char node_path[128];
		int n = 0;
		while (path[n] && path[n] != ':') {
			node_path[n] = path[n];
			n++;
		}
		node_path[n] = '\0';
		int node = fdt_path_offset(node_path);
		if (node >= 0) {
			termno = (uint32_t)vty_reg(node);
			return;
		}
	}
	int vdev = fdt_path_offset("/vdevice");
	for (int n = vdev >= 0 ? fdt_first_child(vdev) : -1; n >= 0; n = fdt_next_sibling(n)) {
		if (fdt_prop_is(n, "compatible", "hvterm1")) {
			termno = (uint32_t)vty_reg(n);
			return;
		}
	}
	termno = 0;
}

uint32_t fw_console_termno(void)
{
	return termno;
}

/* One H_PUT_TERM_CHAR packet: byte i is byte i of the big-endian pair r6:r7. */
static void put_packet(const char *s, size_t n)
{
	unsigned long w[2] = {0, 0};
	for (size_t i = 0; i < n; i++)
		w[i / 8] |= (unsigned long)(unsigned char)s[i] << (56 - 8 * (i % 8));
	const unsigned long in[8] = {termno, n, w[0], w[1]};
	while (fw_hcall(H_PUT_TERM_CHAR, in, NULL) == H_BUSY)
		;
}

struct sink {
	char *buf; /* snprintf target, or NULL for the console */
	size_t size, used;
	char pkt[16];
	size_t npkt;
	int count;
};

static void sink_flush(struct sink *k)
{
	if (k->npkt)
		put_packet(k->pkt, k->npkt);
	k->npkt = 0;
}

static void sink_put(struct sink *k, char c)
{
	k->count++;
	if (k->buf) {
		if (k->used + 1 < k->size)
			k->buf[k->used++] = c;
		return;
	}
	k->pkt[k->npkt++] = c;
	if (k->npkt == sizeof k->pkt)
		sink_flush(k);
}

static void put_padded(struct sink *k, const char *s, size_t n, int width, int left, char pad)
{
	int fill = width > (int)n ? width - (int)n : 0;
	if (!left && pad == '0' && n && (*s == '-') && fill) {
		sink_put(k, *s++);
		n--;
	}
	if (!left)
		while (fill-- > 0)
			sink_put(k, pad);
	while (n--)
		sink_put(k, *s++);
	if (left)
		while (fill-- > 0)
			sink_put(k, ' ');
}

static size_t utoa(char *out, unsigned long long v, unsigned base, int upper)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	size_t n = 0;
	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v);
	for (size_t i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	return n;
}

static void format(struct sink *k, const char *fmt, va_list ap)
{
	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			sink_put(k, *fmt);
			continue;
		}
		fmt++;
		int left = 0;
		char pad = ' ';
		for (;; fmt++) {
			if (*fmt == '-')
				left = 1;
			else if (*fmt == '0')
				pad = '0';
			else
				break;
		}
		int width = 0;
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (*fmt++ - '0');
		int lng = 0;
		while (*fmt == 'l' || *fmt == 'z') {
			lng++;
			fmt++;
		}
		char num[26];
		size_t n;
		unsigned long long u;
		switch (*fmt) {
		case 'd':
		case 'i': {
			long long v = lng ? va_arg(ap, long) : va_arg(ap, int);
			n = 0;
			if (v < 0) {
				num[n++] = '-';
				u = 0ull - (unsigned long long)v;
			} else {
				u = (unsigned long long)v;
			}
			n += utoa(num + n, u, 10, 0);
			put_padded(k, num, n, width, left, pad);
			break;
		}
		case 'u':
		case 'x':
		case 'X':
			u = lng ? va_arg(ap, unsigned long) : va_arg(ap, unsigned int);
			n = utoa(num, u, *fmt == 'u' ? 10 : 16, *fmt == 'X');
			put_padded(k, num, n, width, left, pad);
			break;
		case 'p':
			num[0] = '0';
			num[1] = 'x';
			n = 2 + utoa(num + 2, (unsigned long)va_arg(ap, void *), 16, 0);
			put_padded(k, num, n, width, left, ' ');
			break;
		case 'c':
			num[0] = (char)va_arg(ap, int);
			put_padded(k, num, 1, width, left, ' ');
			break;
		case 's': {
			const char *s = va_arg(ap, const char *);
			if (!s)
				s = "(null)";
			put_padded(k, s, strlen(s), width, left, ' ');
			break;
		}
		case '%':
			sink_put(k, '%');
			break;
		case '\0':
			return;
		default: /* unknown conversion: show it rather than guess */
			sink_put(k, '%');
			sink_put(k, *fmt);
			break;
		}
	}
}

int fw_vprintf(const char *fmt, va_list ap)
{
	struct sink k = {0};
	fw_spin_lock(&console_lock);
	format(&k, fmt, ap);
	sink_flush(&k);
	fw_spin_unlock(&console_lock);
	return k.count;
}

int fw_printf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = fw_vprintf(fmt, ap);
	va_end(ap);
	return n;
}

int fw_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct sink k = {0};
	k.buf = buf;
	k.size = size;
	format(&k, fmt, ap);
	if (size)
		buf[k.used] = '\0';
	return k.count;
}

int fw_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = fw_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

void fw_putc(char c)
{
	fw_printf("%c", c);
}

void fw_puts(const char *s)
{
	fw_printf("%s", s);
}
