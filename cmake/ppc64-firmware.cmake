# Firmware images for ppc64sim and QEMU pseries, built with the powerpc64 (big-endian) cross
# compiler through custom commands: the project's C/CXX languages stay the host compilers.
#
#   add_ppc64_firmware(NAME SOURCES a.c b.S ... [DEFINES X=1 ...] [COMPILE_OPTIONS ...]
#                      [DEPENDS files...])
#
# DEFINES become -D options of every source of this image (runtime included), so one source
# can yield several images (compute, compute_long); DEPENDS are extra inputs of every compile
# step (e.g. a blob pulled in with .incbin).
#
# links the sources with the runtime (firmware/runtime) into
#   ${CMAKE_BINARY_DIR}/firmware/NAME.elf  linked at physical 0, entry 0x100
#   ${CMAKE_BINARY_DIR}/firmware/NAME.bin  objcopy -O binary: the raw image loaded at 0
#   ${CMAKE_BINARY_DIR}/firmware/NAME.lst  disassembly, checked to hold no FP/VMX/VSX instruction
# and a target firmware_NAME (in ALL) with properties FIRMWARE_ELF and FIRMWARE_BIN.
#
# Run as a script (cmake -DFW_ELF=... -DFW_LST=... -DFW_OBJDUMP=... -P this file) it performs
# that instruction check.

if(CMAKE_SCRIPT_MODE_FILE)
  # Both QEMU and ppc64sim are driven by integer-only firmware (firmware-contract.md); an
  # FP/VMX/VSX instruction would also trap (MSR[FP/VEC/VSX] are 0). Mnemonic prefixes:
  # f*, lf*, stf*, mffs/mtfs*/mcrfs (FP); v*, lv*, stv*, m[ft]vscr, dss/dst (VMX);
  # xs/xv/xx*, lxs/lxv*, stxs/stxv*, m[ft]vsr* (VSX).
  execute_process(COMMAND ${FW_OBJDUMP} -d --no-show-raw-insn ${FW_ELF}
                  OUTPUT_FILE ${FW_LST} RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "objdump failed on ${FW_ELF}")
  endif()
  file(STRINGS ${FW_LST} lines REGEX "^ +[0-9a-f]+:\t")
  set(bad "")
  foreach(line IN LISTS lines)
    if(line MATCHES "^ +([0-9a-f]+):\t([a-z0-9.+-]+)")
      set(addr ${CMAKE_MATCH_1})
      set(mn ${CMAKE_MATCH_2})
      if(mn MATCHES "^(f|lf|stf|mffs|mtfs|mcrfs|v|lv|stv|mfvscr|mtvscr|dss|dst|xs|xv|xx|lxs|lxv|stxs|stxv|mfvsr|mtvsr)")
        list(APPEND bad "0x${addr}: ${mn}")
      endif()
    endif()
  endforeach()
  if(bad)
    file(REMOVE ${FW_LST})
    list(JOIN bad "\n  " bad_text)
    message(FATAL_ERROR "${FW_ELF} contains FP/VMX/VSX instructions:\n  ${bad_text}")
  endif()
  return()
endif()

set(PPC64_FW_CMAKE_FILE ${CMAKE_CURRENT_LIST_FILE})
find_program(PPC64_FW_CC powerpc64-linux-gnu-gcc REQUIRED)
find_program(PPC64_FW_OBJCOPY powerpc64-linux-gnu-objcopy REQUIRED)
find_program(PPC64_FW_OBJDUMP powerpc64-linux-gnu-objdump REQUIRED)

set(PPC64_FW_SOURCE_ROOT ${PROJECT_SOURCE_DIR}/firmware)
set(PPC64_FW_OUTPUT_DIR ${CMAKE_BINARY_DIR}/firmware)
set(PPC64_FW_LINKER_SCRIPT ${PPC64_FW_SOURCE_ROOT}/runtime/firmware.ld)
set(PPC64_FW_RUNTIME_SOURCES
    runtime/crt0.S
    runtime/exceptions.S
    runtime/console.c
    runtime/exceptions.c
    runtime/fdt.c
    runtime/hcall.c
    runtime/int128.c
    runtime/libc.c
    runtime/rtas.c
    runtime/runtime.c
    runtime/topology.c)

