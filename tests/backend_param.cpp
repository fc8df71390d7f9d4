#include "backend_param.hpp"

namespace parlab::test {
std::string backend_name(Backend b) { return std::string(to_string(b)); }
}  // namespace parlab::test
