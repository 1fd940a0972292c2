#include "segmenter.h"

#include "fundus/error.h"

#include <unicode/brkiter.h>
#include <unicode/utext.h>

namespace fundus::analyzers {

struct Segmenter::Impl {
    std::unique_ptr<icu::BreakIterator> iterator;
};

Segmenter::Segmenter() : impl_(std::make_unique<Impl>()) {
    UErrorCode status = U_ZERO_ERROR;
    impl_->iterator.reset(icu::BreakIterator::createWordInstance(icu::Locale("de"), status));
    if (U_FAILURE(status) || !impl_->iterator)
        throw Error(std::string("Segmenter::Segmenter(): ICU word break iterator: ") +
                    u_errorName(status));
}

Segmenter::Segmenter(const Segmenter& other) : impl_(std::make_unique<Impl>()) {
    impl_->iterator.reset(other.impl_->iterator->clone());
}

Segmenter::~Segmenter() = default;

std::vector<WordSpan> Segmenter::words(std::string_view text) {
    std::vector<WordSpan> spans;
    if (text.empty())
        return spans;
    UErrorCode status = U_ZERO_ERROR;
    UText* utext = utext_openUTF8(nullptr, text.data(), static_cast<int64_t>(text.size()), &status);
    if (U_FAILURE(status))
        return spans;
    icu::BreakIterator& it = *impl_->iterator;
    it.setText(utext, status);
    if (U_SUCCESS(status)) {
        int32_t start = it.first();
        for (int32_t end = it.next(); end != icu::BreakIterator::DONE; start = end, end = it.next()) {
            if (it.getRuleStatus() >= UBRK_WORD_NONE_LIMIT)
                spans.push_back({static_cast<std::uint32_t>(start), static_cast<std::uint32_t>(end)});
        }
    }
    // Detach the iterator from the UText before closing it.
    it.setText(icu::UnicodeString());
    utext_close(utext);
    return spans;
}

} // namespace fundus::analyzers
