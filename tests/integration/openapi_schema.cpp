#include "openapi_schema.h"

#include "test_support.h"

#include <yaml-cpp/yaml.h>

#include <regex>
#include <set>
#include <stdexcept>

namespace fundus::testing {

namespace {

nlohmann::json scalar(const YAML::Node& node) {
    const std::string text = node.Scalar();
    if (node.Tag() == "!")
        return text; // quoted
    if (text == "true" || text == "false")
        return text == "true";
    if (text == "null" || text == "~")
        return nullptr;
    static const std::regex integer(R"(-?[0-9]+)"), real(R"(-?[0-9]+\.[0-9]+([eE][-+]?[0-9]+)?)");
    if (std::regex_match(text, integer))
        return std::stoll(text);
    if (std::regex_match(text, real))
        return std::stod(text);
    return text;
}

nlohmann::json to_json(const YAML::Node& node) {
    switch (node.Type()) {
    case YAML::NodeType::Map: {
        nlohmann::json out = nlohmann::json::object();
        for (const auto& pair : node)
            out[pair.first.Scalar()] = to_json(pair.second);
        return out;
    }
    case YAML::NodeType::Sequence: {
        nlohmann::json out = nlohmann::json::array();
        for (const auto& item : node)
            out.push_back(to_json(item));
        return out;
    }
    case YAML::NodeType::Scalar:
        return scalar(node);
    default:
        return nullptr;
    }
}

std::string type_of(const nlohmann::json& v) {
    if (v.is_null())
        return "null";
    if (v.is_boolean())
        return "boolean";
    if (v.is_number_integer() || v.is_number_unsigned())
        return "integer";
    if (v.is_number())
        return "number";
    if (v.is_string())
        return "string";
    if (v.is_array())
        return "array";
    return "object";
}

bool has_type(const nlohmann::json& v, const std::string& type) {
    const std::string actual = type_of(v);
    return actual == type || (type == "number" && actual == "integer");
}

std::size_t characters(const std::string& s) {
    std::size_t n = 0;
    for (char c : s)
        n += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
    return n;
}

const std::set<std::string> known_keywords = {
    "$ref",     "type",    "nullable", "properties",  "required",  "additionalProperties",
    "items",    "enum",    "minimum",  "maximum",     "minLength", "maxLength",
    "maxItems", "pattern", "format",   "description", "default",   "example"};

} // namespace

nlohmann::json load_yaml(const std::filesystem::path& file) {
    return to_json(YAML::LoadFile(file.string()));
}

const nlohmann::json& resolve(const nlohmann::json& document, const nlohmann::json& node) {
    const nlohmann::json* at = &node;
    for (int hops = 0; at->is_object() && at->contains("$ref"); ++hops) {
        const std::string ref = (*at)["$ref"].get<std::string>();
        if (!ref.starts_with("#/") || hops > 20)
            throw std::runtime_error("resolve(): unsupported reference " + ref);
        const auto pointer = nlohmann::json::json_pointer(ref.substr(1));
        if (!document.contains(pointer))
            throw std::runtime_error("resolve(): " + ref + " does not resolve");
        at = &document.at(pointer);
    }
    return *at;
}

std::vector<std::string> schema_problems(const nlohmann::json& document,
                                         const nlohmann::json& schema_node,
                                         const nlohmann::json& value, const std::string& where) {
    const nlohmann::json& schema = resolve(document, schema_node);
    std::vector<std::string> out;
    auto problem = [&](const std::string& what) { out.push_back(where + ": " + what); };
    for (const auto& [keyword, _] : schema.items())
        if (!known_keywords.contains(keyword))
            problem("the checker does not know the keyword '" + keyword + "'");
    if (value.is_null() && schema.value("nullable", false))
        return out;
    if (schema.contains("type") && !has_type(value, schema["type"].get<std::string>())) {
        problem("expected " + schema["type"].get<std::string>() + ", got " + type_of(value));
        return out;
    }
    if (schema.contains("enum") &&
        std::find(schema["enum"].begin(), schema["enum"].end(), value) == schema["enum"].end())
        problem("'" + value.dump() + "' is not one of " + schema["enum"].dump());
    if (value.is_number()) {
        if (schema.contains("minimum") && value.get<double>() < schema["minimum"].get<double>())
            problem(value.dump() + " is below the minimum " + schema["minimum"].dump());
        if (schema.contains("maximum") && value.get<double>() > schema["maximum"].get<double>())
            problem(value.dump() + " is above the maximum " + schema["maximum"].dump());
    }
    if (value.is_string()) {
        const std::string s = value.get<std::string>();
        if (schema.contains("minLength") && characters(s) < schema["minLength"].get<std::size_t>())
            problem("shorter than " + schema["minLength"].dump() + " characters");
        if (schema.contains("maxLength") && characters(s) > schema["maxLength"].get<std::size_t>())
            problem("longer than " + schema["maxLength"].dump() + " characters");
        if (schema.contains("pattern") &&
            !std::regex_search(s, std::regex(schema["pattern"].get<std::string>())))
            problem("'" + s + "' does not match " + schema["pattern"].get<std::string>());
        if (schema.value("format", "") == "date" &&
            !std::regex_match(s, std::regex(R"(\d{4}-\d{2}-\d{2})")))
            problem("'" + s + "' is not a date");
    }
    if (value.is_array()) {
        if (schema.contains("maxItems") && value.size() > schema["maxItems"].get<std::size_t>())
            problem("more than " + schema["maxItems"].dump() + " items");
        if (schema.contains("items"))
            for (std::size_t i = 0; i < value.size(); ++i) {
                auto inner = schema_problems(document, schema["items"], value[i],
                                             where + "[" + std::to_string(i) + "]");
                out.insert(out.end(), inner.begin(), inner.end());
            }
    }
    if (value.is_object()) {
        const nlohmann::json properties = schema.value("properties", nlohmann::json::object());
        for (const auto& name : schema.value("required", nlohmann::json::array()))
            if (!value.contains(name.get<std::string>()))
                problem("the required field '" + name.get<std::string>() + "' is missing");
        for (const auto& [name, inner_value] : value.items()) {
            if (properties.contains(name)) {
                auto inner =
                    schema_problems(document, properties[name], inner_value, where + "." + name);
                out.insert(out.end(), inner.begin(), inner.end());
            } else if (!schema.value("additionalProperties", true)) {
                problem("the field '" + name + "' is not described");
            }
        }
    }
    return out;
}

const nlohmann::json& openapi_document() {
    static const nlohmann::json document = load_yaml(source_dir() / "docs" / "openapi.yaml");
    return document;
}

} // namespace fundus::testing
