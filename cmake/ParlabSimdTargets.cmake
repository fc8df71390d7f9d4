# The SIMD kernels are written once, templated on the xsimd architecture, and
# their bodies (simd/**/*_isa.cpp) are compiled once per ISA, each time with
# that ISA's flags and PARLAB_SIMD_ARCH naming its xsimd type. Only those
# files get the flags, so the binary still starts on any x86-64 CPU; the
# dispatcher picks the best ISA the CPU runs (simd/dispatch.cpp).
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

# Compiles SOURCES (the *_isa.cpp files) once per ISA, collects every ISA's
# objects in the static library LIBRARY, and sets PARLAB_SIMD_ARCH_LIST (best
# first) for simd/archs.hpp.in. (A static library suits them: nothing in them
# registers itself; the dispatch tables reference every body.)
function(parlab_simd_isas LIBRARY SOURCES INCLUDES)
  set(list "")
  set(objects "")
  foreach(isa ${PARLAB_SIMD_ISAS})
    set(lib ${LIBRARY}_${isa})
    add_library(${lib} OBJECT ${SOURCES})
    target_compile_options(${lib} PRIVATE ${PARLAB_SIMD_FLAGS_${isa}})
    target_compile_definitions(${lib} PRIVATE "PARLAB_SIMD_ARCH=${PARLAB_SIMD_ARCH_${isa}}")
    target_include_directories(${lib} PRIVATE ${INCLUDES})
    list(APPEND objects $<TARGET_OBJECTS:${lib}>)
    list(APPEND list "${PARLAB_SIMD_ARCH_${isa}}")
  endforeach()
  add_library(${LIBRARY} STATIC ${objects})
  set_target_properties(${LIBRARY} PROPERTIES LINKER_LANGUAGE CXX)
  string(REPLACE ";" ", " arch_list "${list}")
  set(PARLAB_SIMD_ARCH_LIST "${arch_list}" PARENT_SCOPE)
endfunction()
