"""HTML pages: main text and metadata via trafilatura; hostile markup never raises."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from negotrack.ingest.formats import extract_html
from negotrack.ingest.htmltext import html_to_text

PAGE = """<!doctype html>
<html lang="fr-FR">
<head>
  <meta charset="utf-8">
  <title>Nucléaire : reprise des pourparlers</title>
  <meta property="og:title" content="Nucléaire : reprise des pourparlers">
  <meta property="og:site_name" content="Le Quotidien">
  <meta property="article:published_time" content="2025-04-14T08:30:00+02:00">
  <link rel="canonical" href="https://quotidien.example.fr/monde/nucleaire-reprise">
  <style>body { font-family: serif } .LEAKSTYLE {}</style>
  <script>window.LEAKSCRIPT = true;</script>
</head>
<body>
  <nav><a href="/">Accueil</a> | <a href="/monde">Monde</a></nav>
  <article>
    <h1>Nucléaire : reprise des pourparlers</h1>
    <p>Le ministre iranien des Affaires étrangères a déclaré lundi que l'enrichissement de l'uranium
       n'était pas négociable et que son pays ne renoncerait pas à ce droit.</p>
    <script>track("LEAKINLINE")</script>
    <p>Washington exige pour sa part un arrêt complet de l'enrichissement avant toute levée des sanctions.</p>
  </article>
  <footer>© Le Quotidien</footer>
</body>
</html>
"""

LEAKS = ("LEAKSTYLE", "LEAKSCRIPT", "LEAKINLINE", "font-family", "track(", "window.")


def test_html_text_and_metadata(ingest, one, src):
    f = src / "page.html"
    f.write_text(PAGE, encoding="utf-8")
    art = one(ingest(f))
    assert "l'enrichissement de l'uranium" in art["text"]
    assert "arrêt complet" in art["text"]
    for leak in LEAKS:
        assert leak not in art["text"]
    assert art["title"] == "Nucléaire : reprise des pourparlers"
    assert art["source"] == "Le Quotidien"
    assert art["url"] == "https://quotidien.example.fr/monde/nucleaire-reprise"
    assert (art["published"], art["published_source"]) == (date(2025, 4, 14), "metadata")
    assert (art["language"], art["language_source"]) == ("fr", "metadata")
    assert art["encoding"] == "utf-8"


def test_html_without_metadata_detects_language_and_infers_no_date(ingest, one, src, today):
    f = src / "bare.htm"
    f.write_text("<html><body><p>قال وزير الخارجية الإيراني إن بلاده لن تتخلى عن التخصيب.</p></body></html>")
    art = one(ingest(f))
    assert (art["language"], art["language_source"]) == ("ar", "detected")
    assert art["published_source"] == "ingest" and art["published"] == today
    assert art["title"] is None


def test_html_declared_windows_1256(ingest, one, src):
    f = src / "cp.html"
    body = "قال المتحدث باسم الخارجية إن الجولة المقبلة ستعقد في مسقط."
    f.write_bytes(
        b'<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1256"></head><body><p>'
        + body.encode("cp1256")
        + b"</p></body></html>"
    )
    art = one(ingest(f))
    assert art["text"] == body
    assert art["encoding"] == "cp1256"


HOSTILE = {
    "scripts_everywhere": (
        "<script>LEAK1()</script><html><head><style>LEAK2{}</style></head><body>"
        "<p>Visible text about the nuclear talks in Oman.</p><script>LEAK3</script>"
        "<noscript>LEAK4 enable javascript</noscript><p>More visible text.</p></body></html>"
    ),
    "unclosed_tags": "<html><body><div><p>The minister spoke <b>firmly <i>about enrichment<div><p>and sanctions relief",
    "deep_nesting": "<html><body>" + "<div>" * 20000 + "<p>Deeply nested text about missiles.</p>" + "</div>" * 20000,
    "deep_unclosed": "<body>" + "<div><span><b>" * 10000 + "Unclosed deep text about sanctions.",
    "unclosed_script": "<html><body><p>Text before the script.</p><script>var LEAK5 = '<p>x</p>'; ",
    "unclosed_style": "<p>Text before the style.</p><style>.LEAK6 {",
    "junk": "<<<>>><!-- <script>LEAK7</script> --><p>Ok text &amp; more &#0; &#xD800;</p></scr<script>ipt>",
    "event_handlers": '<p onclick="LEAK8()">Clickable text</p><img src=x onerror="LEAK9()"><svg><script>LEAK10</script></svg>',
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_html_never_raises_and_never_leaks(ingest, src, name):
    f = src / f"{name}.html"
    f.write_text(HOSTILE[name], encoding="utf-8")
    batch = ingest(f)
    assert batch.inputs == 1
    if batch.articles.height:
        text = batch.articles["text"][0]
        assert "LEAK" not in text, text
        assert "<script" not in text.lower()
    else:
        assert batch.errors["reason"][0] == "no_text"


def test_hostile_html_keeps_the_visible_text(ingest, src):
    for name, expected in [
        ("deep_nesting", "Deeply nested text about missiles."),
        ("deep_unclosed", "Unclosed deep text about sanctions."),
        ("unclosed_tags", "about enrichment"),
        ("unclosed_script", "Text before the script."),
    ]:
        f = src / f"{name}.html"
        f.write_text(HOSTILE[name])
        batch = ingest(f)
        assert batch.articles.height == 1, (name, batch.errors.to_dicts())
        assert expected in batch.articles["text"][0], name


def test_script_only_page_is_no_text(ingest, one_error, src):
    f = src / "empty.html"
    f.write_text("<html><head><title>Nothing</title></head><body><script>app()</script></body></html>")
    err = one_error(ingest(f))
    assert err["reason"] == "no_text"
    assert err["excerpt"].startswith("<html><head><title>Nothing")


def test_light_html_to_text():
    html = "<div>One<br>two &amp; three</div><ul><li>four</li><li>five</li></ul><script>x</script><p>  six   seven </p>"
    assert html_to_text(html) == "One\ntwo & three\nfour\nfive\nsix seven"


_tags = st.sampled_from(
    ["<div>", "</div>", "<p>", "</p>", "<script>", "</script>", "<style>", "</style>", "<b>", "<!--", "-->",
     "<![CDATA[", "]]>", "<", ">", "&", "&amp;", "&#0;", "&#x110000;", "<html lang='", "<meta charset=", "\x00", "\ufeff"]
)
_chunks = st.lists(st.one_of(_tags, st.text(max_size=20)), max_size=40).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_chunks)
def test_fuzzed_markup_never_raises(html):
    text, meta = extract_html(html)
    assert isinstance(text, str) and isinstance(meta, dict)
    assert html_to_text(html) == html_to_text(html)  # deterministic, no exception
