# The SIMD kernels are written once, templated on the xsimd architecture, and
# instantiated once per ISA in a translation unit of its own compiled with that
# ISA's flags. Only those files get the flags, so the binary still starts on
# any x86-64 CPU; xsimd::dispatch picks the best at run time.
#
# Each ISA: name, xsimd arch type, compiler flags.
if(CMAKE_SYSTEM_PROCESSOR MATCHES "x86_64|AMD64")
  set(PARLAB_SIMD_ISAS avx512 avx2 sse2)  # best first, as xsimd::dispatch walks them
  set(PARLAB_SIMD_ARCH_sse2   "xsimd::sse2")
  set(PARLAB_SIMD_FLAGS_sse2  "-msse2")
  set(PARLAB_SIMD_ARCH_avx2   "xsimd::fma3<xsimd::avx2>")
  set(PARLAB_SIMD_FLAGS_avx2  "-mavx2;-mfma")
  set(PARLAB_SIMD_ARCH_avx512 "xsimd::avx512bw")
  # GCC 12 warns of uninitialised registers inside its own AVX-512 intrinsics
  # headers (_mm512_undefined_*): a false positive.
  set(PARLAB_SIMD_FLAGS_avx512 "-mavx512f;-mavx512cd;-mavx512dq;-mavx512bw;-mavx2;-mfma;-Wno-uninitialized;-Wno-maybe-uninitialized")
else()
  message(FATAL_ERROR "parlab's SIMD backend lists ISAs for x86-64 only so far (found ${CMAKE_SYSTEM_PROCESSOR})")
endif()

# Generates simd/isa_<name>.cpp from simd/isa.cpp.in for every ISA and adds it
# to TARGET with that ISA's flags.
function(parlab_simd_isas TARGET)
  set(list "")
  foreach(isa ${PARLAB_SIMD_ISAS})
    set(PARLAB_ISA_NAME ${isa})
    set(PARLAB_ISA_ARCH ${PARLAB_SIMD_ARCH_${isa}})
    set(out ${CMAKE_CURRENT_BINARY_DIR}/simd_isa_${isa}.cpp)
    configure_file(${PROJECT_SOURCE_DIR}/simd/isa.cpp.in ${out} @ONLY)
    target_sources(${TARGET} PRIVATE ${out})
    set_source_files_properties(${out} PROPERTIES COMPILE_OPTIONS "${PARLAB_SIMD_FLAGS_${isa}}")
    list(APPEND list "${PARLAB_SIMD_ARCH_${isa}}")
  endforeach()
  # Best first, as xsimd::dispatch expects.
  string(REPLACE ";" ", " arch_list "${list}")
  set(PARLAB_SIMD_ARCH_LIST "${arch_list}" PARENT_SCOPE)
endfunction()
