#pragma once
// The temporary file being written now (outputs are written to a temporary
// name and renamed when complete), so that a signal handler can remove it:
// SIGINT or SIGTERM during a batch then leaves no hidden partial file.
// One at a time: files are written one after another.
namespace parlab::temp_files {

void set(const char* path);  // the path is copied; longer than 4095 bytes: not tracked
void clear();
// Async-signal-safe: unlinks the current temporary file, if any.
void remove_now();

}  // namespace parlab::temp_files
