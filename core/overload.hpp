#pragma once
// std::visit over a variant with one lambda per alternative:
//   std::visit(Overload{[](double) {...}, [](const Image&) {...}}, value);
namespace parlab {

template <class... F>
struct Overload : F... {
  using F::operator()...;
};
template <class... F>
Overload(F...) -> Overload<F...>;  // clang 14 does not deduce aggregates by itself

}  // namespace parlab
