#!/usr/bin/env python3
"""The corpora and query logs of bench/peers: 10kGNAD or gesetze as Fundus JSON Lines, CSV, ids.

corpus: reads ../shared/corpora/10kgnad/test.csv (`label;text`, see ../shared/corpora/README.md)
and writes OUT.jsonl (one post per article: id gnad-NNNN, title = the first sentence and body =
the rest, split exactly like bench/related_corpus.cpp's split_article, type post, topics = [the
10kGNAD class]), OUT.csv ("id,title,body,topic" for PostgreSQL's COPY, the same text) and
OUT.ids (the ids, one a line, in a fixed shuffled order for /api/related).

queries: derives a query log of realistic German queries from the articles with a fixed seed
and writes it to --queries (one query a line; filters as URL parameters after a tab:
`Flüchtlinge Grenze<TAB>topic=Inland`). The mix: frequent and rare single words, inflected
forms whose base form is in the corpus too, long compounds, 2- to 4-word queries of words from
one article, quoted 2-word phrases that occur in several articles, and 1- to 2-word queries with
the article's class as topic filter. Same corpus and seed, same file. Standard library only.

--gesetze instead of --gnad: the first --limit posts of bench/index_build_corpus.py (sections,
or paragraphs with --unit paragraphs for the million), each with its law's abbreviation as its
topic too (the facet and the filter); OUT.ids is a shuffled sample of 10,000 ids. Its query log
is always derived from the first 100,000 sections, so that every gesetze corpus runs the same
log, with the frequency bounds scaled to the corpus size and topic filters only for
abbreviations of letters and digits (they go into URLs as they are).
"""
import argparse
import collections
import csv
import json
import random
import re
import sys

from index_build_corpus import posts as gesetze_posts

MAX_TITLE_BYTES = 150
WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
SEED = 20261129
MAX_RELATED_IDS = 10000
GESETZE_QUERY_DOCS = 100000
PLAIN = re.compile(r"[A-Za-z0-9]+")


def load(path):
    with open(path, encoding="utf-8", newline="") as f:
        return [(row[0], row[1]) for row in csv.reader(f, delimiter=";", quotechar="'") if row]


def split_article(text):
    """bench/related_corpus.cpp's split_article on UTF-8 bytes: the first sentence is the title."""
    b = text.encode()
    end = None
    for i in range(min(len(b) - 1, MAX_TITLE_BYTES)):
        if b[i:i + 1] in (b".", b"?", b"!") and b[i + 1:i + 2] == b" ":
            end = i + 1
            break
    if end is None:
        end = len(b) if len(b) <= MAX_TITLE_BYTES else b.rfind(b" ", 0, MAX_TITLE_BYTES + 1)
        if end <= 0:
            end = min(len(b), MAX_TITLE_BYTES)
        while end < len(b) and (b[end] & 0xC0) == 0x80:
            end += 1
    return b[:end].decode(), b[end:].decode().lstrip(" ")


def gnad_posts(articles):
    for n, (label, text) in enumerate(articles):
        title, body = split_article(text)
        yield {"id": f"gnad-{n:04d}", "title": title, "body": body, "type": "post",
               "topics": [label]}


def write_corpus(posts, out):
    """Writes OUT.jsonl, OUT.csv (id,title,body,topic) and OUT.ids; returns the number of posts."""
    ids = []
    with open(out + ".jsonl", "w", encoding="utf-8") as jl, \
            open(out + ".csv", "w", encoding="utf-8", newline="") as cf:
        table = csv.writer(cf)
        for post in posts:
            jl.write(json.dumps(post, ensure_ascii=False) + "\n")
            table.writerow([post["id"], post["title"], post["body"], post["topics"][0]])
            ids.append(post["id"])
    random.Random(SEED).shuffle(ids)
    with open(out + ".ids", "w", encoding="utf-8") as f:
        f.write("\n".join(ids[:MAX_RELATED_IDS]) + "\n")
    return len(ids)


def stopwords(path):
    with open(path, encoding="utf-8") as f:
        return {w.strip().lower() for w in f if w.strip() and not w.startswith("#")}


