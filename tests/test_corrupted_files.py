"""The corrupted-file matrix, loader side: every broken file gives a named error, never an exception."""

import pytest

from tests.corrupted import DATA_FILES, FILE, SOME, corrupt, matrix, problems_of


@pytest.mark.parametrize(("key", "corruption"), matrix())
def test_a_corrupted_file_gives_a_named_error(data_copy, key, corruption):
    expected = corrupt(data_copy, key, corruption)
    problems, refused = problems_of(key)
    name = DATA_FILES[key].name
    assert problems, "the corruption went unnoticed"
    if expected == FILE:
        assert refused
        assert (problems[0].file, problems[0].feature) == (name, None)
    elif expected == SOME:
        assert any(p.file == name for p in problems)
    else:
        assert not refused, "one bad record must not refuse the whole file"
        assert (name, *expected) in {(p.file, p.feature, p.field) for p in problems}, [str(p) for p in problems]


def test_the_matrix_covers_every_data_file_and_kind_of_damage():
    cases = matrix()
    assert {key for key, _ in cases} == set(DATA_FILES)
    assert len(cases) >= 90
    assert {"utf16", "shift-jis", "truncated", "empty", "oversize", "nul-byte", "non-finite", "swapped-lat-lon"} <= {
        name for _, name in cases
    }
