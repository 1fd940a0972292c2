// libFuzzer target: GermanAnalyzer::analyze() and the folding functions on arbitrary bytes.
// Checks that tokens lie inside the input, in order, with valid UTF-8 terms, and that the
// segmenter's own word breaking, where it takes a text, gives ICU's words.
#include "fuzz_support.h"
#include "segmenter.h"

#include "fundus/analyzers/folding.h"

#include <string_view>
#include <vector>

using namespace fundus;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static analyzers::GermanAnalyzer analyzer(fuzz::resources());
    const std::string_view text(reinterpret_cast<const char*>(data), size);

    const auto tokens = analyzer.analyze(text, 7);
    std::uint32_t last_position = 0;
    std::uint32_t last_start = 0;
    for (const auto& t : tokens) {
        fuzz::require(t.start < t.end && t.end <= size, "a token's offsets lie inside the input");
        fuzz::require(t.start >= last_start, "tokens come in text order");
        fuzz::require(t.position >= 7 && t.position >= last_position, "positions grow");
        fuzz::require(!t.term.empty() && analyzers::is_valid_utf8(t.term), "a term is valid UTF-8");
        fuzz::require(analyzers::is_valid_utf8(t.word), "a word is valid UTF-8");
        for (const auto& v : t.variants)
            fuzz::require(analyzers::is_valid_utf8(v), "a variant is valid UTF-8");
        last_position = t.position;
        last_start = t.start;
    }
    if (!tokens.empty())
        (void)analyzer.term(tokens.front().word);
    static analyzers::Segmenter segmenter;
    std::vector<analyzers::WordSpan> simple;
    if (analyzers::Segmenter::simple_words(text, simple)) {
        const auto icu = segmenter.icu_words(text);
        fuzz::require(simple.size() == icu.size(), "the simple segmentation finds ICU's words");
        for (std::size_t i = 0; i < simple.size() && i < icu.size(); ++i)
            fuzz::require(simple[i].start == icu[i].start && simple[i].end == icu[i].end,
                          "the simple segmentation finds ICU's words");
    }
    if (analyzers::is_valid_utf8(text)) {
        fuzz::require(analyzers::is_valid_utf8(analyzers::fold_case(text)),
                      "fold_case keeps UTF-8 valid");
        fuzz::require(analyzers::is_valid_utf8(analyzers::spelling_key(text)),
                      "spelling_key keeps UTF-8 valid");
    }
    return 0;
}
