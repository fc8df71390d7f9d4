# A family's library and its benchmark peers. A family lives in
#   cpu/<name>/    its public header, registrations, scalar reference, CPU drivers,
#                  the declarations of its SIMD kernels (*_simd.hpp), and its one
#                  build file, CMakeLists.txt, which calls parlab_family()
#   simd/<name>/   only its SIMD bodies (*_isa.cpp, compiled once per ISA)
#   gpu/<name>/    its CUDA column (*.cu, *_cuda.hpp, *_cuda.cpp), built only with CUDA
# Files named *_peer.cpp or *_peer.cu are benchmark peers (parlab_peer), not
# part of the family's library.

# parlab_family(NAME [LINK targets...]): the library parlab_NAME, linking
# parlab_core and LINK (what the family's own code needs: PNG, absl, ...).
function(parlab_family name)
  cmake_parse_arguments(F "" "" "LINK" ${ARGN})
  set(root ${PROJECT_SOURCE_DIR})
  file(GLOB sources CONFIGURE_DEPENDS ${root}/cpu/${name}/*.cpp)
  file(GLOB bodies CONFIGURE_DEPENDS ${root}/simd/${name}/*_isa.cpp)
  if(PARLAB_HAVE_CUDA)
    file(GLOB gpu CONFIGURE_DEPENDS ${root}/gpu/${name}/*.cu ${root}/gpu/${name}/*.cpp)
    list(APPEND sources ${gpu})
  endif()
  list(FILTER sources EXCLUDE REGEX "_peer\\.(cpp|cu)$")
  set(lib parlab_${name})
  add_library(${lib} STATIC ${sources})
  target_link_libraries(${lib} PUBLIC parlab_core ${F_LINK})
  if(bodies)
    parlab_simd_bodies(${lib} SOURCES ${bodies} LINK parlab_core ${F_LINK})
  endif()
  # The kernels register themselves from static objects that nothing calls:
  # whoever links the families takes each archive whole, or the linker would
  # leave the registrations out.
  # Installed, the same archive under its exported name (cmake/ParlabInstall.cmake).
  target_link_libraries(parlab_families INTERFACE "$<BUILD_INTERFACE:$<LINK_LIBRARY:WHOLE_ARCHIVE,${lib}>>"
                                                  "$<INSTALL_INTERFACE:$<LINK_LIBRARY:WHOLE_ARCHIVE,parlab::${name}>>")
endfunction()

# parlab_peer(FAMILY FILE [LINK targets...] [INCLUDE dirs...]): a benchmark
# peer of FAMILY (another library's version of one of its kernels,
# parlab/benchmarks.hpp) in FILE, relative to the project root, with what it
# needs besides the family. Only the benchmarks link peers (parlab_peers); a
# peer with no LINK is also in parlab_peers_bundled, the GPU bundle's.
function(parlab_peer family file)
  cmake_parse_arguments(P "" "" "LINK;INCLUDE" ${ARGN})
  get_filename_component(stem ${file} NAME_WE)
  set(lib parlab_${stem})
  add_library(${lib} STATIC ${PROJECT_SOURCE_DIR}/${file})
  target_link_libraries(${lib} PUBLIC "$<LINK_LIBRARY:WHOLE_ARCHIVE,parlab_${family}>" ${P_LINK})
  if(P_INCLUDE)
    target_include_directories(${lib} SYSTEM PRIVATE ${P_INCLUDE})
  endif()
  target_link_libraries(parlab_peers INTERFACE "$<LINK_LIBRARY:WHOLE_ARCHIVE,${lib}>")
  if(NOT P_LINK)
    target_link_libraries(parlab_peers_bundled INTERFACE "$<LINK_LIBRARY:WHOLE_ARCHIVE,${lib}>")
  endif()
endfunction()
