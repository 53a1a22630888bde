# Warnings as errors and the usual hardening for the host-side code.
add_compile_options(-Wall -Wextra -Werror -Wno-unused-parameter
	-fstack-protector-strong)
if(NOT CMAKE_BUILD_TYPE STREQUAL "Debug")
	add_compile_definitions(_FORTIFY_SOURCE=2)
endif()
set(CMAKE_POSITION_INDEPENDENT_CODE ON)
add_link_options(-pie -Wl,-z,relro,-z,now)

option(SCX_SANITIZE "Build host code with ASan and UBSan" OFF)
if(SCX_SANITIZE)
	add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
	add_link_options(-fsanitize=address,undefined)
endif()
