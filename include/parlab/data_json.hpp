#pragma once
// Kernel outputs and parameters as JSON: each kind printed naturally.
//   real      33554431.5
//   count     785398163            (an integer, never 7.85e8)
//   estimate  {"value": 3.1416, "std_error": 0.0016, "samples": 1000000}
//   histogram [12, 0, 7, ...]
//   table     [{"key": "the", "count": 120}, ...]
//   floats, image, image8, stream: their shape, {"kind": "image", "width": 3840, ...}
#include <nlohmann/json.hpp>

#include "parlab/data.hpp"
#include "parlab/options.hpp"

namespace parlab {

nlohmann::json to_json(const Value& v);
// Every part: {"sum": 33554431.5} or {"count": 785398163, "pi": {...}}.
nlohmann::json to_json(const Data& d);
// Every option's value, integers as integers: {"sigma": 1.5, "radius": -1}.
nlohmann::json to_json(const Params& p);
// "sigma=1.5 radius=-1"
std::string to_text(const Params& p);

}  // namespace parlab
