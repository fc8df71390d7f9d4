#pragma once
// Every SIMD kernel body, for the per-ISA translation units to instantiate.
#include "simd/reduce/reduce_simd.hpp"
#include "simd/image/gray_simd.hpp"
#include "simd/image/box_simd.hpp"
#include "simd/image/gaussian_simd.hpp"
#include "simd/image/sobel_simd.hpp"
