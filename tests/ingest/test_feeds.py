"""RSS and Atom feeds: one article per entry, metadata from the entry and the channel."""

from __future__ import annotations

import os
from datetime import date

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
<channel>
  <title>Wire Service</title>
  <language>en-us</language>
  <item>
    <guid isPermaLink="false">urn:wire:0001</guid>
    <title>Talks resume in Muscat</title>
    <link>https://wire.example.com/0001</link>
    <pubDate>Sat, 12 Apr 2025 10:00:00 GMT</pubDate>
    <description><![CDATA[<p>The minister said <b>enrichment</b> will continue.</p><script>LEAK()</script><p>Second paragraph.</p>]]></description>
  </item>
  <item>
    <title>No guid in this item</title>
    <description>Plain text summary of the second item.</description>
  </item>
  <item>
    <guid>urn:wire:0003</guid>
    <title>Nothing but a title</title>
  </item>
</channel>
</rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr">
  <title>Le Fil</title>
  <id>urn:fil</id>
  <updated>2025-04-13T09:00:00Z</updated>
  <entry>
    <id>urn:fil:a</id>
    <title>Reprise des pourparlers</title>
    <link href="https://fil.example.fr/a"/>
    <published>2025-04-13T08:00:00+02:00</published>
    <updated>2025-04-13T09:00:00Z</updated>
    <summary>Résumé court.</summary>
    <content type="html">&lt;p&gt;Le ministre a déclaré que l'enrichissement continuerait.&lt;/p&gt;&lt;p&gt;Deuxième paragraphe.&lt;/p&gt;</content>
  </entry>
  <entry>
    <id>urn:fil:b</id>
    <title>Sans date</title>
    <content type="text">Texte brut de la deuxième entrée, sans date.</content>
  </entry>
</feed>
"""


def test_rss_feed(ingest, src, today):
    f = src / "wire.rss"
    f.write_text(RSS, encoding="utf-8")
    batch = ingest(f)
    assert batch.inputs == 3
    arts = batch.articles.to_dicts()
    assert [a["origin"] for a in arts] == [f"{os.path.abspath(f)}#item=1", f"{os.path.abspath(f)}#item=2"]
    first, second = arts
    assert first["article_id"] == "urn:wire:0001"
    assert first["title"] == "Talks resume in Muscat"
    assert first["url"] == "https://wire.example.com/0001"
    assert first["source"] == "Wire Service"
    assert (first["published"], first["published_source"]) == (date(2025, 4, 12), "metadata")
    assert (first["language"], first["language_source"]) == ("en", "metadata")
    assert first["text"] == "The minister said enrichment will continue.\nSecond paragraph."
    assert second["article_id"].startswith("sha:")
    assert second["published_source"] == "ingest" and second["published"] == today
    err = batch.errors.row(0, named=True)
    assert (err["reason"], err["line"], err["origin"]) == ("no_text", 3, os.path.abspath(f))


def test_atom_feed(ingest, src):
    f = src / "fil.atom"
    f.write_text(ATOM, encoding="utf-8")
    batch = ingest(f)
    assert batch.errors.height == 0
    a, b = batch.articles.to_dicts()
    assert a["article_id"] == "urn:fil:a"
    assert a["url"] == "https://fil.example.fr/a"
    assert a["source"] == "Le Fil"
    assert a["text"] == "Le ministre a déclaré que l'enrichissement continuerait.\nDeuxième paragraphe."
    assert (a["published"], a["published_source"]) == (date(2025, 4, 13), "metadata")
    assert (a["language"], a["language_source"]) == ("fr", "metadata")
    assert b["text"] == "Texte brut de la deuxième entrée, sans date."
    assert b["published_source"] in ("metadata", "ingest")  # <updated> absent on the entry


def test_feed_sniffed_by_content(ingest, src):
    f = src / "wire.feed"
    f.write_text(RSS)
    batch = ingest(f)
    assert batch.articles.height == 2
    g = src / "wire.xml"
    g.write_text(ATOM)
    assert ingest(g).articles.height == 2


def test_xml_that_is_not_a_feed(ingest, one_error, src):
    f = src / "sitemap.xml"
    f.write_text('<?xml version="1.0"?><urlset><url><loc>https://x</loc></url></urlset>')
    err = one_error(ingest(f))
    assert err["reason"] == "unsupported"


def test_feed_without_entries(ingest, one_error, src):
    f = src / "empty.rss"
    f.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>T</title></channel></rss>')
    assert one_error(ingest(f))["reason"] == "empty"


def test_feed_entry_limit(ingest, src, cfg):
    items = "".join(f"<item><guid>g{i}</guid><description>Entry number {i}.</description></item>" for i in range(5))
    f = src / "many.rss"
    f.write_text(f'<rss version="2.0"><channel><title>T</title>{items}</channel></rss>')
    batch = ingest(f, settings=cfg.model_copy(update={"max_feed_entries": 3}))
    assert batch.articles["article_id"].to_list() == ["g0", "g1", "g2"]
    err = batch.errors.row(0, named=True)
    assert err["reason"] == "too_large" and "5" in err["detail"]
