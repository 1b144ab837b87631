# SPDX-License-Identifier: BSD-2-Clause
#
# rvtrace in an OpenSBI build (1.5 to 1.9). Include it from the platform's
# objects.mk, after the platform's own settings:
#
#   include /path/to/rvtrace/integrations/opensbi/rvtrace.mk
#
# It needs no other change to OpenSBI. It
# - builds librvtrace.a from rvtrace's sources with OpenSBI's compiler and
#   ISA flags ($(build_dir)/rvtrace/), and rvtrace_opensbi.c into the
#   platform library;
# - adds rvt_opensbi_ecall to OpenSBI's ecall extensions (its registration
#   is where rvtrace starts: see rvtrace_opensbi.c);
# - compiles the objects chosen below with a patchable function entry;
# - links every firmware with the library, rvtrace_opensbi.ld (rvtrace's
#   sections, inserted into fw_base.ldS's layout), a build-id, and the
#   function names embedded for the extension's globs (RVT_NAMES).
#
# Settings (make variables, on the command line or before the include):
#   RVT_TRACE        what to instrument, any of: lib/sbi lib/utils platform
#                    (default lib/sbi)
#   RVT_NOTRACE      more objects to leave out, as paths under the build
#                    directory with % wildcards (lib/sbi/sbi_tlb.o)
#   RVT_NAMES        y (default): embed function names (needs cmake)
#   RVT_MAX_HARTS    harts the library tracks (default 32)
#   RVT_TRACE_KB     event tracers' buffer (default 128)
#   RVT_PROFILE_KB   profiler's table (default 16)
#   RVT_MHARTID      y (default): use mhartid as the hart number where it
#                    equals OpenSBI's hart index on every hart; n: always
#                    OpenSBI's hart index (slower, the C recorders)
#   RVT_REFETCH      auto (default): store switched sites again after each
#                    round (RVT_PLAT_QUIRK_REFETCH) on a platform whose
#                    name says QEMU; y or n: always or never (QEMU's
#                    sifive_u or a custom model, real hardware)
#   RVT_ORPHANS      the linker's --orphan-handling, to check the layout:
#                    warn lists every section no script places (lld lists
#                    debug sections too)

rvt-comma := ,
rvt-kit-dir := $(patsubst %/,%,$(dir $(lastword $(MAKEFILE_LIST))))
RVT_DIR ?= $(abspath $(rvt-kit-dir)/../..)

RVT_TRACE ?= lib/sbi
RVT_NOTRACE ?=
RVT_NAMES ?= y
RVT_MAX_HARTS ?= 32
RVT_TRACE_KB ?= 128
RVT_PROFILE_KB ?= 16
RVT_MHARTID ?= y
RVT_REFETCH ?= auto
RVT_ORPHANS ?=

# --- What carries no patch site ------------------------------------------
#
# - Files the other harts run while the boot hart's rvt_init() arms the
#   sites: since 1.5 they leave wait_for_coldboot() early and wait in
#   sbi_hsm_hart_wait() (sbi_init, sbi_hsm, riscv_atomic, sbi_ipi's
#   raw clear, sbi_scratch, sbi_domain, sbi_hart); before 1.5 they wait in
#   wait_for_coldboot() (sbi_init, riscv_locks, sbi_ipi, sbi_hart).
# - What rvtrace's platform calls (rvtrace_opensbi.c): sbi_ipi_send_many()
#   and sbi_ipi_process() with what they call (sbi_ipi, sbi_hsm, sbi_pmu,
#   sbi_scratch, sbi_domain), and memcpy/memset (sbi_string), which the
#   compiler may call from the library.
# - Spin loops, which would record a hit per turn (riscv_atomic,
#   riscv_locks, and sbi_fifo under tlb_sync(): 26 000 hits for 40 remote
#   fences on 4 harts), and functions that never return (sbi_init, sbi_hart's
#   hang and mode switch), whose graph frames would stay on the shadow
#   stack.
# - The console (sbi_console and lib/utils/serial), which prints while
#   tracing, and the drivers behind the clock and the IPIs
#   (lib/utils/timer, lib/utils/ipi, lib/utils/irqchip for IMSIC);
#   lib/utils/libfdt and lib/utils/fdt only parse the device tree at boot.
# The trap entry and exit are assembly (fw_base.S) and have no sites;
# sbi_trap_handler() is C called after the context is saved, and is traced.
rvt-notrace-sbi := riscv_atomic.o riscv_locks.o sbi_init.o sbi_hsm.o \
	sbi_ipi.o sbi_scratch.o sbi_domain.o sbi_hart.o sbi_pmu.o \
	sbi_console.o sbi_string.o sbi_fifo.o sbi_ecall_exts.o