# Big-endian ELFv1 (see runtime/crt0.S), integer only. -mcpu=powerpc64 keeps to the base
# 64-bit integer ISA (no isel/popcntd/ldbrx/ISA 3.0 forms), the smallest set for the ISS.
# -fno-tree-loop-distribute-patterns stops gcc from turning memset's own loop into a memset call.
# -fno-jump-tables keeps data out of .text, so the disassembly check sees only instructions
# (a negative table offset would disassemble as an FP opcode).
set(PPC64_FW_CFLAGS
    -m64 -mbig-endian -mabi=elfv1 -mcpu=powerpc64 -mtune=power9
    -msoft-float -mno-altivec -mno-vsx -mtraceback=no
    -O2 -g -std=gnu11 -Wall -Wextra -Werror
    -ffreestanding -fno-builtin -fno-stack-protector -fno-common -fno-pie -fno-jump-tables
    -fno-tree-loop-distribute-patterns -fno-asynchronous-unwind-tables -fno-unwind-tables
    -I${PPC64_FW_SOURCE_ROOT})
set(PPC64_FW_LDFLAGS
    -m64 -mbig-endian -nostdlib -static -no-pie
    -Wl,--build-id=none -Wl,--no-dynamic-linker -Wl,--orphan-handling=error
    -Wl,--no-warn-rwx-segments) # one RWX segment is the point: the image is copied to 0 as is

function(add_ppc64_firmware NAME)
  cmake_parse_arguments(FW "" "" "SOURCES;DEFINES;COMPILE_OPTIONS;DEPENDS" ${ARGN})
  if(NOT FW_SOURCES)
    message(FATAL_ERROR "add_ppc64_firmware(${NAME}): no SOURCES given")
  endif()

  set(objdir ${CMAKE_CURRENT_BINARY_DIR}/${NAME}.dir)
  set(extra_flags ${FW_COMPILE_OPTIONS})
  foreach(def IN LISTS FW_DEFINES)
    list(APPEND extra_flags -D${def})
  endforeach()
  set(objects "")
  set(sources "")
  foreach(src IN LISTS PPC64_FW_RUNTIME_SOURCES)
    list(APPEND sources ${PPC64_FW_SOURCE_ROOT}/${src})
  endforeach()
  foreach(src IN LISTS FW_SOURCES)
    get_filename_component(abs ${src} ABSOLUTE BASE_DIR ${CMAKE_CURRENT_SOURCE_DIR})
    list(APPEND sources ${abs})
  endforeach()

  foreach(abs IN LISTS sources)
    file(RELATIVE_PATH rel ${PPC64_FW_SOURCE_ROOT} ${abs})
    if(rel MATCHES "^\\.\\.")
      get_filename_component(rel ${abs} NAME)
    endif()
    set(obj ${objdir}/${rel}.o)
    get_filename_component(dir ${obj} DIRECTORY)
    file(MAKE_DIRECTORY ${dir})
    add_custom_command(
      OUTPUT ${obj}
      COMMAND ${PPC64_FW_CC} ${PPC64_FW_CFLAGS} ${extra_flags} -MD -MF ${obj}.d -c ${abs} -o ${obj}
      DEPENDS ${abs} ${FW_DEPENDS}
      DEPFILE ${obj}.d
      COMMENT "ppc64 firmware ${NAME}: compiling ${rel}"
      VERBATIM)
    list(APPEND objects ${obj})
  endforeach()

  set(elf ${PPC64_FW_OUTPUT_DIR}/${NAME}.elf)
  set(bin ${PPC64_FW_OUTPUT_DIR}/${NAME}.bin)
  set(lst ${PPC64_FW_OUTPUT_DIR}/${NAME}.lst)
  add_custom_command(
    OUTPUT ${elf}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${PPC64_FW_OUTPUT_DIR}
    COMMAND ${PPC64_FW_CC} ${PPC64_FW_LDFLAGS} -T ${PPC64_FW_LINKER_SCRIPT}
            -Wl,-Map=${PPC64_FW_OUTPUT_DIR}/${NAME}.map -o ${elf} ${objects}
    DEPENDS ${objects} ${PPC64_FW_LINKER_SCRIPT}
    COMMENT "ppc64 firmware ${NAME}: linking ${NAME}.elf"
    VERBATIM)
  add_custom_command(
    OUTPUT ${lst}
    COMMAND ${CMAKE_COMMAND} -DFW_ELF=${elf} -DFW_LST=${lst} -DFW_OBJDUMP=${PPC64_FW_OBJDUMP}
            -P ${PPC64_FW_CMAKE_FILE}
    DEPENDS ${elf} ${PPC64_FW_CMAKE_FILE}
    COMMENT "ppc64 firmware ${NAME}: checking for FP/VMX/VSX instructions"
    VERBATIM)
  add_custom_command(
    OUTPUT ${bin}
    COMMAND ${PPC64_FW_OBJCOPY} -O binary ${elf} ${bin}
    DEPENDS ${elf}
    COMMENT "ppc64 firmware ${NAME}: raw image ${NAME}.bin"
    VERBATIM)
  add_custom_target(firmware_${NAME} ALL DEPENDS ${bin} ${lst})
  set_target_properties(firmware_${NAME} PROPERTIES FIRMWARE_ELF ${elf} FIRMWARE_BIN ${bin})
