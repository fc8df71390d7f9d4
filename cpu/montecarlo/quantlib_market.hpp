#pragma once
// QuantLib's view of parlab's option market: a Black-Scholes-Merton process
// with a flat rate, no dividends and a flat volatility, on Actual/365 Fixed
// from a fixed evaluation date (which it sets: QuantLib keeps it globally).
// Shared by the QuantLib benchmark peer (quantlib_peer.cpp) and the QuantLib
// oracle tests (tests/quantlib_oracle_test.cpp); built only where QuantLib is.
#include <ql/processes/blackscholesprocess.hpp>
#include <ql/quotes/simplequote.hpp>
#include <ql/settings.hpp>
#include <ql/termstructures/volatility/equityfx/blackconstantvol.hpp>
#include <ql/termstructures/yield/flatforward.hpp>
#include <ql/time/calendars/nullcalendar.hpp>
#include <ql/time/daycounters/actual365fixed.hpp>

namespace parlab::montecarlo {

// The evaluation date: maturities are whole days after it.
inline QuantLib::Date quantlib_today() { return QuantLib::Date(2, QuantLib::January, 2025); }

inline QuantLib::ext::shared_ptr<QuantLib::BlackScholesMertonProcess> quantlib_process(double s0, double rate,
                                                                                      double volatility) {
  namespace ql = QuantLib;
  const ql::Date today = quantlib_today();
  ql::Settings::instance().evaluationDate() = today;
  const ql::DayCounter dc = ql::Actual365Fixed();
  const ql::Handle<ql::Quote> spot(ql::ext::make_shared<ql::SimpleQuote>(s0));
  const ql::Handle<ql::YieldTermStructure> r(ql::ext::make_shared<ql::FlatForward>(today, rate, dc));
  const ql::Handle<ql::YieldTermStructure> q(ql::ext::make_shared<ql::FlatForward>(today, 0.0, dc));
  const ql::Handle<ql::BlackVolTermStructure> vol(
      ql::ext::make_shared<ql::BlackConstantVol>(today, ql::NullCalendar(), volatility, dc));
  return ql::ext::make_shared<ql::BlackScholesMertonProcess>(spot, q, r, vol);
}

}  // namespace parlab::montecarlo
