# Until tests/CMakeLists.txt lists `fuzz`, tests/run-host-hardening.sh
# configures with -DCMAKE_PROJECT_INCLUDE=<this file>. It includes
# tests/fuzz/CMakeLists.txt once the top-level CMakeLists.txt is done (so
# scx_topology and scx_topo_loader exist), unless tests/ already added it.
# (A deferred call may not add_subdirectory, hence include.)
cmake_language(DEFER DIRECTORY ${CMAKE_SOURCE_DIR} CALL
	cmake_language EVAL CODE [[
		get_property(scx_fuzz_added GLOBAL PROPERTY SCX_FUZZ_ADDED)
		if(NOT scx_fuzz_added)
			include(${CMAKE_SOURCE_DIR}/tests/fuzz/CMakeLists.txt)
		endif()
	]])
