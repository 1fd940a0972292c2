// The region gazetteer: Länder and Kreise with their official keys (AGS), used to validate and
// normalise region names. Immutable after load(): thread-safe.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace fundus::index {

struct Land {
    std::string ags;  ///< "09"
    std::string name; ///< "Bayern"
    std::string code; ///< "BY"
};

struct Kreis {
    std::string ags;        ///< "09372"
    std::string name;       ///< canonical: "Landkreis Cham", "Kreis Steinfurt", "Flensburg"
    std::string short_name; ///< "Cham"
    std::string kind;       ///< "Landkreis", "Kreis", "kreisfreie Stadt", "Stadtkreis", ...
    std::string land;       ///< the Land's name
};

class Gazetteer {
public:
    /// Reads laender.csv and kreise.csv from `dir` (data/regions). Throws fundus::Error naming
    /// the file and line when one is missing or malformed.
    static Gazetteer load(const std::filesystem::path& dir);

    /// The Land that `text` names: its name in any case or spelling ("bayern", "Thueringen"),
    /// its code ("BY", "NRW"), or an official long form ("Freistaat Bayern"). Null if none.
    [[nodiscard]] const Land* find_land(std::string_view text) const;

    /// The Kreis that `text` names: canonical ("Landkreis Cham"), abbreviated ("LK Cham",
    /// "Lkr. Cham", "Kreis Cham") or short ("Cham"). Where a short name is ambiguous (München:
    /// city and Landkreis), a Kreis in `land` wins, then the kreisfreie Stadt. Null if none.
    [[nodiscard]] const Kreis* find_kreis(std::string_view text, std::string_view land = {}) const;

    [[nodiscard]] const std::vector<Land>& laender() const { return laender_; }
    [[nodiscard]] const std::vector<Kreis>& kreise() const { return kreise_; }
    /// The Kreise of one Land (by name), in AGS order.
    [[nodiscard]] std::vector<const Kreis*> kreise_of(std::string_view land) const;

private:
    std::vector<Land> laender_;
    std::vector<Kreis> kreise_;
    std::unordered_map<std::string, std::size_t> land_by_key_;
    std::unordered_map<std::string, std::size_t> kreis_by_name_;
    std::unordered_multimap<std::string, std::size_t> kreis_by_short_;
};

/// The key under which region names are compared: spelling key, punctuation as spaces, single
/// spaces ("Lkr. Neustadt a.d. Waldnaab" -> "lkr neustadt a d waldnaab").
std::string region_key(std::string_view text);

} // namespace fundus::index
