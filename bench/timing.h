// What the benchmarks share: percentiles of timings, the machine's load average, numbers for
// their reports. Pure functions except load_average(), which reads /proc; thread-safe.
#pragma once

#include <string>
#include <vector>

namespace fundus::bench {

/// The value below which `share` (0..1) of `values` lie (nearest rank); 0 for none.
double percentile(std::vector<double> values, double share);

/// The 1-, 5- and 15-minute load averages as /proc/loadavg gives them ("1.20 0.98 0.75"); empty
/// where there is no /proc.
std::string load_average();

/// `x` with `decimals` digits after the point ("%.*f"), for report tables.
std::string fixed(double x, int decimals);

} // namespace fundus::bench
