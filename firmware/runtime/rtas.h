/* RTAS through H_RTAS (xics-spec.md 3.4; firmware-contract.md "RTAS through H_RTAS"): a
 * big-endian buffer {token, nargs, nret, args..., rets...}; rets[0] is the status. Tokens are
 * looked up by call name in the /rtas node, never assumed. */
#ifndef FW_RUNTIME_RTAS_H
#define FW_RUNTIME_RTAS_H
#include <stdint.h>

#define RTAS_SUCCESS 0
#define RTAS_HW_ERROR (-1)
#define RTAS_BUSY (-2)
#define RTAS_PARAM_ERROR (-3)
/* Not an RTAS status: the call name has no token in /rtas (outside RTAS's code range). */
#define FW_RTAS_NO_TOKEN (-0x10000)

#define FW_RTAS_MAX_CELLS 16

/* Token of the named call, or -1 when /rtas has none. */
int32_t fw_rtas_token(const char *name);

/* nargs uint32_t arguments follow; outputs[0..nret-2] receive rets[1..] (may be NULL when
 * nret == 1). Returns rets[0] or FW_RTAS_NO_TOKEN. */
int32_t fw_rtas_call(const char *name, int nargs, int nret, uint32_t *outputs, ...);
/* The same with a token already looked up (fw_rtas_call walks the device tree each time). */
int32_t fw_rtas_call_token(int32_t token, int nargs, int nret, uint32_t *outputs, ...);

int32_t fw_rtas_query_cpu_stopped_state(uint32_t server, uint32_t *state);
int32_t fw_rtas_start_cpu(uint32_t server, uint32_t entry, uint32_t r3);
void fw_rtas_stop_self(void);
__attribute__((noreturn)) void fw_rtas_power_off(void);

#endif
