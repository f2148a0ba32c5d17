from basemap.maps.symbols import CIRCLE, SHAPES
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


def test_flashpoint_kinds_differ_from_services_and_each_other_by_colour_and_shape():
    from basemap.vocabulary import FLASHPOINT_KINDS, IMPACT_ZONES

    colors = [term.color for term in FLASHPOINT_KINDS]
    shapes = [term.shape for term in FLASHPOINT_KINDS]
    assert None not in colors
    assert None not in shapes
    assert len(set(colors)) == len(colors)
    assert len(set(shapes)) == len(shapes)
    assert all(shape in SHAPES for shape in shapes)
    # none a facility's shape: the Flashpoints map draws the facilities beside them
    assert not set(shapes) & ({FACILITY_SERVICES.shape(term.code, CIRCLE) for term in FACILITY_SERVICES} | {CIRCLE})
    taken = {term.color for term in SERVICES} | {term.color for term in IMPACT_ZONES} | {UNKNOWN_COLOR}
    assert not set(colors) & taken
    assert FLASHPOINT_KINDS.shape("strait", "x") == "hourglass"
    assert FLASHPOINT_KINDS.shape("volcano", "x") == "x"


def test_every_facility_service_has_its_own_shape_and_joint_stays_a_circle():
    shapes = [FACILITY_SERVICES.shape(term.code, "none") for term in FACILITY_SERVICES]
    assert "none" not in shapes
    assert len(set(shapes)) == len(shapes)
    assert all(shape == CIRCLE or shape in SHAPES for shape in shapes)
    assert FACILITY_SERVICES.shape("Joint", "none") == CIRCLE
    assert FACILITY_SERVICES.shape("Coast Guard", CIRCLE) == CIRCLE  # unknown: a circle