endfunction()

# Little-endian blobs (ELFv2, powerpc64le-linux-gnu-gcc), carried inside a big-endian image
# with .incbin and entered with rfid + MSR[LE] (firmware/le_hello):
#
#   add_ppc64le_blob(NAME LINKER_SCRIPT le.ld SOURCES a.c b.S ...)
#
# produces ${CMAKE_CURRENT_BINARY_DIR}/NAME.le/le_part.bin (and .elf/.lst) and sets
# NAME_BLOB_BIN / NAME_BLOB_DIR in the caller's scope. Without the cross compiler it sets
# nothing and the caller skips the image.
find_program(PPC64LE_FW_CC powerpc64le-linux-gnu-gcc)
find_program(PPC64LE_FW_OBJCOPY powerpc64le-linux-gnu-objcopy)
find_program(PPC64LE_FW_OBJDUMP powerpc64le-linux-gnu-objdump)
set(PPC64LE_FW_CFLAGS
    -m64 -mlittle-endian -mabi=elfv2 -mcpu=powerpc64 -mtune=power9
    -msoft-float -mno-altivec -mno-vsx -mtraceback=no
    -O2 -g -std=gnu11 -Wall -Wextra -Werror
    -ffreestanding -fno-builtin -fno-stack-protector -fno-common -fno-pie -fno-jump-tables
    -fno-tree-loop-distribute-patterns -fno-asynchronous-unwind-tables -fno-unwind-tables
    -I${PPC64_FW_SOURCE_ROOT})

function(add_ppc64le_blob NAME)
  cmake_parse_arguments(LE "" "LINKER_SCRIPT" "SOURCES" ${ARGN})
  if(NOT PPC64LE_FW_CC OR NOT PPC64LE_FW_OBJCOPY OR NOT PPC64LE_FW_OBJDUMP)
    message(STATUS "no powerpc64le-linux-gnu toolchain (package gcc-powerpc64le-linux-gnu): "
                   "${NAME} not built")
    return()
  endif()
  get_filename_component(lds ${LE_LINKER_SCRIPT} ABSOLUTE BASE_DIR ${CMAKE_CURRENT_SOURCE_DIR})
  set(dir ${CMAKE_CURRENT_BINARY_DIR}/${NAME}.le)
  file(MAKE_DIRECTORY ${dir})
  set(objects "")
  foreach(src IN LISTS LE_SOURCES)
    get_filename_component(abs ${src} ABSOLUTE BASE_DIR ${CMAKE_CURRENT_SOURCE_DIR})
    get_filename_component(base ${src} NAME)
    set(obj ${dir}/${base}.o)
    add_custom_command(
      OUTPUT ${obj}
      COMMAND ${PPC64LE_FW_CC} ${PPC64LE_FW_CFLAGS} -MD -MF ${obj}.d -c ${abs} -o ${obj}
      DEPENDS ${abs}
      DEPFILE ${obj}.d
      COMMENT "ppc64le blob ${NAME}: compiling ${base}"
      VERBATIM)
    list(APPEND objects ${obj})
  endforeach()
  set(elf ${dir}/le_part.elf)
  set(bin ${dir}/le_part.bin)
  set(lst ${dir}/le_part.lst)
  add_custom_command(
    OUTPUT ${elf}
    COMMAND ${PPC64LE_FW_CC} -m64 -mlittle-endian -nostdlib -static -no-pie
            -Wl,--build-id=none -Wl,--no-dynamic-linker -Wl,--orphan-handling=error
            -Wl,--no-warn-rwx-segments -T ${lds} -Wl,-Map=${dir}/le_part.map -o ${elf} ${objects}
    DEPENDS ${objects} ${lds}
    COMMENT "ppc64le blob ${NAME}: linking"
    VERBATIM)
  # Same integer-only rule as the big-endian images.
  add_custom_command(
    OUTPUT ${bin}
    COMMAND ${CMAKE_COMMAND} -DFW_ELF=${elf} -DFW_LST=${lst} -DFW_OBJDUMP=${PPC64LE_FW_OBJDUMP}
            -P ${PPC64_FW_CMAKE_FILE}
    COMMAND ${PPC64LE_FW_OBJCOPY} -O binary ${elf} ${bin}
    DEPENDS ${elf} ${PPC64_FW_CMAKE_FILE}
    COMMENT "ppc64le blob ${NAME}: checking instructions, raw le_part.bin"
    VERBATIM)
  set(${NAME}_BLOB_BIN ${bin} PARENT_SCOPE)
  set(${NAME}_BLOB_DIR ${dir} PARENT_SCOPE)
endfunction()
