#include "parlab/data_json.hpp"

#include "core/overload.hpp"

namespace parlab {
namespace {

nlohmann::json shape(std::string_view kind, int w, int h, int c) {
  return {{"kind", kind}, {"width", w}, {"height", h}, {"channels", c}};
}

}  // namespace

nlohmann::json to_json(const Value& v) {
  return std::visit(
      Overload{
          [](double x) { return std::isfinite(x) ? nlohmann::json(x) : nlohmann::json(to_text(Value(x))); },
          [](std::uint64_t n) { return nlohmann::json(n); },
          [](const Estimate& e) {
            if (!e.has_error())
              return nlohmann::json{{"value", e.value}, {"std_error", nullptr}, {"samples", e.samples}, {"ci95", nullptr}};
            return nlohmann::json{{"value", e.value},
                                  {"std_error", e.std_error},
                                  {"samples", e.samples},
                                  {"ci95", {e.low95(), e.high95()}}};
          },
          [](const Floats& f) { return nlohmann::json{{"kind", "floats"}, {"size", f.size()}}; },
          [](const Counts& c) { return nlohmann::json(c); },
          [](const KeyCounts& t) {
            nlohmann::json a = nlohmann::json::array();
            for (const KeyCount& kc : t) a.push_back({{"key", kc.key}, {"count", kc.count}});
            return a;
          },
          [](const Image& i) { return shape("image", i.width, i.height, i.channels); },
          [](const Image8& i) { return shape("image8", i.width, i.height, i.channels); },
          [](const Stream& s) { return nlohmann::json{{"kind", "stream"}, {"name", s ? s->name() : ""}}; },
      },
      v);
}

nlohmann::json to_json(const Data& d) {
  nlohmann::json o = nlohmann::json::object();
  for (const Part& p : d.parts()) o[p.name] = to_json(p.value);
  return o;
}

nlohmann::json to_json(const Params& p) {
  nlohmann::json o = nlohmann::json::object();
  for (const Option& opt : p.options()) {
    const double v = p.real(opt.name);
    if (opt.type == OptionType::real)
      o[std::string(opt.name)] = v;
    else if (opt.type == OptionType::flag)
      o[std::string(opt.name)] = v != 0;
    else
      o[std::string(opt.name)] = static_cast<long long>(v);
  }
  return o;
}

std::string to_text(const Params& p) {
  std::string s;
  for (const Option& opt : p.options()) {
    if (!s.empty()) s += ' ';
    s += opt.name;
    s += '=';
    s += format_option(opt, p.real(opt.name));
  }
  return s;
}

}  // namespace parlab
