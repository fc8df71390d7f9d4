#pragma once
// Functions written once for the host and the CUDA device: __host__
// __device__ under nvcc, plain functions for the host compiler.
#if defined(__CUDACC__)
#define PARLAB_HOST_DEVICE __host__ __device__
#else
#define PARLAB_HOST_DEVICE
#endif