def make_queries(articles, stop, filterable=lambda label: True):
    """The query log of `articles` ((label, text) pairs); topic filters only for labels that
    are `filterable`. The frequency bounds grow with the corpus (10kGNAD's 1,028: as written)."""
    rng = random.Random(SEED)
    scale = max(1, len(articles) // 1028)
    docs = [WORD.findall(text) for _, text in articles]
    df = collections.Counter()
    forms = collections.defaultdict(collections.Counter)  # lower case -> spellings
    for words in docs:
        for w in words:
            forms[w.lower()][w] += 1
        df.update({w.lower() for w in words})

    def good(w):
        return len(w) >= 4 and w.lower() not in stop and "-" not in w

    def spelled(w):
        return forms[w].most_common(1)[0][0]

    nouns = sorted(w for w in df if good(w) and spelled(w)[0].isupper())
    frequent = [w for w in nouns if 30 * scale <= df[w] <= 300 * scale]
    rare = [w for w in nouns if 2 <= df[w] <= 4]
    inflected = [w for w in nouns if df[w] >= 3 and any(
        w.endswith(e) and w[:-len(e)] in df and df[w[:-len(e)]] >= 3 for e in ("en", "n", "es", "s", "er", "e"))]
    compounds = [w for w in nouns if len(w) >= 14 and df[w] >= 2]
    bigrams = collections.Counter()
    for words in docs:
        seen = set()
        for a, b in zip(words, words[1:]):
            if good(a) and good(b) and (a[0].isupper() or b[0].isupper()):
                seen.add((a, b))
        bigrams.update(seen)
    phrases = sorted(p for p, n in bigrams.items() if n >= 3)

    queries = []
    queries += [spelled(w) for w in rng.sample(frequent, 70)]
    queries += [spelled(w) for w in rng.sample(rare, 45)]
    queries += [spelled(w) for w in rng.sample(inflected, 40)]
    queries += [spelled(w) for w in rng.sample(compounds, 40)]
    queries += [f'"{a} {b}"' for a, b in rng.sample(phrases, 35)]
    for size, count in ((2, 45), (3, 20), (4, 10)):
        while count:
            words = docs[rng.randrange(len(docs))]
            pool = sorted({w for w in words if good(w) and w[0].isupper() and 3 <= df[w.lower()] <= 400 * scale})
            if len(pool) >= size:
                queries.append(" ".join(rng.sample(pool, size)))
                count -= 1
    count = 45
    while count:
        n = rng.randrange(len(docs))
        pool = sorted({w for w in docs[n] if good(w) and w[0].isupper() and 3 <= df[w.lower()] <= 400 * scale})
        if len(pool) >= 2 and filterable(articles[n][0]):
            queries.append(" ".join(rng.sample(pool, rng.choice((1, 2)))) + "\ttopic=" + articles[n][0])
            count -= 1
    rng.shuffle(queries)
    return queries


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    source = ap.add_mutually_exclusive_group(required=True)
    source.add_argument("--gnad", help="10kgnad/test.csv")
    source.add_argument("--gesetze", help="gesetze/gesetze.jsonl.gz")
    ap.add_argument("--limit", type=int, default=100000, help="gesetze: number of posts")
    ap.add_argument("--unit", choices=("sections", "paragraphs"), default="sections",
                    help="gesetze: one post per section or per paragraph")
    ap.add_argument("--out", help="write OUT.jsonl, OUT.csv and OUT.ids")
    ap.add_argument("--queries", help="write the query log to this file")
    ap.add_argument("--stopwords", help="stop words left out of the queries (data/stopwords.txt)")
    args = ap.parse_args()
    stop = stopwords(args.stopwords) if args.stopwords else set()
    if args.gnad:
        articles = load(args.gnad)
        count = write_corpus(gnad_posts(articles), args.out) if args.out else len(articles)
        queries = make_queries(articles, stop) if args.queries else []
    else:
        def with_topic(posts):
            for post, abbrev in posts:
                yield dict(post, topics=[abbrev])
        count = write_corpus(with_topic(gesetze_posts(args.gesetze, args.limit, args.unit)),
                             args.out) if args.out else 0
        queries = []
        if args.queries:
            articles = [(abbrev, post["body"]) for post, abbrev in
                        gesetze_posts(args.gesetze, GESETZE_QUERY_DOCS)]
            queries = make_queries(articles, stop, PLAIN.fullmatch)
    if args.queries:
        with open(args.queries, "w", encoding="utf-8") as f:
            f.write("\n".join(queries) + "\n")
    print(count)
    return 0

if __name__ == "__main__":
    sys.exit(main())
