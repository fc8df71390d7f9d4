# `cmake --install`: parlab, its libraries, headers and a CMake package, so
# that a lab (labs/students/), or a user's own project, builds with
#   find_package(parlab)   ->  parlab::core, parlab::families, parlab::lab
# and `parlab lab pack` finds the labs' sources and reference programs:
#   bin/parlab, lib/libparlab_*.a, include/{parlab,runtime,cpu,labs/common},
#   lib/cmake/parlab/, share/parlab/labs/ (without solutions or grading code),
#   libexec/parlab/labs/labNN-solution.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

# The libraries a project links, and what they link in turn.
set(parlab_exported parlab_openmp parlab_runtime parlab_core parlab_families parlab_lab)
foreach(build ${family_builds})
  get_filename_component(dir ${build} DIRECTORY)
  get_filename_component(family ${dir} NAME)
  list(APPEND parlab_exported parlab_${family})
endforeach()
install(TARGETS ${parlab_exported} EXPORT parlabTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT parlabTargets NAMESPACE parlab:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/parlab)
# The exported names without the prefix: parlab::core, not parlab::parlab_core.
foreach(t ${parlab_exported})
  string(REGEX REPLACE "^parlab_" "" short ${t})
  set_target_properties(${t} PROPERTIES EXPORT_NAME ${short})
endforeach()

# Headers, in the layout their includes name.
install(DIRECTORY include/parlab DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY runtime DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} FILES_MATCHING PATTERN "*.hpp")
install(DIRECTORY cpu DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} FILES_MATCHING PATTERN "*.hpp")
install(DIRECTORY labs/common/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/labs/common FILES_MATCHING PATTERN "*.hpp")
install(FILES ${PROJECT_BINARY_DIR}/runtime/simd_archs.hpp DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})

# What find_package(parlab) finds first: the packages the libraries were built with.
set(PARLAB_CONFIG_DEPENDENCIES "")
foreach(dep "nlohmann_json 3" "CLI11" "PNG" "JPEG" "absl")
  string(APPEND PARLAB_CONFIG_DEPENDENCIES "find_dependency(${dep})\n")
endforeach()
if(PARLAB_HAVE_OPENMP)
  string(APPEND PARLAB_CONFIG_DEPENDENCIES "find_dependency(OpenMP COMPONENTS CXX)\n")
endif()
if(PARLAB_HAVE_MPI)
  string(APPEND PARLAB_CONFIG_DEPENDENCIES "find_dependency(MPI COMPONENTS CXX)\n")
endif()
if(PARLAB_HAVE_CUDA)
  string(APPEND PARLAB_CONFIG_DEPENDENCIES "find_dependency(CUDAToolkit)\n")
endif()
configure_package_config_file(cmake/parlabConfig.cmake.in ${PROJECT_BINARY_DIR}/parlabConfig.cmake
                              INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/parlab)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/parlabConfigVersion.cmake COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/parlabConfig.cmake ${PROJECT_BINARY_DIR}/parlabConfigVersion.cmake
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/parlab)

# The program, the labs' sources for `parlab lab pack` (no solution, no
# grading code), and the reference programs it copies.
install(TARGETS parlab RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY labs/ DESTINATION ${CMAKE_INSTALL_DATADIR}/parlab/labs
        PATTERN solution EXCLUDE PATTERN grading EXCLUDE PATTERN common EXCLUDE PATTERN "*_grade.cpp" EXCLUDE)
get_property(lab_programs GLOBAL PROPERTY PARLAB_LAB_PROGRAMS)
list(FILTER lab_programs INCLUDE REGEX "-solution$")
if(lab_programs)
  install(TARGETS ${lab_programs} RUNTIME DESTINATION ${CMAKE_INSTALL_LIBEXECDIR}/parlab/labs)
endif()
