"""The 47 prefectures of Japan: JIS X 0401 codes, names and the regions used as filters."""

from __future__ import annotations

import re
from dataclasses import dataclass

# The regions' Japanese names (地方), beside their English names in REGIONS.
REGION_NAMES_JA = {
    "Hokkaido": "北海道",
    "Tohoku": "東北",
    "Kanto": "関東",
    "Chubu": "中部",
    "Kinki": "近畿",
    "Chugoku": "中国",
    "Shikoku": "四国",
    "Kyushu": "九州",
    "Okinawa": "沖縄",
}
REGIONS = (
    "Hokkaido",
    "Tohoku",
    "Kanto",
    "Chubu",
    "Kinki",
    "Chugoku",
    "Shikoku",
    "Kyushu",
    "Okinawa",
)


@dataclass(frozen=True)
class Prefecture:
    code: str
    name_en: str
    name_ja: str
    region: str


_TABLE = """
01 Hokkaido 北海道 Hokkaido
02 Aomori 青森県 Tohoku
03 Iwate 岩手県 Tohoku
04 Miyagi 宮城県 Tohoku
05 Akita 秋田県 Tohoku
06 Yamagata 山形県 Tohoku
07 Fukushima 福島県 Tohoku
08 Ibaraki 茨城県 Kanto
09 Tochigi 栃木県 Kanto
10 Gunma 群馬県 Kanto
11 Saitama 埼玉県 Kanto
12 Chiba 千葉県 Kanto
13 Tokyo 東京都 Kanto
14 Kanagawa 神奈川県 Kanto
15 Niigata 新潟県 Chubu
16 Toyama 富山県 Chubu
17 Ishikawa 石川県 Chubu
18 Fukui 福井県 Chubu
19 Yamanashi 山梨県 Chubu
20 Nagano 長野県 Chubu
21 Gifu 岐阜県 Chubu
22 Shizuoka 静岡県 Chubu
23 Aichi 愛知県 Chubu
24 Mie 三重県 Kinki
25 Shiga 滋賀県 Kinki
26 Kyoto 京都府 Kinki
27 Osaka 大阪府 Kinki
28 Hyogo 兵庫県 Kinki
29 Nara 奈良県 Kinki
30 Wakayama 和歌山県 Kinki
31 Tottori 鳥取県 Chugoku
32 Shimane 島根県 Chugoku
33 Okayama 岡山県 Chugoku
34 Hiroshima 広島県 Chugoku
35 Yamaguchi 山口県 Chugoku
36 Tokushima 徳島県 Shikoku
37 Kagawa 香川県 Shikoku
38 Ehime 愛媛県 Shikoku
39 Kochi 高知県 Shikoku
40 Fukuoka 福岡県 Kyushu
41 Saga 佐賀県 Kyushu
42 Nagasaki 長崎県 Kyushu
43 Kumamoto 熊本県 Kyushu
44 Oita 大分県 Kyushu
45 Miyazaki 宮崎県 Kyushu
46 Kagoshima 鹿児島県 Kyushu
47 Okinawa 沖縄県 Okinawa
"""

PREFECTURES: dict[str, Prefecture] = {
    code: Prefecture(code, name_en, name_ja, region)
    for code, name_en, name_ja, region in (line.split() for line in _TABLE.strip().splitlines())
}
"""Prefectures by 2-digit code, in code order."""

OKINAWA = "47"


_CODE = re.compile(r"0*([0-9]{1,2})")  # ASCII digits only: str.isdigit() also accepts "²" and "①", which int() rejects


def prefecture_code(value: str) -> str | None:
    """The 2-digit code for a code ("47", "7"), an English name or a Japanese name; else None.

    Total: any string gives a code or None, never an exception.
    """
    text = value.strip()
    code = _CODE.fullmatch(text)
    if code:
        number = int(code.group(1))
        return f"{number:02d}" if 1 <= number <= 47 else None
    lowered = text.lower()
    for pref in PREFECTURES.values():
        if lowered == pref.name_en.lower() or text in (pref.name_ja, pref.name_ja[:-1]):
            return pref.code
    return None
