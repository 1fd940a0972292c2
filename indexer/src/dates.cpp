#include "fundus/index/validator.h"

#include <array>
#include <cctype>
#include <charconv>
#include <cstdio>

namespace fundus::index {

namespace {

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
    constexpr std::array<int, 12> days = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap(y) ? 29 : days[static_cast<std::size_t>(m - 1)];
}

bool parse_int(std::string_view s, int& out) {
    if (s.empty())
        return false;
    for (char c : s)
        if (c < '0' || c > '9')
            return false;
    return std::from_chars(s.data(), s.data() + s.size(), out).ec == std::errc{};
}

std::string format(int y, int m, int d) {
    if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
        return {};
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
    return buf;
}

/// "Mon, 12 Apr 2021 08:30:00 +0200" (RFC 822/1123, weekday optional).
std::string parse_rfc822(std::string_view s) {
    constexpr std::array<std::string_view, 12> months = {"jan", "feb", "mar", "apr", "may", "jun",
                                                         "jul", "aug", "sep", "oct", "nov", "dec"};
    if (auto comma = s.find(','); comma != std::string_view::npos)
        s = s.substr(comma + 1);
    while (!s.empty() && s.front() == ' ')
        s.remove_prefix(1);
    const auto sp1 = s.find(' ');
    if (sp1 == std::string_view::npos)
        return {};
    const auto sp2 = s.find(' ', sp1 + 1);
    if (sp2 == std::string_view::npos || sp2 - sp1 != 4)
        return {};
    int day = 0, year = 0;
    auto year_end = s.find(' ', sp2 + 1);
    if (!parse_int(s.substr(0, sp1), day) ||
        !parse_int(s.substr(sp2 + 1, year_end == std::string_view::npos ? s.npos : year_end - sp2 - 1), year))
        return {};
    std::string month(s.substr(sp1 + 1, 3));
    for (char& c : month)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (std::size_t i = 0; i < months.size(); ++i)
        if (months[i] == month)
            return format(year, static_cast<int>(i) + 1, day);
    return {};
}

} // namespace

std::string normalise_date(std::string_view text) {
    while (!text.empty() && text.front() == ' ')
        text.remove_prefix(1);
    while (!text.empty() && text.back() == ' ')
        text.remove_suffix(1);
    if (text.size() >= 10 && text[4] == '-' && text[7] == '-') {
        int y = 0, m = 0, d = 0;
        if (!parse_int(text.substr(0, 4), y) || !parse_int(text.substr(5, 2), m) ||
            !parse_int(text.substr(8, 2), d))
            return {};
        if (text.size() > 10 && text[10] != 'T' && text[10] != ' ')
            return {};
        return format(y, m, d);
    }
    return parse_rfc822(text);
}

} // namespace fundus::index
