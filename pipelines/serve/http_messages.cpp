#include "pipelines/serve/http_messages.hpp"

#include <string>
#include <utility>

namespace parlab::serve {

namespace beast = boost::beast;
namespace http = beast::http;

std::optional<Reply> read_error_reply(const beast::error_code& ec) {
  if (ec == http::error::header_limit) return error_reply(413, "the request line and headers exceed this server's limit");
  if (ec == http::error::body_limit) return error_reply(413, "the body exceeds this server's limit");
  if (ec == http::error::end_of_stream || ec == http::error::partial_message) return std::nullopt;
  if (ec.category() == http::make_error_code(http::error::bad_method).category())
    return error_reply(400, "malformed HTTP request (" + ec.message() + ")");
  return std::nullopt;  // a socket error or a timeout
}

http::response<http::string_body> to_response(Reply&& r, bool keep_alive) {
  http::response<http::string_body> res{static_cast<http::status>(r.status), 11};
  res.set(http::field::server, "parlab");
  res.set(http::field::content_type, r.content_type);
  if (r.retry_after > 0) res.set(http::field::retry_after, std::to_string(r.retry_after));
  res.keep_alive(keep_alive);
  res.body() = std::move(r.body);
  res.prepare_payload();
  return res;
}

bool expects_continue(const Parser& p) {
  return beast::iequals(p.get()[http::field::expect], "100-continue");
}

}  // namespace parlab::serve
