// libFuzzer target: the JSON Lines reader and the record validator (read_jsonl()).
#include "fuzz_support.h"

#include "fundus/index/validator.h"

using namespace fundus;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const index::PostValidator validator(*fuzz::gazetteer());
    const auto file = fuzz::write_scratch("posts.jsonl", data, size);
    fuzz::CheckingSink sink;
    index::read_jsonl(file, validator, sink);
    return 0;
}
