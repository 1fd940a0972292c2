#include "fundus/searchd/access_log.h"

#include "fundus/error.h"
#include "fundus/searchd/json_output.h"

#include <nlohmann/json.hpp>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <ctime>

namespace fundus::searchd {

namespace {

constexpr std::size_t max_query_bytes_logged = 2000;

std::string utc_millis(std::chrono::system_clock::time_point t) {
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
    const time_t seconds = static_cast<time_t>(ms / 1000);
    std::tm tm{};
    ::gmtime_r(&seconds, &tm);
    char buf[96];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                  static_cast<int>(ms % 1000));
    return buf;
}

std::FILE* open_target(const std::string& target) {
    if (target == "-")
        return stdout;
    std::FILE* file = std::fopen(target.c_str(), "a");
    if (file == nullptr)
        throw Error("AccessLog: cannot open '" + target + "': " + std::strerror(errno));
    return file;
}

} // namespace

AccessLog::AccessLog(std::string target, bool include_address)
    : target_(std::move(target)), include_address_(include_address), file_(open_target(target_)) {}

AccessLog::~AccessLog() {
    if (file_ != nullptr && file_ != stdout)
        std::fclose(file_);
    else if (file_ == stdout)
        std::fflush(stdout);
}

std::string AccessLog::format(const AccessRecord& r, bool include_address) {
    nlohmann::json line = {{"time", utc_millis(r.time)},
                           {"method", r.method},
                           {"path", r.path},
                           {"query", r.query.substr(0, max_query_bytes_logged)},
                           {"endpoint", r.endpoint},
                           {"status", r.status},
                           {"bytes", r.bytes},
                           {"duration_ms", std::round(r.seconds * 1e6) / 1e3}};
    if (include_address)
        line["address"] = r.address;
    return dump(line);
}

void AccessLog::write(const AccessRecord& record) {
    std::string line = format(record, include_address_);
    line += '\n';
    std::lock_guard lock(mutex_);
    std::fwrite(line.data(), 1, line.size(), file_);
    std::fflush(file_);
}

void AccessLog::reopen() {
    if (target_ == "-")
        return;
    std::FILE* fresh = open_target(target_);
    std::lock_guard lock(mutex_);
    std::fclose(file_);
    file_ = fresh;
}

} // namespace fundus::searchd
