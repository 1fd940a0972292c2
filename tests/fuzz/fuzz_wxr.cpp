// libFuzzer target: the WordPress export (WXR) reader.
#include "fuzz_support.h"

#include "fundus/index/validator.h"

using namespace fundus;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const index::PostValidator validator(*fuzz::gazetteer());
    const auto file = fuzz::write_scratch("export.xml", data, size);
    fuzz::CheckingSink sink;
    index::read_wxr(file, validator, sink);
    return 0;
}
