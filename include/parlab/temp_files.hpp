#pragma once
// The temporary files being written now (outputs are written to a temporary
// name and renamed when complete, parlab/output_file.hpp), so that a signal
// handler can remove them: SIGINT, SIGTERM or SIGHUP mid-write then leaves
// no hidden partial file. Several at once: a pipeline writes its outputs on
// several threads.
namespace parlab::temp_files {

// Tracks `path` (copied); returns its slot for untrack(), or -1 when it
// cannot be tracked (longer than 4095 bytes, or 64 already tracked).
int track(const char* path);
void untrack(int slot);
// Async-signal-safe: unlinks every tracked temporary file.
void remove_now();
// Installs handlers for SIGINT, SIGTERM and SIGHUP that remove the tracked
// files and then end the process by the signal, as it would have ended.
// A command that handles one of them itself (a stop on Ctrl-C, a batch's
// report) installs its own over this and puts this one back.
void remove_on_signals();

}  // namespace parlab::temp_files
