// Without OpenCV there is no OpenCV peer (install libopencv-dev and reconfigure).
#include "bench/peers/peers.hpp"

namespace parlab::peers {
bool opencv_available() { return false; }
void register_opencv() {}
}  // namespace parlab::peers
