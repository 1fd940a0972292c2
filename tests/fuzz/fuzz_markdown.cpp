// libFuzzer target: the Markdown reader (YAML front matter, cmark body, the mapping of
// front-matter keys). The first byte chooses the default mapping or data/mappings/codefor-de.yaml.
#include "fuzz_support.h"

#include "fundus/error.h"
#include "fundus/index/validator.h"

using namespace fundus;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const index::PostValidator validator(*fuzz::gazetteer());
    static const std::filesystem::path codefor =
        fuzz::source_dir() / "data" / "mappings" / "codefor-de.yaml";
    if (size == 0)
        return 0;
    const bool mapped = (data[0] & 1) != 0;
    // A dated file name, so that the reader's date-from-file-name path runs too.
    const auto file = fuzz::write_scratch("2021-04-12-fuzz.md", data + 1, size - 1);
    fuzz::CheckingSink sink;
    index::read_markdown(file, validator, sink, mapped ? codefor : std::filesystem::path());
    return 0;
}