rvt-notrace-utils := serial/% ipi/% timer/% irqchip/% libfdt/% fdt/%

rvt-notrace = $(addprefix $(build_dir)/lib/sbi/,$(rvt-notrace-sbi)) \
	$(addprefix $(platform_build_dir)/lib/utils/,$(rvt-notrace-utils)) \
	$(platform_build_dir)/rvtrace/% \
	$(addprefix $(build_dir)/,$(RVT_NOTRACE))
rvt-traced = $(if $(filter lib/sbi,$(RVT_TRACE)),$(libsbi-objs-path-y)) \
	$(if $(filter lib/utils,$(RVT_TRACE)),$(libsbiutils-objs-path-y)) \
	$(if $(filter platform,$(RVT_TRACE)),$(platform-objs-path-y))

# The patch site: 4 compressed nops with C, 2 nops without (DESIGN.md 1).
rvt-isa-base = $(subst rv32,,$(subst rv64,,$(firstword \
	$(subst _, ,$(PLATFORM_RISCV_ISA)))))
rvt-pfe = $(if $(findstring c,$(rvt-isa-base)), \
	-fpatchable-function-entry=4 -falign-functions=4, \
	-fpatchable-function-entry=2)

# OpenSBI's make has one CFLAGS for all objects; a pattern-specific append
# picks the objects by name when each is compiled (expanded then, once
# every objects.mk has set its lists).
$(build_dir)/%.o: CFLAGS += $(if $(filter-out $(rvt-notrace), \
	$(filter $(rvt-traced),$@)),$(rvt-pfe))

# --- The library ----------------------------------------------------------

