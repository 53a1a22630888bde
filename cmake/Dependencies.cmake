# Every external tool and library, each failing configure with the Debian
# package to install. tools/install-deps.sh installs all of them.
find_package(PkgConfig)
if(NOT PKG_CONFIG_FOUND)
	message(FATAL_ERROR "pkg-config not found: apt-get install pkg-config (or run tools/install-deps.sh)")
endif()

function(scx_require_pkg var module debian_pkg)
	pkg_check_modules(${var} IMPORTED_TARGET ${module})
	if(NOT ${var}_FOUND)
		message(FATAL_ERROR "${module} not found: apt-get install -t bookworm-backports ${debian_pkg} (or run tools/install-deps.sh)")
	endif()
endfunction()

scx_require_pkg(LIBBPF "libbpf>=1.4" libbpf-dev)
scx_require_pkg(HWLOC "hwloc>=2.5" libhwloc-dev)
scx_require_pkg(LIBELF libelf libelf-dev)
scx_require_pkg(ZLIB zlib zlib1g-dev)
scx_require_pkg(LIBSYSTEMD libsystemd libsystemd-dev)
scx_require_pkg(NUMA numa libnuma-dev)
find_package(Threads REQUIRED)

find_program(BPF_CLANG NAMES clang-19 clang
	PATHS /usr/lib/llvm-19/bin NO_DEFAULT_PATH)
find_program(BPF_CLANG NAMES clang-19 clang)
if(NOT BPF_CLANG)
	message(FATAL_ERROR "clang-19 not found: apt-get install clang-19 (or run tools/install-deps.sh)")
endif()
find_program(BPFTOOL NAMES bpftool PATHS /usr/sbin /sbin)
if(NOT BPFTOOL)
	message(FATAL_ERROR "bpftool not found: apt-get install -t bookworm-backports bpftool (or run tools/install-deps.sh)")
endif()
