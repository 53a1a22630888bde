# Compile a *.bpf.c with clang for the BPF target and generate its libbpf
# skeleton with bpftool, as a header-only library target.

# vmlinux.h: Debian's linux-bpf-dev of the test kernel, at the version pinned in
# tools/kernel-pins.sh, fetched by tools/fetch-kernel.sh (or given with -DSCX_VMLINUX_H=).
set(SCX_VMLINUX_H "" CACHE FILEPATH "vmlinux.h to build the BPF scheduler against")
if(NOT SCX_VMLINUX_H)
	set(SCX_VMLINUX_H ${CMAKE_BINARY_DIR}/vmlinux/vmlinux.h)
	if(NOT EXISTS ${SCX_VMLINUX_H})
		message(STATUS "Fetching vmlinux.h (linux-bpf-dev) with tools/fetch-kernel.sh")
		execute_process(
			COMMAND ${CMAKE_SOURCE_DIR}/tools/fetch-kernel.sh --vmlinux-h ${SCX_VMLINUX_H}
			RESULT_VARIABLE fetch_result OUTPUT_QUIET)
		if(NOT fetch_result EQUAL 0)
			message(FATAL_ERROR "Could not fetch vmlinux.h: run tools/fetch-kernel.sh --vmlinux-h ${SCX_VMLINUX_H} and read its error")
		endif()
	endif()
endif()
get_filename_component(SCX_VMLINUX_DIR ${SCX_VMLINUX_H} DIRECTORY)

# bpftool 7.5 writes `map->link = ...` for struct_ops maps, a field that
# libbpf 1.4 lacks. The loader attaches the struct_ops map itself, so the
# build drops that line (and only that line) from the generated skeleton.
set(SCX_SKEL_FIXUP sed -e "/map->link = /d")

function(scx_bpf_skeleton target bpf_src)
	cmake_parse_arguments(ARG "" "" "INCLUDES;DEPENDS" ${ARGN})
	get_filename_component(stem ${bpf_src} NAME_WE)
	set(obj ${CMAKE_CURRENT_BINARY_DIR}/${stem}.bpf.o)
	set(skel ${CMAKE_CURRENT_BINARY_DIR}/${stem}.skel.h)
	set(inc_flags -I${SCX_VMLINUX_DIR})
	foreach(dir ${ARG_INCLUDES})
		list(APPEND inc_flags -I${dir})
	endforeach()
	add_custom_command(
		OUTPUT ${obj}
		COMMAND ${BPF_CLANG} -target bpf -mcpu=v3 -g -O2 -D__TARGET_ARCH_x86
			-Wall -Werror -Wno-missing-declarations ${inc_flags}
			-c ${CMAKE_CURRENT_SOURCE_DIR}/${bpf_src} -o ${obj}
		DEPENDS ${bpf_src} ${ARG_DEPENDS} ${SCX_VMLINUX_H}
		IMPLICIT_DEPENDS C ${CMAKE_CURRENT_SOURCE_DIR}/${bpf_src}
		COMMENT "BPF ${bpf_src}"
		VERBATIM)
	add_custom_command(
		OUTPUT ${skel}
		COMMAND ${BPFTOOL} gen skeleton ${obj} name ${stem} > ${skel}.raw
		COMMAND ${SCX_SKEL_FIXUP} ${skel}.raw > ${skel}
		DEPENDS ${obj}
		COMMENT "Skeleton ${stem}.skel.h"
		VERBATIM)
	add_custom_target(${target}_gen DEPENDS ${skel})
	add_library(${target} INTERFACE)
	add_dependencies(${target} ${target}_gen)
	target_include_directories(${target} INTERFACE ${CMAKE_CURRENT_BINARY_DIR})
endfunction()