rvt-build := $(build_dir)/rvtrace
rvt-lib := $(rvt-build)/librvtrace.a
rvt-lib-srcs := $(wildcard $(RVT_DIR)/lib/*.c $(RVT_DIR)/arch/riscv/*.c \
	$(RVT_DIR)/arch/riscv/*.S)
rvt-lib-objs := $(patsubst $(RVT_DIR)/%,$(rvt-build)/%.o,$(rvt-lib-srcs))
rvt-lib-hdrs := $(wildcard $(RVT_DIR)/include/rvtrace/*.h $(RVT_DIR)/lib/*.h \
	$(RVT_DIR)/arch/riscv/*.h)

# No static pools: the glue gives the tracers its own buffers.
rvt-defs = -DRVT_MAX_HARTS=$(RVT_MAX_HARTS) -DRVTRACE_TRACE_POOL=0 \
	-DRVTRACE_PROFILE_POOL=0 -DRVTRACE_GRAPH_DEPTH=16 \
	-DRVTRACE_MAX_TASKS=32 -DRVTRACE_SYNC_TIMEOUT_US=10000000u
rvt-arch-flags = $(CLANG_TARGET) $(RELAX_FLAG) \
	-mabi=$(PLATFORM_RISCV_ABI) -march=$(PLATFORM_RISCV_ISA) \
	-mcmodel=$(PLATFORM_RISCV_CODE_MODEL) \
	$(if $(filter y,$(CC_SUPPORT_STRICT_ALIGN)),-mstrict-align) \
	$(if $(filter y,$(CC_SUPPORT_SAVE_RESTORE)),-mno-save-restore)
rvt-incs = -I$(RVT_DIR)/include -I$(RVT_DIR)/arch/riscv -I$(RVT_DIR)/lib
# The library's own flags (CMakeLists.txt), but no -ffunction-sections:
# its code then lands in .text, which fw_base.ldS collects (1.5 takes only
# .text itself), and it needs no alignment of its own (no sites).
rvt-lib-cflags = $(rvt-arch-flags) -std=c11 -g -O2 -ffreestanding \
	-fno-builtin -fno-stack-protector -fPIE -fvisibility=hidden \
	-fdata-sections -Wall -Wextra -fpatchable-function-entry=0 \
	$(if $(filter y,$(CC_IS_CLANG)),-Wno-unused-command-line-argument, \
		-fno-tree-loop-distribute-patterns) \
	$(rvt-defs) $(rvt-incs)
rvt-lib-asflags = $(rvt-arch-flags) -g -fPIE $(rvt-defs) $(rvt-incs) \
	$(if $(filter y,$(CC_IS_CLANG)),-Wno-unused-command-line-argument)

$(rvt-build)/%.c.o: $(RVT_DIR)/%.c $(rvt-lib-hdrs)
	$(CMD_PREFIX)mkdir -p `dirname $@`
	@echo " CC        rvtrace/$*.c"
	$(CMD_PREFIX)$(CC) $(rvt-lib-cflags) -c $< -o $@

$(rvt-build)/%.S.o: $(RVT_DIR)/%.S $(rvt-lib-hdrs)
	$(CMD_PREFIX)mkdir -p `dirname $@`
	@echo " AS        rvtrace/$*.S"
	$(CMD_PREFIX)$(CC) $(rvt-lib-asflags) -c $< -o $@

$(rvt-lib): $(rvt-lib-objs)
	@echo " AR        rvtrace/librvtrace.a"
	$(CMD_PREFIX)rm -f $@ && $(AR) rcs $@ $^

# --- The glue, in the platform library --------------------------------------

platform-objs-y += rvtrace/rvtrace_opensbi.o
carray-sbi_ecall_exts-y += rvt_opensbi_ecall

$(platform_build_dir)/rvtrace/%: CFLAGS += -I$(RVT_DIR)/include \
	-DRVT_OPENSBI_MAX_HARTS=$(RVT_MAX_HARTS) \
	-DRVT_OPENSBI_TRACE_KB=$(RVT_TRACE_KB) \
	-DRVT_OPENSBI_PROFILE_KB=$(RVT_PROFILE_KB) \
	$(if $(filter y,$(RVT_MHARTID)),,-DRVT_OPENSBI_NO_MHARTID) \
	$(if $(filter y,$(RVT_REFETCH)),-DRVT_OPENSBI_REFETCH=1) \
	$(if $(filter n,$(RVT_REFETCH)),-DRVT_OPENSBI_REFETCH=0)

# Depends on the library so that a change to it relinks the firmware.
$(platform_build_dir)/rvtrace/rvtrace_opensbi.o: \
		$(rvt-kit-dir)/rvtrace_opensbi.c $(KCONFIG_AUTOHEADER) $(rvt-lib)
	$(call compile_cc,$@,$<)

$(platform_build_dir)/rvtrace/rvtrace_opensbi.dep: \
		$(rvt-kit-dir)/rvtrace_opensbi.c $(KCONFIG_AUTOHEADER)
	$(call compile_cc_dep,$@,$<)

# --- The firmware link ------------------------------------------------------

# The firmwares (fw_*.elf, not the test payload): the library after
# libplatsbi.a, and a build-id after OpenSBI's --build-id=none, so that
# dumps carry the image's identity.
$(platform_build_dir)/firmware/fw_%.elf: ELFFLAGS += $(rvt-lib) \
	-L$(RVT_DIR)/linker $(rvt-kit-dir)/rvtrace_opensbi.ld \
	-Wl,--build-id=sha1 -Wl,--undefined=rvt_ring_layout \
	$(if $(RVT_ORPHANS),-Wl$(rvt-comma)--orphan-handling=$(RVT_ORPHANS))

# Names: link, write the names of the result into a table, link again with
# it (rvtrace's own CMake script, as rvtrace_embed_names() runs it).
ifeq ($(RVT_NAMES),y)
rvt-nm = $(patsubst %objcopy,%nm,$(OBJCOPY))
$(platform_build_dir)/firmware/fw_%.elf: compile_elf = \
	$(CMD_PREFIX)mkdir -p `dirname $(1)`; \
	echo " ELF       $(subst $(build_dir)/,,$(1)) (with rvtrace names)"; \
	cmake -DRVTRACE_NM=$(rvt-nm) -P $(RVT_DIR)/cmake/rvtrace-names.cmake \
		-- $(CC) $(CFLAGS) $(3) $(ELFFLAGS) -Wl,-T$(2) -o $(1)
endif
