# Detects the optional backends. Nothing here is required: each backend is on
# when its toolchain is found, and the reason is kept for `parlab info` and the
# configure summary.

# ---- CUDA: compiled only when nvcc is found (or forced with PARLAB_CUDA=ON).
set(PARLAB_HAVE_CUDA OFF)
if(PARLAB_CUDA STREQUAL "OFF")
  set(PARLAB_REASON_CUDA "disabled with -DPARLAB_CUDA=OFF")
else()
  include(CheckLanguage)
  check_language(CUDA)
  if(CMAKE_CUDA_COMPILER)
    # Native code for Hopper (sm_90, H100/H200) plus PTX that newer GPUs JIT.
    # "90" means both: -gencode arch=compute_90,code=[sm_90,compute_90].
    if(NOT DEFINED CMAKE_CUDA_ARCHITECTURES)
      set(CMAKE_CUDA_ARCHITECTURES 90)
    endif()
    # Static cudart: one binary starts without a driver and falls back.
    set(CMAKE_CUDA_RUNTIME_LIBRARY Static)
    enable_language(CUDA)
    # CMake 3.25 predates nvcc's C++20 support (CUDA >= 12): name the flag.
    set(CMAKE_CUDA20_STANDARD_COMPILE_OPTION "-std=c++20")
    set(CMAKE_CUDA20_EXTENSION_COMPILE_OPTION "-std=c++20")
    set(CMAKE_CUDA_STANDARD 20)
    set(CMAKE_CUDA_STANDARD_REQUIRED ON)
    find_package(CUDAToolkit REQUIRED)
    # Each host thread gets its own default stream instead of the one legacy
    # stream that serialises every thread's work: the workers of `parlab
    # pipeline` then upload, filter and download different images at once.
    add_compile_options("$<$<COMPILE_LANGUAGE:CUDA>:-Xcompiler=-Wall;--default-stream;per-thread>")
    set(PARLAB_HAVE_CUDA ON)
    set(PARLAB_REASON_CUDA "nvcc ${CMAKE_CUDA_COMPILER_VERSION}, architectures ${CMAKE_CUDA_ARCHITECTURES}")
  elseif(PARLAB_CUDA STREQUAL "ON")
    message(FATAL_ERROR "PARLAB_CUDA=ON but no CUDA compiler was found (put nvcc on the PATH or set CMAKE_CUDA_COMPILER)")
  else()
    set(PARLAB_REASON_CUDA "no CUDA compiler found (nvcc not on the PATH)")
  endif()
endif()

# ---- OpenMP
find_package(OpenMP COMPONENTS CXX)
if(OpenMP_CXX_FOUND)
  set(PARLAB_HAVE_OPENMP ON)
  set(PARLAB_REASON_OPENMP "OpenMP ${OpenMP_CXX_VERSION}")
else()
  set(PARLAB_HAVE_OPENMP OFF)
  set(PARLAB_REASON_OPENMP "the compiler has no OpenMP support")
endif()

# ---- MPI: many processes, optional like CUDA (Debian: libopenmpi-dev).
# Built with it, parlab still runs alone (MPI is initialised only when a
# launcher started the process); `mpirun -n R parlab ...` runs R ranks.
set(PARLAB_HAVE_MPI OFF)
if(PARLAB_MPI STREQUAL "OFF")
  set(PARLAB_REASON_MPI "disabled with -DPARLAB_MPI=OFF")
else()
  # The C API only (MPI_CXX_SKIP_MPICXX: not the C++ bindings MPI-3 removed).
  set(MPI_CXX_SKIP_MPICXX ON CACHE BOOL "MPI: the C API only")
  find_package(MPI COMPONENTS CXX)
  if(MPI_CXX_FOUND)
    set(PARLAB_HAVE_MPI ON)
    # The library's own name and version are asked at run time (`parlab info`).
    set(PARLAB_REASON_MPI "MPI ${MPI_CXX_VERSION}, launcher ${MPIEXEC_EXECUTABLE}")
  elseif(PARLAB_MPI STREQUAL "ON")
    message(FATAL_ERROR "PARLAB_MPI=ON but no MPI was found (install libopenmpi-dev)")
  else()
    set(PARLAB_REASON_MPI "no MPI found by CMake (install libopenmpi-dev)")
  endif()
endif()

# ---- xsimd and the scalar reference are always built.
find_package(xsimd REQUIRED)
# Debian's xsimd target names xtl as a link library, which the headers never
# need: only its include directories are taken.
get_target_property(PARLAB_XSIMD_INCLUDE xsimd INTERFACE_INCLUDE_DIRECTORIES)
set(PARLAB_HAVE_SIMD ON)
set(PARLAB_REASON_SIMD "xsimd ${xsimd_VERSION}")
set(PARLAB_HAVE_SCALAR ON)
set(PARLAB_REASON_SCALAR "always built: the reference")
