# parlab_lab(NN MAIN file.cpp STUDENT file.cpp [LINK target...] [NEEDS what...])
#
# One lab's programs, from its folder: labNN-starter is MAIN (the given
# code, with main()) and starter/STUDENT (what the student writes), and
# labNN-solution the same MAIN with solution/STUDENT, where solution/ exists
# (not in the students' tree). MAIN is compiled once, as labNN-main, and
# linked into both. Both go into PARLAB_LABS_OUTPUT, where
# `parlab lab check` finds them. NEEDS names what the lab cannot be built
# without (MPI, LIBUV, TBB, OPENMP): a lab whose needs are not found is left
# out, and said so.
#
# Shared by the repository's build (labs/CMakeLists.txt) and the students'
# tree, which finds parlab with find_package(parlab) (labs/students/).
function(parlab_lab number)
  cmake_parse_arguments(L "" "MAIN;STUDENT" "LINK;NEEDS" ${ARGN})
  foreach(need ${L_NEEDS})
    if(NOT PARLAB_LABS_HAVE_${need})
      message(STATUS "parlab labs: lab ${number} left out: no ${need}")
      return()
    endif()
  endforeach()
  set(main lab${number}-main)
  add_library(${main} OBJECT ${L_MAIN})
  # PUBLIC: what MAIN is built with, the programs that link it are too.
  target_link_libraries(${main} PUBLIC parlab::lab ${L_LINK})
  if("TBB" IN_LIST L_NEEDS)
    # oneTBB's flow graph and pipelines downcast their tasks in ways
    # UBSan's vptr check misreads (as pipelines/ notes): a false report.
    target_compile_options(${main} PUBLIC -fno-sanitize=vptr)
  endif()
  foreach(which starter solution)
    if(EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/${which}/${L_STUDENT})
      set(t lab${number}-${which})
      add_executable(${t} ${which}/${L_STUDENT})
      target_link_libraries(${t} PRIVATE ${main})
      set_target_properties(${t} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${PARLAB_LABS_OUTPUT})
      set_property(GLOBAL APPEND PROPERTY PARLAB_LAB_PROGRAMS ${t})
    endif()
  endforeach()
endfunction()

# Every lab folder (NN-name/) beside the calling CMakeLists.txt.
function(parlab_add_labs)
  file(GLOB builds CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/[0-9][0-9]-*/CMakeLists.txt)
  foreach(build ${builds})
    get_filename_component(dir ${build} DIRECTORY)
    add_subdirectory(${dir})
  endforeach()
endfunction()

# What the labs use besides parlab, each found once (Debian's packages).
find_package(PkgConfig QUIET)
if(PkgConfig_FOUND)
  pkg_check_modules(LABS_UV QUIET IMPORTED_TARGET libuv)
endif()
set(PARLAB_LABS_HAVE_LIBUV ${LABS_UV_FOUND})
find_package(TBB QUIET)
set(PARLAB_LABS_HAVE_TBB ${TBB_FOUND})
find_package(OpenMP QUIET COMPONENTS CXX)
set(PARLAB_LABS_HAVE_OPENMP ${OpenMP_CXX_FOUND})
find_package(MPI QUIET COMPONENTS CXX)
set(PARLAB_LABS_HAVE_MPI ${MPI_CXX_FOUND})
find_package(xsimd QUIET)
set(PARLAB_LABS_HAVE_XSIMD ${xsimd_FOUND})
if(xsimd_FOUND AND NOT TARGET labs_xsimd)
  # Its headers only: Debian's xsimd target also names xtl, which no header needs.
  get_target_property(dirs xsimd INTERFACE_INCLUDE_DIRECTORIES)
  add_library(labs_xsimd INTERFACE)
  target_include_directories(labs_xsimd SYSTEM INTERFACE ${dirs})
endif()
