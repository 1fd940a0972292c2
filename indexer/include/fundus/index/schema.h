// The index schema: term prefixes, value slots and the stored-data layout, in one place. The
// indexer writes it; searchd includes it read-only. Constants only: thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <xapian.h>

namespace fundus::index::schema {

// Term prefixes (Omega conventions where one exists; X... are Fundus's own).
inline constexpr std::string_view id = "Q";              ///< unique id: Q<id>
inline constexpr std::string_view title = "S";           ///< title words (title:)
inline constexpr std::string_view author = "A";          ///< author words (author:)
inline constexpr std::string_view tag = "K";             ///< tag words (tag:)
inline constexpr std::string_view topic = "XTOPIC:";     ///< boolean: topic key
inline constexpr std::string_view state = "XLAND:";      ///< boolean: Land key
inline constexpr std::string_view district = "XKREIS:";  ///< boolean: Kreis key
inline constexpr std::string_view municipality = "XGEM:"; ///< boolean: Gemeinde key
inline constexpr std::string_view type = "XTYPE:";       ///< boolean: post | praxisbeispiel
inline constexpr std::string_view year = "XYEAR:";       ///< boolean: publication year
inline constexpr std::string_view all_documents = "XALL"; ///< boolean: on every document
/// A part of a compound ("Digitalisierungsstrategie" -> XPstrategi), kept apart from the words
/// themselves so that a partial match can weigh less than the word.
inline constexpr std::string_view compound_part = "XP";

// Search-as-you-type data (read by searchd/src/suggest.cpp). A key is index::region_key() of the
// text (spelling key: case and umlauts folded, punctuation as single spaces), cut to
// suggest_key_bytes; phrases get one entry per word they can be typed from.
// Words are database metadata, not terms: the key `XSW:<key>\t<word as written>`, the value the
// number of documents with that word, in decimal. Search-as-you-type asks how many posts have a
// word, never which, and 60 such terms a document were a sixth of a build (docs/reindex.md). The
// indexer keeps the counts (merged runs and shards sum them; an update subtracts a changed or
// deleted post's words); for a sharded index they are in the spelling index (INDEX/spelling).
// The other kinds are boolean terms (wdf 0, so document lengths and ranking stay untouched) whose
// term frequency is how often a text occurs: a title leads to its post.
inline constexpr std::string_view suggest_word = "XSW:";   ///< XSW:<key>\t<word> (metadata)
inline constexpr std::string_view suggest_title = "XST:";  ///< XST:<key from a word on> (title in the data)
inline constexpr std::string_view suggest_topic = "XSP:";  ///< XSP:<key from a word on>\t<topic>
inline constexpr std::string_view suggest_tag = "XSK:";    ///< XSK:<key from a word on>\t<tag>
inline constexpr std::string_view suggest_region = "XSR:"; ///< XSR:<key from a word on>\t<Land|Kreis|Gemeinde>
inline constexpr char suggest_separator = '\t';            ///< between key and display text
inline constexpr std::size_t suggest_key_bytes = 80;

// Value slots.
inline constexpr Xapian::valueno slot_date = 0;     ///< "YYYY-MM-DD" (sorts as a string)
inline constexpr Xapian::valueno slot_type = 1;     ///< display value
inline constexpr Xapian::valueno slot_state = 2;    ///< display value
inline constexpr Xapian::valueno slot_district = 3; ///< display value
inline constexpr Xapian::valueno slot_year = 4;     ///< "YYYY"
inline constexpr Xapian::valueno slot_topics = 5;   ///< display values joined by '\n'
inline constexpr Xapian::valueno slot_hash = 6;     ///< content hash (hex) for incremental updates
inline constexpr Xapian::valueno slot_municipality = 7;
/// The document's unprefixed terms that related-post queries leave out, sorted, '\n'-joined, so
/// that they need not analyse the text again: the terms stop words produced, and the infinitives
/// of verb forms that the document has no other way ("gewann" adds "gewinn", which in a text
/// without "Gewinn" would make posts about profits look related).
inline constexpr Xapian::valueno slot_stop_terms = 8;

/// Separator of multi-valued value slots.
inline constexpr char multi_value_separator = '\n';

// Within-document weights (wdf increments) and the position gap between fields.
inline constexpr Xapian::termcount weight_title = 5;
inline constexpr Xapian::termcount weight_teaser = 2;
inline constexpr Xapian::termcount weight_heading = 2;
inline constexpr Xapian::termcount weight_body = 1;
inline constexpr Xapian::termcount weight_tag = 3;
inline constexpr Xapian::termcount field_position_gap = 100;

// Metadata keys of the database.
inline constexpr std::string_view meta_schema_version = "fundus.schema";
/// Raised when documents change shape, so that `fundus-index update` indexes every post afresh.
/// 2: search-as-you-type terms (XS*) and slot_stop_terms. 3: word suggestions (XSW:) as metadata
/// counts instead of terms.
inline constexpr std::string_view schema_version = "3";

/// The value of a schema::suggest_word metadata entry: a document count in decimal (0 for an empty
/// or malformed value).
std::uint64_t suggest_count(const std::string& value);

/// The key that boolean terms use for a display value ("Mobilität" -> "mobilitaet").
std::string boolean_key(std::string_view value);

/// Stored data: a JSON object with the fields id, url, title, teaser, body, headings, authors,
/// published, type, topics, tags, region {state, district, municipality}.

} // namespace fundus::index::schema
