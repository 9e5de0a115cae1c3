# `cmake --install`: the four tools (tools/CMakeLists.txt), the libraries libflopsfit_core.a
# (torch-free) and libflopsfit.a (the torch part) with every header under include/ff/, the presets
# under share/flops-fit/presets, and a CMake package, so that another project can write
#   find_package(flopsfit REQUIRED)
#   target_link_libraries(app PRIVATE flopsfit::ff)     # find_optimal, training (LibTorch)
#   target_link_libraries(app PRIVATE flopsfit::core)   # plans, fits, plots, file formats (no LibTorch)
include(CMakePackageConfigHelpers)

set(FF_CMAKE_INSTALL_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/flopsfit)
set(FF_PRESET_INSTALL_DIR ${CMAKE_INSTALL_DATADIR}/flops-fit/presets)

install(TARGETS ff_core ff EXPORT flopsfitTargets ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/lib/ff DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
        FILES_MATCHING PATTERN "*.h")
install(DIRECTORY ${PROJECT_SOURCE_DIR}/presets/ DESTINATION ${FF_PRESET_INSTALL_DIR}
        FILES_MATCHING PATTERN "*.yaml")
install(DIRECTORY ${PROJECT_SOURCE_DIR}/configs/ DESTINATION ${CMAKE_INSTALL_DATADIR}/flops-fit/configs
        FILES_MATCHING PATTERN "*.yaml")  # for reading: the defaults are compiled in

install(EXPORT flopsfitTargets NAMESPACE flopsfit:: DESTINATION ${FF_CMAKE_INSTALL_DIR})
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/flopsfitConfig.cmake.in
  ${PROJECT_BINARY_DIR}/flopsfitConfig.cmake
  INSTALL_DESTINATION ${FF_CMAKE_INSTALL_DIR}
  PATH_VARS FF_PRESET_INSTALL_DIR)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/flopsfitConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/flopsfitConfig.cmake ${PROJECT_BINARY_DIR}/flopsfitConfigVersion.cmake
        DESTINATION ${FF_CMAKE_INSTALL_DIR})
