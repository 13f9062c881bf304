"""Traffic lights (燈號) printed as ★ ▲ ● □, `---` or `--` read back as the light."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govperf.domain.lights import (
    SYMBOLS,
    Light,
    LightParseError,
    parse_light,
    printed_light_symbol,
)

spaces = st.text(alphabet=" \t\u3000", max_size=2)


@pytest.mark.parametrize(
    ("text", "light"),
    [("★", Light.GREEN), ("▲", Light.YELLOW), ("●", Light.RED), ("□", Light.WHITE)],
)
def test_printed_symbols_are_the_sample_lights(text: str, light: Light) -> None:
    assert parse_light(text) is light


@given(light=st.sampled_from(Light), before=spaces, after=spaces)
def test_every_symbol_round_trips(light: Light, before: str, after: str) -> None:
    assert parse_light(before + light.symbol + after) is light


def test_every_light_has_its_own_symbol_and_label() -> None:
    assert len({light.symbol for light in Light}) == len(Light)
    assert len({light.label_zh for light in Light}) == len(Light)
    assert set(SYMBOLS) == set(Light)


@given(text=st.sampled_from(["", "--", "---"]), before=spaces, after=spaces)
def test_markers_and_blanks_have_no_light(text: str, before: str, after: str) -> None:
    assert parse_light(before + text + after) is None


@given(char=st.characters().filter(lambda c: c not in SYMBOLS.values() and not c.isspace()))
def test_any_other_character_is_rejected_and_quoted(char: str) -> None:
    with pytest.raises(LightParseError) as error:
        parse_light(char)
    assert f"「{char}」" in str(error.value)


@pytest.mark.parametrize("text", ["☆", "△", "○", "■", "★★", "-", "----", "綠燈"])
def test_look_alikes_are_rejected(text: str) -> None:
    with pytest.raises(LightParseError):
        parse_light(text)


@pytest.mark.parametrize(
    ("printed", "symbol"),
    [("★ 綠燈", "★"), ("▲ 黃燈", "▲"), ("● 紅燈", "●"), ("□ 白燈", "□"), (" ★　綠燈 ", "★")],
)
def test_a_light_printed_with_its_word_reads_as_its_symbol(printed: str, symbol: str) -> None:
    assert printed_light_symbol(printed) == symbol


@pytest.mark.parametrize("printed", ["★ 紅燈", "★", "綠燈", "★ 綠燈燈", "90%", "", "--"])
def test_anything_else_is_not_a_printed_light(printed: str) -> None:
    assert printed_light_symbol(printed) is None
