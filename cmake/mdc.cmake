# Helpers shared by every directory. New sources are found by glob, so adding a
# file never means editing a CMakeLists.txt that another module owns.

# mdc_library(NAME): libs/NAME/src/*.c -> static library NAME, public headers in include/.
function(mdc_library name)
  file(GLOB _src CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/src/*.c)
  add_library(${name} STATIC ${_src})
  target_include_directories(${name} PUBLIC ${CMAKE_CURRENT_SOURCE_DIR}/include
                                     PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/src)
  target_link_libraries(${name} PUBLIC ${ARGN})
endfunction()

# mdc_unit_tests(DIR LIBS...): each DIR/test_*.c is one cmocka executable and one ctest test.
function(mdc_unit_tests dir)
  find_library(CMOCKA_LIB cmocka REQUIRED)
  file(GLOB _tests CONFIGURE_DEPENDS ${dir}/test_*.c)
  foreach(_t ${_tests})
    get_filename_component(_n ${_t} NAME_WE)
    get_filename_component(_d ${dir} NAME)
    set(_exe ${_d}_${_n})
    add_executable(${_exe} ${_t})
    target_link_libraries(${_exe} PRIVATE ${ARGN} ${CMOCKA_LIB})
    target_compile_definitions(${_exe} PRIVATE MDC_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
    add_test(NAME ${_d}.${_n} COMMAND ${_exe})
  endforeach()
endfunction()

# mdc_fuzz_targets(DIR LIBS...): each DIR/fuzz_*.c is a libFuzzer executable.
function(mdc_fuzz_targets dir)
  file(GLOB _f CONFIGURE_DEPENDS ${dir}/fuzz_*.c)
  foreach(_t ${_f})
    get_filename_component(_n ${_t} NAME_WE)
    add_executable(${_n} ${_t})
    target_link_options(${_n} PRIVATE -fsanitize=fuzzer)
    target_link_libraries(${_n} PRIVATE ${ARGN})
  endforeach()
endfunction()
