from basemap.vocabulary import FACILITY_SERVICES, PERSONNEL_SERVICES, SERVICES, SOFA_CATEGORIES, UNKNOWN_COLOR


def test_a_term_has_one_colour_wherever_it_is_used():
    assert FACILITY_SERVICES["Navy"] is SERVICES["Navy"] is PERSONNEL_SERVICES["Navy"]
    assert FACILITY_SERVICES.codes == ("Army", "Navy", "Air Force", "Marine Corps", "Joint", "SDF")
    assert "Space Force" not in FACILITY_SERVICES
    assert "Space Force" in PERSONNEL_SERVICES


def test_unknown_codes_show_as_themselves_in_the_fallback_colour():
    assert SOFA_CATEGORIES.label("2-4(b)") == "Temporary use (2-4(b))"
    assert SOFA_CATEGORIES.label("9-9") == "9-9"
    assert FACILITY_SERVICES.color("Coast Guard", UNKNOWN_COLOR) == UNKNOWN_COLOR
    assert FACILITY_SERVICES.color(None, UNKNOWN_COLOR) == UNKNOWN_COLOR
    assert FACILITY_SERVICES.color("Army", UNKNOWN_COLOR) == "#2e7d32"
