#pragma once
// Every SIMD kernel body, for the per-ISA translation units to instantiate.
#include "simd/reduce/reduce_simd.hpp"
