#include "synonyms.h"

#include "fundus/error.h"
#include "fundus/text.h"

#include <fstream>

namespace fundus::searchd {

namespace {

std::string join(const std::vector<std::string>& terms) {
    std::string key;
    for (const auto& t : terms) {
        if (!key.empty())
            key += ' ';
        key += t;
    }
    return key;
}

const std::vector<std::vector<std::string>> no_alternatives;

} // namespace

Synonyms Synonyms::load(const std::filesystem::path& file, analyzers::GermanAnalyzer& analyzer) {
    Synonyms synonyms;
    std::ifstream in(file);
    if (!in)
        return synonyms;
    std::string line;
    std::size_t number = 0;
    while (std::getline(in, line)) {
        ++number;
        const std::string text = trim(line);
        if (text.empty() || text[0] == '#')
            continue;
        std::vector<std::vector<std::string>> group;
        std::size_t from = 0;
        while (from <= text.size()) {
            const auto comma = text.find(',', from);
            const std::string alternative = trim(std::string_view(text).substr(
                from, comma == std::string::npos ? std::string::npos : comma - from));
            std::vector<std::string> terms;
            for (const auto& token : analyzer.analyze(alternative))
                terms.push_back(token.term);
            if (!terms.empty())
                group.push_back(std::move(terms));
            if (comma == std::string::npos)
                break;
            from = comma + 1;
        }
        if (group.size() < 2)
            throw Error("Synonyms::load(): " + file.string() + ":" + std::to_string(number) +
                        ": a group needs at least two alternatives separated by commas");
        ++synonyms.groups_;
        for (std::size_t i = 0; i < group.size(); ++i) {
            std::vector<std::vector<std::string>> others;
            for (std::size_t j = 0; j < group.size(); ++j)
                if (j != i)
                    others.push_back(group[j]);
            auto& target = group[i].size() == 1 ? synonyms.by_term_[group[i][0]]
                                                 : synonyms.by_phrase_[join(group[i])];
            target.insert(target.end(), others.begin(), others.end());
        }
    }
    return synonyms;
}

const std::vector<std::vector<std::string>>& Synonyms::alternatives(const std::string& term) const {
    const auto it = by_term_.find(term);
    return it == by_term_.end() ? no_alternatives : it->second;
}

const std::vector<std::vector<std::string>>& Synonyms::phrase_alternatives(const std::string& key) const {
    const auto it = by_phrase_.find(key);
    return it == by_phrase_.end() ? no_alternatives : it->second;
}

} // namespace fundus::searchd
