"""Write the WARC file of the bundled sample corpus.

The two HTML pages below are part of the sample corpus (see
``undercurrent/data/sample/MANIFEST.yaml``). The output is byte-for-byte
reproducible: capture dates, record ids and HTTP headers are fixed, and the
gzip members written by warcio carry no timestamp.

Run from the repository root::

    .venv/bin/python scripts/make_sample_warc.py

Example:
    >>> from scripts.make_sample_warc import build_warc_bytes  # doctest: +SKIP
    >>> build_warc_bytes()[:2] == b"\\x1f\\x8b"  # doctest: +SKIP
    True
"""

from __future__ import annotations

import argparse
import io
import uuid
from dataclasses import dataclass
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUTPUT = REPO_ROOT / "undercurrent" / "data" / "sample" / "crawl_2023.warc.gz"

# Namespace for uuid5 record ids, so ids stay the same on every run.
RECORD_ID_NAMESPACE = uuid.UUID("6f1c2a8e-3b7d-4c59-9a41-2d0e8f5b7c10")
# Fixed capture date of the warcinfo record (the crawl that "made" this file).
WARCINFO_DATE = "2023-09-20T08:00:00Z"

SYNDICATED_VOSTOCHNY = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Putin hosts Kim Jong Un at Vostochny spaceport - Amur Valley Times</title>
<meta name="author" content="Amur Valley Times with agencies">
<meta property="og:site_name" content="Amur Valley Times">
<meta property="article:published_time" content="2023-09-14T07:30:00+09:00">
<link rel="canonical" href="https://amurvalley.example/news/2023/09/14/putin-kim-vostochny">
</head>
<body>
<nav><a href="/">Home</a> <a href="/region">Region</a> <a href="/world">World</a> <a href="/weather">Weather</a></nav>
<article>
<h1>Putin hosts Kim Jong Un at Vostochny spaceport</h1>
<p>VOSTOCHNY COSMODROME, Russia, Sept. 13 - North Korean leader Kim Jong Un met Russian President Vladimir Putin on Wednesday at the Vostochny Cosmodrome in Russia's Amur region, where the two discussed space and military cooperation.</p>
<p>Kim travelled to Russia by armoured train, crossing the border on Tuesday. It is his first trip abroad since the COVID-19 pandemic and his first visit to Russia since he met Putin in Vladivostok in April 2019.</p>
<p>Putin greeted Kim at the spaceport with a long handshake. Yuri Borisov, the head of the Russian space corporation Roscosmos, then guided the two leaders around the launch complex for the Angara rocket and an assembly building for Soyuz rockets.</p>
<p>Asked by reporters whether Russia would help North Korea build satellites, Putin said that was the reason they had come to the cosmodrome. North Korea failed twice this year to put a military reconnaissance satellite into orbit.</p>
<p>The leaders then held talks with their delegations and one-on-one. Kim said North Korea supported Russia in what he called its sacred fight to defend its sovereign rights.</p>
<p>Washington had warned before the meeting that talks on weapons between the two countries were advancing, and that North Korea could supply Russia with artillery ammunition. Both governments have denied any arms deals.</p>
<p>The cosmodrome, Russia's newest launch site, has hosted launches since 2016.</p>
<p>Kim is expected to travel on to Komsomolsk-on-Amur, where Russia builds fighter aircraft, and then to Vladivostok.</p>
</article>
<footer><p>Amur Valley Times &copy; 2023</p></footer>
</body>
</html>
"""

SHOIGU_PYONGYANG = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Kim shows Shoigu new missiles as Pyongyang marks armistice anniversary | Eastgate Defence Letter</title>
<meta name="author" content="Eastgate Defence Letter staff">
<meta property="og:site_name" content="Eastgate Defence Letter">
<meta property="article:published_time" content="2023-07-27T20:00:00+09:00">
<link rel="canonical" href="https://eastgate.example/letters/2023/07/27/shoigu-pyongyang">
</head>
<body>
<header><a href="/">Eastgate Defence Letter</a>
<nav><a href="/letters">Letters</a> <a href="/data">Data</a> <a href="/about">About</a></nav></header>
<article>
<h1>Kim shows Shoigu new missiles as Pyongyang marks armistice anniversary</h1>
<p>North Korean leader Kim Jong Un hosted Russian Defence Minister Sergei Shoigu in Pyongyang this week, taking him through an exhibition of weapons that included the country's newest intercontinental ballistic missiles.</p>
<p>Shoigu led a Russian military delegation to events marking the 70th anniversary of the 1953 armistice that ended the fighting in the Korean War, which North Korea celebrates as Victory Day.</p>
<p>On Wednesday Shoigu met Kim and handed him a letter from President Vladimir Putin. North Korean state media said the two discussed defence and security issues of mutual interest and the regional and international situation.</p>
<p>On Thursday evening Shoigu stood beside Kim at a military parade in Kim Il Sung Square. The parade included Hwasong-17 and Hwasong-18 intercontinental missiles, the latter a solid-fuel design first tested in April, as well as new drones.</p>
<p>A Chinese delegation led by Li Hongzhong, a member of the Communist Party's Politburo and vice chairman of the Standing Committee of the National People's Congress, also attended. It was the first time since the pandemic that North Korea received senior foreign delegations.</p>
<p>North Korea's nuclear and missile programmes are banned by UN Security Council resolutions that Russia and China supported. The appearance of a Russian defence minister at a parade of those missiles was noted in Seoul and Washington, where officials have accused Pyongyang of sending arms to Russia.</p>
</article>
<footer><p>&copy; 2023 Eastgate Defence Letter</p></footer>
</body>
</html>
"""


