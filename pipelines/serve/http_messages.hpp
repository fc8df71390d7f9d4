#pragma once
// The HTTP messages both kinds of session share (the loop's asynchronous
// sessions and the threads model's blocking ones): a reply as a Beast
// response, the reply a failed read calls for, and `Expect: 100-continue`.
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <optional>
#include <string_view>

#include "pipelines/serve/serve_routes.hpp"

namespace parlab::serve {

using Parser = boost::beast::http::request_parser<boost::beast::http::string_body>;

// What a failed read of a request calls for: nothing (the client left, or
// was too slow: the connection just closes), or a reply before closing
// (the request was malformed or too large).
std::optional<Reply> read_error_reply(const boost::beast::error_code& ec);

boost::beast::http::response<boost::beast::http::string_body> to_response(Reply&& r, bool keep_alive);

bool expects_continue(const Parser& p);

// The interim reply a client that sent `Expect: 100-continue` waits for.
inline constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";

inline std::string_view sv(boost::beast::string_view s) { return {s.data(), s.size()}; }

}  // namespace parlab::serve
