#include "fundus/index/validator.h"

#include <gumbo.h>

#include <cstring>

namespace fundus::index {

namespace {

bool is_block(GumboTag tag) {
    switch (tag) {
    case GUMBO_TAG_P: case GUMBO_TAG_DIV: case GUMBO_TAG_BR: case GUMBO_TAG_LI:
    case GUMBO_TAG_UL: case GUMBO_TAG_OL: case GUMBO_TAG_TR: case GUMBO_TAG_TABLE:
    case GUMBO_TAG_SECTION: case GUMBO_TAG_ARTICLE: case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_PRE: case GUMBO_TAG_FIGURE: case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_DT:
    case GUMBO_TAG_DD: case GUMBO_TAG_HEADER: case GUMBO_TAG_FOOTER: case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4:
    case GUMBO_TAG_H5: case GUMBO_TAG_H6: case GUMBO_TAG_HR:
        return true;
    default:
        return false;
    }
}

bool is_heading(GumboTag tag) {
    return tag == GUMBO_TAG_H1 || tag == GUMBO_TAG_H2 || tag == GUMBO_TAG_H3 ||
           tag == GUMBO_TAG_H4 || tag == GUMBO_TAG_H5 || tag == GUMBO_TAG_H6;
}

/// Appends text, collapsing runs of white space to one space.
void append_text(std::string& out, const char* text) {
    for (const char* p = text; *p != '\0'; ++p) {
        const char c = *p;
        if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
            if (!out.empty() && out.back() != ' ' && out.back() != '\n')
                out += ' ';
        } else {
            out += c;
        }
    }
}

void end_block(std::string& out) {
    while (!out.empty() && out.back() == ' ')
        out.pop_back();
    if (out.empty())
        return;
    if (out.back() != '\n')
        out += '\n';
    if (out.size() < 2 || out[out.size() - 2] != '\n')
        out += '\n';
}

void walk(const GumboNode* node, std::string& out, std::vector<std::string>* headings) {
    if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_CDATA ||
        node->type == GUMBO_NODE_WHITESPACE) {
        append_text(out, node->v.text.text);
        return;
    }
    if (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_DOCUMENT &&
        node->type != GUMBO_NODE_TEMPLATE)
        return;
    const GumboVector* children = node->type == GUMBO_NODE_DOCUMENT ? &node->v.document.children
                                                                     : &node->v.element.children;
    const GumboTag tag = node->type == GUMBO_NODE_DOCUMENT ? GUMBO_TAG_UNKNOWN : node->v.element.tag;
    if (tag == GUMBO_TAG_SCRIPT || tag == GUMBO_TAG_STYLE || tag == GUMBO_TAG_NOSCRIPT ||
        tag == GUMBO_TAG_HEAD)
        return;
    const bool block = is_block(tag);
    if (block)
        end_block(out);
    const std::size_t start = out.size();
    for (unsigned i = 0; i < children->length; ++i)
        walk(static_cast<const GumboNode*>(children->data[i]), out, headings);
    if (headings != nullptr && is_heading(tag)) {
        std::string heading = out.substr(start);
        while (!heading.empty() && (heading.back() == ' ' || heading.back() == '\n'))
            heading.pop_back();
        if (!heading.empty())
            headings->push_back(heading);
    }
    if (block)
        end_block(out);
}

} // namespace

std::string html_to_text(std::string_view html, std::vector<std::string>* headings) {
    if (html.find('<') == std::string_view::npos && html.find('&') == std::string_view::npos)
        return std::string(html);
    GumboOutput* output = gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), html.size());
    std::string text;
    walk(output->document, text, headings);
    gumbo_destroy_output(&kGumboDefaultOptions, output);
    while (!text.empty() && (text.back() == '\n' || text.back() == ' '))
        text.pop_back();
    return text;
}

} // namespace fundus::index
