#include "runtime/rtas.h"

#include "runtime/fdt.h"
#include "runtime/hcall.h"

#include <stdarg.h>
#include <stddef.h>

int32_t fw_rtas_token(const char *name)
{
	int len;
	const void *p = fdt_getprop(fdt_path_offset("/rtas"), name, &len);
	return (p && len == 4) ? (int32_t)fdt_read_u32(p, 0) : -1;
}

static int32_t rtas_call_v(int32_t token, int nargs, int nret, uint32_t *outputs, va_list ap)
{
	if (token < 0 || nargs < 0 || nret < 1 || nargs + nret > FW_RTAS_MAX_CELLS)
		return FW_RTAS_NO_TOKEN;

	/* On the caller's stack: real mode, so its address is the real address H_RTAS wants.
	 * We are big-endian, so native stores give the big-endian cells RTAS expects. */
	uint32_t buf[3 + FW_RTAS_MAX_CELLS];
	buf[0] = (uint32_t)token;
	buf[1] = (uint32_t)nargs;
	buf[2] = (uint32_t)nret;
	for (int i = 0; i < nargs; i++)
		buf[3 + i] = va_arg(ap, uint32_t);
	for (int i = 0; i < nret; i++)
		buf[3 + nargs + i] = 0;

	const unsigned long in[8] = {(unsigned long)buf};
	fw_hcall(H_RTAS, in, NULL);

	const volatile uint32_t *rets = &buf[3 + nargs];
	for (int i = 1; i < nret; i++)
		if (outputs)
			outputs[i - 1] = rets[i];
	return (int32_t)rets[0];
}

int32_t fw_rtas_call(const char *name, int nargs, int nret, uint32_t *outputs, ...)
{
	va_list ap;
	va_start(ap, outputs);
	int32_t st = rtas_call_v(fw_rtas_token(name), nargs, nret, outputs, ap);
	va_end(ap);
	return st;
}

int32_t fw_rtas_call_token(int32_t token, int nargs, int nret, uint32_t *outputs, ...)
{
	va_list ap;
	va_start(ap, outputs);
	int32_t st = rtas_call_v(token, nargs, nret, outputs, ap);
	va_end(ap);
	return st;
}

int32_t fw_rtas_query_cpu_stopped_state(uint32_t server, uint32_t *state)
{
	return fw_rtas_call("query-cpu-stopped-state", 1, 2, state, server);
}

int32_t fw_rtas_start_cpu(uint32_t server, uint32_t entry, uint32_t r3)
{
	return fw_rtas_call("start-cpu", 3, 1, NULL, server, entry, r3);
}

void fw_rtas_stop_self(void)
{
	fw_rtas_call("stop-self", 0, 1, NULL);
}

void fw_rtas_power_off(void)
{
	/* power-off takes two arguments (power-on time, unused here) and one return. */
	fw_rtas_call("power-off", 2, 1, NULL, 0u, 0u);
	for (;;)
		;
}
