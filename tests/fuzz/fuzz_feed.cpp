// libFuzzer target: the RSS 2.0 and Atom reader (read_feed() with format feed: either root).
#include "fuzz_support.h"

#include "fundus/index/validator.h"

using namespace fundus;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const index::PostValidator validator(*fuzz::gazetteer());
    const auto file = fuzz::write_scratch("feed.xml", data, size);
    fuzz::CheckingSink sink;
    index::read_feed(file, validator, sink, index::SourceFormat::feed);
    return 0;
}
