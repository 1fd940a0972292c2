#include "fundus/index/gazetteer.h"

#include "csv.h"
#include "fundus/analyzers/folding.h"
#include "fundus/error.h"

#include <array>
#include <fstream>

namespace fundus::index {

namespace {

std::vector<std::vector<std::string>> read_csv(const std::filesystem::path& path,
                                               std::size_t columns) {
    std::ifstream in(path);
    if (!in)
        throw Error("Gazetteer::load(): cannot read " + path.string());
    std::vector<std::vector<std::string>> rows;
    std::string line;
    std::size_t number = 0;
    std::vector<std::string> fields;
    while (std::getline(in, line)) {
        if (++number == 1 || line.empty())
            continue; // header
        if (!split_csv_line(line, fields) || fields.size() != columns)
            throw Error("Gazetteer::load(): " + path.string() + ":" + std::to_string(number) +
                        ": expected " + std::to_string(columns) + " fields");
        rows.push_back(fields);
    }
    return rows;
}

constexpr std::array<std::string_view, 6> kreis_prefixes = {"landkreis ", "lkr ", "lk ",
                                                             "kreis ",     "kr ",  "stadt "};
constexpr std::array<std::string_view, 4> land_prefixes = {"freistaat ", "bundesland ", "land ",
                                                           "freie und hansestadt "};

bool is_city(const Kreis& k) { return k.kind == "kreisfreie Stadt" || k.kind == "Stadtkreis"; }

} // namespace

std::string region_key(std::string_view text) {
    const std::string key = analyzers::spelling_key(text);
    std::string out;
    bool space = true;
    for (char c : key) {
        const bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                           static_cast<unsigned char>(c) >= 0x80;
        if (alnum) {
            out += c;
            space = false;
        } else if (!space) {
            out += ' ';
            space = true;
        }
    }
    if (!out.empty() && out.back() == ' ')
        out.pop_back();
    return out;
}

Gazetteer Gazetteer::load(const std::filesystem::path& dir) {
    Gazetteer g;
    for (auto& row : read_csv(dir / "laender.csv", 4)) {
        const std::size_t i = g.laender_.size();
        g.laender_.push_back({row[0], row[1], row[2]});
        g.land_by_key_[region_key(row[1])] = i;
        g.land_by_key_[region_key(row[2])] = i;
        if (!row[3].empty())
            g.land_by_key_[region_key(row[3])] = i;
    }
    g.land_by_key_["nrw"] = g.land_by_key_.at("nw");
    for (auto& row : read_csv(dir / "kreise.csv", 5)) {
        const std::size_t i = g.kreise_.size();
        g.kreise_.push_back({row[0], row[1], row[2], row[3], row[4]});
        g.kreis_by_name_[region_key(row[1])] = i;
        g.kreis_by_short_.emplace(region_key(row[2]), i);
    }
    return g;
}

const Land* Gazetteer::find_land(std::string_view text) const {
    std::string key = region_key(text);
    if (auto it = land_by_key_.find(key); it != land_by_key_.end())
        return &laender_[it->second];
    for (std::string_view prefix : land_prefixes)
        if (key.starts_with(prefix))
            if (auto it = land_by_key_.find(key.substr(prefix.size())); it != land_by_key_.end())
                return &laender_[it->second];
    return nullptr;
}

const Kreis* Gazetteer::find_kreis(std::string_view text, std::string_view land) const {
    const std::string key = region_key(text);
    if (auto it = kreis_by_name_.find(key); it != kreis_by_name_.end())
        return &kreise_[it->second];
    std::string short_key = key;
    std::string_view wanted_prefix;
    for (std::string_view prefix : kreis_prefixes)
        if (key.starts_with(prefix)) {
            short_key = key.substr(prefix.size());
            wanted_prefix = prefix;
            break;
        }
    const Kreis* best = nullptr;
    int best_rank = -1;
    auto [first, last] = kreis_by_short_.equal_range(short_key);
    for (auto it = first; it != last; ++it) {
        const Kreis& k = kreise_[it->second];
        const bool city = is_city(k);
        if (wanted_prefix == "stadt " && !city)
            continue;
        if (!wanted_prefix.empty() && wanted_prefix != "stadt " && city)
            continue;
        const int rank = (!land.empty() && k.land == land ? 2 : 0) + (city ? 1 : 0);
        if (rank > best_rank) {
            best = &k;
            best_rank = rank;
        }
    }
    return best;
}

std::vector<const Kreis*> Gazetteer::kreise_of(std::string_view land) const {
    std::vector<const Kreis*> out;
    for (const Kreis& k : kreise_)
        if (k.land == land)
            out.push_back(&k);
    return out;
}

} // namespace fundus::index
