# Run at build time (cmake -P): writes OUT with the current git revision, and
# touches it only when the revision changed, so rebuilds stay incremental.
execute_process(COMMAND git describe --always --dirty --abbrev=12
                WORKING_DIRECTORY ${SRC} OUTPUT_VARIABLE rev OUTPUT_STRIP_TRAILING_WHITESPACE
                ERROR_QUIET RESULT_VARIABLE rc)
if(NOT rc EQUAL 0 OR rev STREQUAL "")
  set(rev "unknown (not a git checkout)")
endif()
set(text "// Generated at build time by cmake/GitRevision.cmake.\nnamespace parlab::build { extern const char* const git_revision; const char* const git_revision = \"${rev}\"; }\n")
if(EXISTS ${OUT})
  file(READ ${OUT} old)
endif()
if(NOT "${old}" STREQUAL "${text}")
  file(WRITE ${OUT} "${text}")
endif()
