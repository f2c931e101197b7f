#pragma once
// hcall numbers, hcall return codes and RTAS status codes, in one place.
// Values: xics-spec.md sections 3.2 (numbers), 3.3 (return codes) and 3.4 (RTAS status).
#include <cstdint>

namespace ppc64sim::hyp {

// hcall opcodes (r3 on `sc 1`), xics-spec.md section 3.2.
namespace hc {
inline constexpr uint64_t H_LOGICAL_CI_LOAD = 0x3C;
inline constexpr uint64_t H_LOGICAL_CI_STORE = 0x40;
inline constexpr uint64_t H_GET_TERM_CHAR = 0x54;
inline constexpr uint64_t H_PUT_TERM_CHAR = 0x58;
inline constexpr uint64_t H_EOI = 0x64;
inline constexpr uint64_t H_CPPR = 0x68;
inline constexpr uint64_t H_IPI = 0x6C;
inline constexpr uint64_t H_IPOLL = 0x70;
inline constexpr uint64_t H_XIRR = 0x74;
inline constexpr uint64_t H_REGISTER_VPA = 0xDC;
inline constexpr uint64_t H_CEDE = 0xE0;
inline constexpr uint64_t H_CONFER = 0xE4;
inline constexpr uint64_t H_PROD = 0xE8;
inline constexpr uint64_t H_XIRR_X = 0x2FC;
inline constexpr uint64_t H_SET_MODE = 0x31C;
// QEMU/KVM private range (KVMPPC_HCALL_BASE .. KVMPPC_HCALL_MAX).
inline constexpr uint64_t H_RTAS = 0xF000;
inline constexpr uint64_t H_LOGICAL_MEMOP = 0xF001;
inline constexpr uint64_t H_CAS = 0xF002;
inline constexpr uint64_t H_UPDATE_DT = 0xF003;
} // namespace hc

// hcall status written to r3, xics-spec.md section 3.3.
inline constexpr int64_t H_SUCCESS = 0;
inline constexpr int64_t H_BUSY = 1;
inline constexpr int64_t H_HARDWARE = -1;
inline constexpr int64_t H_FUNCTION = -2;
inline constexpr int64_t H_PRIVILEGE = -3;
inline constexpr int64_t H_PARAMETER = -4;
inline constexpr int64_t H_BAD_MODE = -5;
inline constexpr int64_t H_NOT_FOUND = -7;
inline constexpr int64_t H_P2 = -55;
inline constexpr int64_t H_P3 = -56;
inline constexpr int64_t H_P4 = -57;
inline constexpr int64_t H_P5 = -58;
inline constexpr int64_t H_UNSUPPORTED_FLAG = -256;

// H_SET_MODE resources and endianness flags, xics-spec.md section 3.2.
inline constexpr uint64_t H_SET_MODE_RESOURCE_ADDR_TRANS_MODE = 3;
inline constexpr uint64_t H_SET_MODE_RESOURCE_LE = 4;
inline constexpr uint64_t H_SET_MODE_ENDIAN_BIG = 0;
inline constexpr uint64_t H_SET_MODE_ENDIAN_LITTLE = 1;

// RTAS status (rets[0]), xics-spec.md section 3.4.
namespace rtas_status {
inline constexpr int32_t SUCCESS = 0;
inline constexpr int32_t HW_ERROR = -1;
inline constexpr int32_t BUSY = -2;
inline constexpr int32_t PARAM_ERROR = -3;
inline constexpr int32_t NOT_AUTHORIZED = -9002;
} // namespace rtas_status

// query-cpu-stopped-state results, xics-spec.md section 3.4 table.
namespace rtas_cpu_state {
inline constexpr uint32_t STOPPED = 0;
inline constexpr uint32_t RUNNING = 2;
} // namespace rtas_cpu_state

} // namespace ppc64sim::hyp
