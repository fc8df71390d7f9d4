// Commands the kernels ask for: `parlab montecarlo pi|european|asian`.
#include "cli.hpp"

namespace clitest {
namespace {

TEST(CliMonteCarlo, BadParametersAreUsageErrorsNamingTheFlag) {
  const std::pair<const char*, const char*> cases[] = {
      {"european --volatility -0.1", "--volatility '-0.1'"},
      {"european --volatility 0", "--volatility '0'"},
      {"european --volatility 0.001", "--volatility '0.001'"},
      {"european --volatility abc", "--volatility 'abc'"},
      {"european --maturity 0", "--maturity '0'"},
      {"asian --maturity -1", "--maturity '-1'"},
      {"european --maturity 3", "--maturity '3'"},
      {"european --paths 0", "--paths '0'"},
      {"european --s0 0", "--s0 '0'"},
      {"european --strike -5", "--strike '-5'"},
      {"european --strike nan", "--strike 'nan'"},
      {"asian --steps 0", "--steps '0'"},
      {"asian --steps 2.5", "--steps '2.5'"},
      {"pi --samples 0", "--samples '0'"},
      {"pi --samples 1e99", "--samples '1e99'"},
      {"pi --steps 4", "--steps does not apply to montecarlo_pi"},
      {"pi --volatility 0.3", "--volatility"},
      {"binomial", "binomial"},
  };
  for (const auto& [args, needle] : cases) {
    SCOPED_TRACE(args);
    expect_failure(parlab(std::string("montecarlo ") + args), 2, needle);
  }
}

TEST(CliMonteCarlo, PiGivesAnExactCountAndAnEstimateWithItsInterval) {
  const Outcome o = parlab("montecarlo pi --samples 100001 --seed 7 --backend simd --format json");
  ASSERT_EQ(o.code, 0) << o.err;
  const auto j = nlohmann::json::parse(o.out);
  const auto& v = j["results"][0]["value"];
  EXPECT_TRUE(v["inside"].is_number_unsigned());
  EXPECT_EQ(v["samples"], 100001);
  const double pi = v["pi"]["value"], se = v["pi"]["std_error"];
  EXPECT_DOUBLE_EQ(pi, 4.0 * v["inside"].get<double>() / 100001);
  EXPECT_NEAR(double(v["pi"]["ci95"][0]), pi - 1.96 * se, 1e-3 * se);
  // The same count from the scalar reference and from every thread count.
  for (const char* other : {"--backend scalar", "--backend openmp --threads 3"}) {
    const Outcome p = parlab(std::string("montecarlo pi --samples 100001 --seed 7 --format json ") + other);
    ASSERT_EQ(p.code, 0) << p.err;
    EXPECT_EQ(nlohmann::json::parse(p.out)["results"][0]["value"]["inside"], v["inside"]) << other;
  }
}

TEST(CliMonteCarlo, OptionsPrintThePriceBesideTheClosedForm) {
  const Outcome e = parlab("montecarlo european --paths 20000 --antithetic yes --format json");
  ASSERT_EQ(e.code, 0) << e.err;
  const auto je = nlohmann::json::parse(e.out);
  EXPECT_NEAR(double(je["results"][0]["value"]["call_bs"]), 10.450583572185565, 1e-9);
  EXPECT_NE(std::string(je["results"][0]["check"]).find("call: "), std::string::npos);
  const Outcome a = parlab("montecarlo asian --paths 2000 --steps 12 --format json");
  ASSERT_EQ(a.code, 0) << a.err;
  const auto ja = nlohmann::json::parse(a.out);
  const auto& av = ja["results"][0]["value"];
  EXPECT_GT(double(av["variance_reduction"]), 2);
  EXPECT_LT(double(av["arithmetic_cv"]["std_error"]), double(av["arithmetic"]["std_error"]));
}

// One path has no sample standard deviation: its error is undefined, not 0.
TEST(CliMonteCarlo, OnePathHasNoStandardError) {
  const Outcome j = parlab("montecarlo european --paths 1 --format json");
  ASSERT_EQ(j.code, 0) << j.err;
  const auto json = nlohmann::json::parse(j.out);
  const auto& put = json["results"][0]["value"]["put"];
  EXPECT_EQ(put["samples"], 1);
  EXPECT_TRUE(put["std_error"].is_null()) << put;
  EXPECT_TRUE(put["ci95"].is_null()) << put;
  const Outcome t = parlab("montecarlo european --paths 1");
  ASSERT_EQ(t.code, 0) << t.err;
  EXPECT_NE(t.out.find("undefined"), std::string::npos) << t.out;
  const Outcome two = parlab("montecarlo european --paths 2 --format json");
  ASSERT_EQ(two.code, 0) << two.err;
  EXPECT_TRUE(nlohmann::json::parse(two.out)["results"][0]["value"]["put"]["std_error"].is_number());
}

TEST(CliMonteCarlo, InterruptStopsAndPrintsThePartialEstimate) {
  // 3 s before the signal: time enough, on a loaded machine, for the run to
  // have started and set its handler (a signal before that ends the process).
  const auto dir = std::filesystem::temp_directory_path();
  const auto out = dir / ("parlab_int_" + std::to_string(::getpid()));
  const std::string cmd = std::string(PARLAB_EXE) + " montecarlo pi --samples 1e13 --backend openmp --format json >" +
                          out.string() + " 2>" + out.string() + ".err & p=$!; sleep 3; kill -INT $p; wait $p";
  const int status = std::system(("sh -c '" + cmd + "'").c_str());
  const std::string text = slurp(out), err = slurp(out.string() + ".err");
  std::filesystem::remove(out);
  std::filesystem::remove(out.string() + ".err");
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 130) << err;
  EXPECT_NE(err.find("partial"), std::string::npos) << err;
  const auto j = nlohmann::json::parse(text);
  const auto& r = j["results"][0];
  EXPECT_NE(std::string(r["note"]).find("partial: stopped after"), std::string::npos);
  const std::uint64_t samples = r["value"]["samples"];
  EXPECT_GT(samples, 0u);
  EXPECT_LT(samples, 10000000000000u);
  EXPECT_EQ(r["value"]["pi"]["samples"], samples) << "the estimate covers exactly what was done";
  EXPECT_EQ(r["size"], samples);
}

// On a terminal (a pseudo-terminal from util-linux's `script`), a run longer
// than 2 s shows its progress on stderr; JSON output never does.
TEST(CliMonteCarlo, ProgressLineOnATerminalOnlyForTables) {
  if (std::system("command -v script >/dev/null 2>&1") != 0) GTEST_SKIP() << "util-linux's script is not installed";
  for (const char* format : {"table", "json"}) {
    const auto out = std::filesystem::temp_directory_path() / ("parlab_tty_" + std::to_string(::getpid()));
    const std::string run = std::string(PARLAB_EXE) + " montecarlo pi --samples 1e13 --threads 1 --format " + format +
                            " & p=$!; sleep 3; kill -INT $p; wait $p";
    std::system(("script -qec '" + run + "' /dev/null >" + out.string() + " 2>&1").c_str());
    const std::string text = slurp(out);
    std::filesystem::remove(out);
    EXPECT_NE(text.find("partial"), std::string::npos) << format << ": " << text;
    if (std::string(format) == "table")
      EXPECT_NE(text.find("% done, about"), std::string::npos) << text;
    else
      EXPECT_EQ(text.find("% done"), std::string::npos) << text;
  }
}

}  // namespace
}  // namespace clitest