@dataclass(frozen=True, slots=True)
class CapturedPage:
    """One HTTP response to store in the WARC.

    Attributes:
        url: The target URI of the capture.
        captured: WARC-Date of the response (ISO 8601, UTC).
        last_modified: HTTP Last-Modified header value.
        html: The page body, encoded as UTF-8 on write.
    """

    url: str
    captured: str
    last_modified: str
    html: str


PAGES = (
    CapturedPage(
        url="https://amurvalley.example/news/2023/09/14/putin-kim-vostochny",
        captured="2023-09-14T03:12:00Z",
        last_modified="Wed, 13 Sep 2023 22:30:00 GMT",
        html=SYNDICATED_VOSTOCHNY,
    ),
    CapturedPage(
        url="https://eastgate.example/letters/2023/07/27/shoigu-pyongyang",
        captured="2023-07-28T06:40:00Z",
        last_modified="Thu, 27 Jul 2023 11:00:00 GMT",
        html=SHOIGU_PYONGYANG,
    ),
)


def _record_id(key: str) -> str:
    """Return a stable WARC-Record-ID for ``key``."""
    return f"<urn:uuid:{uuid.uuid5(RECORD_ID_NAMESPACE, key)}>"


def build_warc_bytes(pages: tuple[CapturedPage, ...] = PAGES) -> bytes:
    """Serialise a warcinfo record and one response record per page.

    Args:
        pages: The captures to write, in order.

    Returns:
        The gzipped WARC file content; identical on every call.
    """
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    info = writer.create_warc_record(
        "",
        "warcinfo",
        payload=io.BytesIO(b"software: undercurrent scripts/make_sample_warc.py\r\nformat: WARC File Format 1.1\r\n"),
        warc_content_type="application/warc-fields",
        warc_headers_dict={
            "WARC-Record-ID": _record_id("warcinfo"),
            "WARC-Date": WARCINFO_DATE,
            "WARC-Filename": DEFAULT_OUTPUT.name,
        },
    )
    writer.write_record(info)
    for page in pages:
        body = page.html.encode("utf-8")
        http_headers = StatusAndHeaders(
            "200 OK",
            [
                ("Content-Type", "text/html; charset=utf-8"),
                ("Content-Length", str(len(body))),
                ("Last-Modified", page.last_modified),
            ],
            protocol="HTTP/1.1",
        )
        record = writer.create_warc_record(
            page.url,
            "response",
            payload=io.BytesIO(body),
            http_headers=http_headers,
            warc_headers_dict={
                "WARC-Record-ID": _record_id(page.url),
                "WARC-Date": page.captured,
            },
        )
        writer.write_record(record)
    return buffer.getvalue()


def main(argv: list[str] | None = None) -> None:
    """Write the sample WARC to ``--output`` (default: the sample folder)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="where to write the .warc.gz")
    args = parser.parse_args(argv)
    args.output.write_bytes(build_warc_bytes())
    print(f"wrote {args.output} ({args.output.stat().st_size} bytes, {len(PAGES)} responses)")


if __name__ == "__main__":
    main()
