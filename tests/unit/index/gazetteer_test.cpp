#include "fundus/index/gazetteer.h"
#include "test_support.h"

#include <catch2/catch.hpp>

using fundus::index::Gazetteer;

namespace gazetteer_test {
namespace {
const Gazetteer& gazetteer() {
    static const Gazetteer g = Gazetteer::load(fundus::testing::source_dir() / "data" / "regions");
    return g;
}
} // namespace

TEST_CASE("the gazetteer has all Länder and Kreise", "[index][gazetteer]") {
    CHECK(gazetteer().laender().size() == 16);
    CHECK(gazetteer().kreise().size() == 401);
    CHECK(gazetteer().kreise_of("Saarland").size() == 6);
}

TEST_CASE("a Land is found by name, code and long form", "[index][gazetteer]") {
    for (const char* text : {"Bayern", "bayern", "BY", "by", "Freistaat Bayern", " Bayern "}) {
        INFO(text);
        const auto* land = gazetteer().find_land(text);
        REQUIRE(land != nullptr);
        CHECK(land->name == "Bayern");
        CHECK(land->ags == "09");
    }
    REQUIRE(gazetteer().find_land("Thueringen") != nullptr);
    CHECK(gazetteer().find_land("Thueringen")->name == "Thüringen");
    CHECK(gazetteer().find_land("NRW")->name == "Nordrhein-Westfalen");
    CHECK(gazetteer().find_land("Atlantis") == nullptr);
}

TEST_CASE("a Kreis is found canonical, abbreviated or short", "[index][gazetteer]") {
    for (const char* text : {"Landkreis Cham", "LK Cham", "Lkr. Cham", "Cham", "landkreis cham"}) {
        INFO(text);
        const auto* kreis = gazetteer().find_kreis(text);
        REQUIRE(kreis != nullptr);
        CHECK(kreis->name == "Landkreis Cham");
        CHECK(kreis->ags == "09372");
        CHECK(kreis->land == "Bayern");
    }
    SECTION("an ambiguous short name prefers the city, a prefix the Landkreis") {
        CHECK(gazetteer().find_kreis("München")->kind == "kreisfreie Stadt");
        CHECK(gazetteer().find_kreis("Landkreis München")->name == "Landkreis München");
        CHECK(gazetteer().find_kreis("LK Rostock")->name == "Landkreis Rostock");
        CHECK(gazetteer().find_kreis("Rostock")->name == "Rostock");
    }
    SECTION("names that already say Kreis stay as they are") {
        CHECK(gazetteer().find_kreis("Erzgebirgskreis")->land == "Sachsen");
        CHECK(gazetteer().find_kreis("Region Hannover")->land == "Niedersachsen");
    }
    CHECK(gazetteer().find_kreis("Nirgendwo") == nullptr);
}

} // namespace gazetteer_test
