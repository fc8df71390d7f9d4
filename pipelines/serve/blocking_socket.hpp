#pragma once
// The socket of one connection of the `threads` model (http_server.cpp):
// blocking reads and writes, with a timeout on each call.
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/uio.h>

#include <boost/asio/buffer.hpp>
#include <boost/asio/error.hpp>
#include <boost/beast/core/error.hpp>
#include <cerrno>
#include <cstddef>

namespace parlab::serve {

// A connected socket for blocking reads and writes with a timeout, as Beast's
// synchronous http::read and http::write take them. Asio's own blocking
// socket waits without end when a read times out (it polls after EAGAIN), so
// this one calls recv and send itself: SO_RCVTIMEO and SO_SNDTIMEO bound
// each call, and a timeout is an error.
class BlockingSocket {
 public:
  using error_code = boost::beast::error_code;
  BlockingSocket(int fd, double timeout_s) : fd_(fd) {
    timeval tv{};
    tv.tv_sec = static_cast<time_t>(timeout_s);
    tv.tv_usec = static_cast<suseconds_t>((timeout_s - static_cast<double>(tv.tv_sec)) * 1e6);
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  }
  template <class Buffers>
  std::size_t read_some(const Buffers& buffers, error_code& ec) {
    for (auto it = boost::asio::buffer_sequence_begin(buffers); it != boost::asio::buffer_sequence_end(buffers); ++it) {
      const boost::asio::mutable_buffer b = *it;
      if (b.size() == 0) continue;
      return done(::recv(fd_, b.data(), b.size(), 0), ec, true);
    }
    ec = {};
    return 0;
  }
  // A gather write: Beast hands the header and the body as separate
  // buffers, and sending them one call each would meet Nagle's algorithm
  // and the peer's delayed ACK (40 ms a reply).
  template <class Buffers>
  std::size_t write_some(const Buffers& buffers, error_code& ec) {
    iovec parts[16];
    std::size_t n = 0;
    for (auto it = boost::asio::buffer_sequence_begin(buffers); it != boost::asio::buffer_sequence_end(buffers) && n < 16; ++it) {
      const boost::asio::const_buffer b = *it;
      if (b.size() > 0) parts[n++] = {const_cast<void*>(b.data()), b.size()};
    }
    if (n == 0) {
      ec = {};
      return 0;
    }
    msghdr m{};
    m.msg_iov = parts;
    m.msg_iovlen = n;
    return done(::sendmsg(fd_, &m, MSG_NOSIGNAL), ec, false);
  }
  // The throwing forms the stream concepts also ask for.
  template <class Buffers>
  std::size_t read_some(const Buffers& buffers) {
    error_code ec;
    const std::size_t n = read_some(buffers, ec);
    if (ec) throw boost::beast::system_error(ec);
    return n;
  }
  template <class Buffers>
  std::size_t write_some(const Buffers& buffers) {
    error_code ec;
    const std::size_t n = write_some(buffers, ec);
    if (ec) throw boost::beast::system_error(ec);
    return n;
  }

 private:
  static std::size_t done(ssize_t n, error_code& ec, bool reading) {
    if (n > 0) {
      ec = {};
      return static_cast<std::size_t>(n);
    }
    if (n == 0 && reading) ec = boost::asio::error::eof;
    else if (errno == EAGAIN || errno == EWOULDBLOCK) ec = boost::asio::error::timed_out;
    else ec = error_code(errno, boost::system::system_category());
    return 0;
  }
  int fd_;
};

}  // namespace parlab::serve
