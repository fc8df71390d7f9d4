#include "app/kernel_flags.hpp"

#include <algorithm>
#include <set>

#include "app/views.hpp"
#include "runtime/error.hpp"

namespace parlab::cli {
namespace {

// The help of one option name: what each kernel of `of` that declares it says.
std::string option_help(std::string_view name, const std::vector<const Kernel*>& of) {
  std::map<std::string, std::vector<std::string>> by_text;  // help text -> kernels
  std::vector<std::string> order;
  for (const Kernel* k : of) {
    const Option* o = k->option(name);
    if (!o) continue;
    const std::string t = std::string(o->help) + " (default " + format_option(*o, o->fallback) + ", " +
                          describe_range(*o) + ")";
    if (by_text[t].empty()) order.push_back(t);
    by_text[t].push_back(std::string(k->name));
  }
  std::string help;
  for (const std::string& t : order) {
    std::string who;
    for (const std::string& k : by_text[t]) who += (who.empty() ? "" : ", ") + k;
    help += (help.empty() ? "" : "; ") + who + ": " + t;
  }
  return help;
}

}  // namespace

std::vector<const Kernel*> kernels_where(const std::function<bool(const Kernel&)>& keep) {
  std::vector<const Kernel*> v;
  for (const Kernel& k : kernels())
    if (!keep || keep(k)) v.push_back(&k);
  return v;
}

void KernelFlags::add(CLI::App* cmd, const std::vector<const Kernel*>& of, bool files) {
  std::set<std::string, std::less<>> names;
  for (const Kernel* k : of)
    for (const Option& opt : k->options)
      if (!(files && opt.builtin_input)) names.insert(std::string(opt.name));
  for (const std::string& n : names) {
    // On/off for every kernel that has it: `--all` alone means `--all true`.
    const bool flag_only = std::all_of(of.begin(), of.end(), [&](const Kernel* k) {
      const Option* x = k->option(n);
      return !x || x->type == OptionType::flag;
    });
    CLI::Option* flag = cmd->add_option("--" + n, given_[n], option_help(n, of));
    flag->type_name("VALUE");
    if (flag_only) flag->expected(0, 1)->type_name("[VALUE]");
    flags_[n] = flag;
  }
}

std::vector<std::pair<std::string, std::string>> KernelFlags::typed() const {
  std::vector<std::pair<std::string, std::string>> v;
  for (const auto& [name, flag] : flags_)
    if (flag->count() > 0) v.emplace_back(name, given_.at(name));
  return v;
}

Params KernelFlags::params_for(const Kernel& k, const std::string& seed, int threads, bool strict) const {
  Params p = k.defaults();
  p.seed = parse_seed(seed);
  p.threads = threads;
  for (const auto& [name, text] : typed()) {
    const Option* opt = k.option(name);
    if (!opt) {
      if (strict)
        throw UsageError("--" + name + " does not apply to " + std::string(k.name) + " (its options: " + flags_of(k, "none") +
                         ")");
      continue;
    }
    p.set(name, parse_option(*opt, text.empty() && opt->type == OptionType::flag ? "true" : text));
  }
  return p;
}

}  // namespace parlab::cli
