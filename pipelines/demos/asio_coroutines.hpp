#pragma once
// Boost.Asio (Debian's Boost 1.74) with its C++20 coroutines: awaitable,
// co_spawn, use_awaitable. Two things that version needs: <utility> before
// it (its awaitable.hpp uses std::exchange without including it), and, with
// clang on libstdc++ (the tsan and fuzz presets), the word that <coroutine>
// is there: its detection looks only for libc++'s <experimental/coroutine>.
#include <coroutine>
#include <utility>

#if defined(__clang__) && !defined(BOOST_ASIO_HAS_CO_AWAIT)
#define BOOST_ASIO_HAS_CO_AWAIT 1
#define BOOST_ASIO_HAS_STD_COROUTINE 1
#endif

#include <boost/asio.hpp>
