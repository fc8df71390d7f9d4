#pragma once
// What parlab says on stderr is one line per message, and only text: a file
// name holding a newline or an escape sequence (names are bytes; a hostile
// one can hold anything but '/' and NUL) is shown with its control
// characters escaped (\n, \r, \t, \xHH), so it can neither split a message
// into two nor drive the terminal. Bytes >= 0x80 (UTF-8) pass as they are.
#include <string>
#include <string_view>

namespace parlab::cli {

std::string one_line(std::string_view text);
// "parlab: <message>\n" on stderr, the message made one line.
void say(std::string_view message);

}  // namespace parlab::cli
