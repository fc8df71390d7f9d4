# The SIMD kernels are written once, templated on the xsimd architecture, and
# their bodies (*_isa.cpp) are compiled once per ISA, each time with that
# ISA's flags and PARLAB_SIMD_ARCH naming its xsimd type. Only those files
# get the flags, so the binary still starts on any x86-64 CPU; the
# dispatcher picks the best ISA the CPU runs (runtime/simd/dispatch.cpp).
#
# Each ISA: name, xsimd arch type, compiler flags.
if(CMAKE_SYSTEM_PROCESSOR MATCHES "x86_64|AMD64")
  set(PARLAB_SIMD_ISAS avx512 avx2 sse2)  # best first
  set(PARLAB_SIMD_ARCH_sse2   "xsimd::sse2")
  set(PARLAB_SIMD_FLAGS_sse2  "-msse2")
  set(PARLAB_SIMD_ARCH_avx2   "xsimd::fma3<xsimd::avx2>")
  set(PARLAB_SIMD_FLAGS_avx2  "-mavx2;-mfma")
  set(PARLAB_SIMD_ARCH_avx512 "xsimd::avx512bw")
  # GCC 12 warns of uninitialised registers inside its own AVX-512 intrinsics
  # headers (_mm512_undefined_*): a false positive.
  set(PARLAB_SIMD_FLAGS_avx512 "-mavx512f;-mavx512cd;-mavx512dq;-mavx512bw;-mavx2;-mfma;-Wno-uninitialized;$<$<CXX_COMPILER_ID:GNU>:-Wno-maybe-uninitialized>")
else()
  message(FATAL_ERROR "parlab's SIMD backend lists ISAs for x86-64 only so far (found ${CMAKE_SYSTEM_PROCESSOR})")
endif()

# The xsimd types of the compiled ISAs, best first, for runtime/simd/archs.hpp.in.
set(arch_list "")
foreach(isa ${PARLAB_SIMD_ISAS})
  list(APPEND arch_list "${PARLAB_SIMD_ARCH_${isa}}")
endforeach()
string(REPLACE ";" ", " PARLAB_SIMD_ARCH_LIST "${arch_list}")

# parlab_simd_bodies(TARGET SOURCES files... [LINK targets...]): compiles the
# *_isa.cpp SOURCES once per ISA and adds every ISA's objects to TARGET.
# LINK: the targets whose include directories and flags the bodies need.
# (Nothing in a body registers itself; the dispatch tables reference every
# ISA's `run`.)
function(parlab_simd_bodies target)
  cmake_parse_arguments(B "" "" "SOURCES;LINK" ${ARGN})
  foreach(isa ${PARLAB_SIMD_ISAS})
    set(lib ${target}_${isa})
    add_library(${lib} OBJECT ${B_SOURCES})
    target_compile_options(${lib} PRIVATE ${PARLAB_SIMD_FLAGS_${isa}})
    target_compile_definitions(${lib} PRIVATE "PARLAB_SIMD_ARCH=${PARLAB_SIMD_ARCH_${isa}}")
    target_include_directories(${lib} PRIVATE ${PROJECT_SOURCE_DIR} ${PARLAB_XSIMD_INCLUDE})
    if(B_LINK)
      target_link_libraries(${lib} PRIVATE ${B_LINK})
    endif()
    target_sources(${target} PRIVATE $<TARGET_OBJECTS:${lib}>)
  endforeach()
endfunction()
