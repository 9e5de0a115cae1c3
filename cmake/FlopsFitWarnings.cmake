# One helper that sets the project's warnings on a target (FF_SANITIZE is global: CMakeLists.txt).
function(ff_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wno-unused-parameter)
  if(FF_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
