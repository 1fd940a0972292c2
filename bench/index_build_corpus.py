#!/usr/bin/env python3
"""The corpus of bench/index_build: German federal law sections as Fundus JSON Lines and as CSV.

Reads ../shared/corpora/gesetze/gesetze.jsonl.gz ({slug, title, abbrev, enacted, markdown} per
law) and splits each law's Markdown at its headings from level 2 down (`## ` Abschnitt,
`### ` §, ...): the `## ` headings alone give only 49,617 sections, the § level is what makes the
100,000. A section with no text under its heading is left out. Each section becomes one post:

  id         SLUG-N (N counts the law's sections)
  title      "ABBREV HEADING" ("BGB § 433 Vertragstypische Pflichten beim Kaufvertrag")
  body       the section's text
  published  the law's `enacted` date when it is one from 1900 on (Fundus's validator takes no
             earlier date; the BGB is from 1896)
  tags       [ABBREV]

and is written as a JSON Lines record to OUT.jsonl and as "id,title,body" CSV to OUT.csv (for
PostgreSQL's COPY), with exactly the same text. Prints the number of documents and the text's
size in bytes (title + body, UTF-8). Standard library only.

posts() is also the gesetze corpus of bench/peers (peers_corpus.py). There are only 105,198
sections, so its million-document corpus splits each section further into its paragraphs
(blocks between blank lines, 1.4 million in all): unit "paragraphs", id SLUG-N-M, the
section's title, the paragraph as the body.
"""
import argparse
import csv
import gzip
import json
import re
import sys

HEADING = re.compile(r"(?m)^#{2,6} ")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def sections(law):
    parts = HEADING.split(law["markdown"])
    for n, part in enumerate(parts[1:], start=1):
        heading, _, text = part.partition("\n")
        text = text.strip()
        if text:
            yield n, heading.strip(), text


PARAGRAPH = re.compile(r"\n\s*\n")


def posts(path, limit, unit="sections"):
    """The first `limit` posts of gesetze.jsonl.gz, one per section or per paragraph of a section,
    each with its law's abbreviation (the tag)."""
    count = 0
    with gzip.open(path, "rt", encoding="utf-8") as src:
        for line in src:
            law = json.loads(line)
            abbrev = law.get("abbrev") or law["slug"]
            enacted = law.get("enacted") or ""
            for n, heading, text in sections(law):
                bodies = [(f"{law['slug']}-{n}", text)]
                if unit == "paragraphs":
                    bodies = [(f"{law['slug']}-{n}-{m}", p.strip()) for m, p in
                              enumerate((p for p in PARAGRAPH.split(text) if p.strip()), start=1)]
                for post_id, body in bodies:
                    post = {"id": post_id, "title": f"{abbrev} {heading}", "body": body,
                            "type": "post", "tags": [abbrev]}
                    if DATE.match(enacted) and enacted >= "1900":
                        post["published"] = enacted
                    yield post, abbrev
                    count += 1
                    if count == limit:
                        return


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gesetze", required=True, help="gesetze.jsonl.gz")
    ap.add_argument("--out", required=True, help="output path without extension")
    ap.add_argument("--limit", type=int, default=100000, help="number of documents")
    args = ap.parse_args()
    count = text_bytes = 0
    with open(args.out + ".jsonl", "w", encoding="utf-8") as jl, \
            open(args.out + ".csv", "w", encoding="utf-8", newline="") as cf:
        table = csv.writer(cf)
        for post, _ in posts(args.gesetze, args.limit):
            jl.write(json.dumps(post, ensure_ascii=False) + "\n")
            table.writerow([post["id"], post["title"], post["body"]])
            count += 1
            text_bytes += len(post["title"].encode()) + len(post["body"].encode())
    print(count, text_bytes)
    return 0 if count == args.limit else 1

if __name__ == "__main__":
    sys.exit(main())
