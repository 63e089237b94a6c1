"""Postcode district to London borough, built in so deriving an area needs no network.

A postal district can straddle boroughs; each maps to the borough holding most of it.
Districts outside this table keep the district itself ("M1", "BS8") as their area.
"""

LONDON_BOROUGH_BY_DISTRICT = {
    **dict.fromkeys(["E1", "E2", "E3", "E14"], "Tower Hamlets"),
    **dict.fromkeys(["E5", "E8", "E9", "N16"], "Hackney"),
    **dict.fromkeys(["E6", "E7", "E12", "E13", "E15", "E16", "E20"], "Newham"),
    **dict.fromkeys(["E4", "E10", "E11", "E17"], "Waltham Forest"),
    **dict.fromkeys(["E18", "IG1", "IG2", "IG4"], "Redbridge"),
    **dict.fromkeys(["EC2", "EC3", "EC4"], "City of London"),
    **dict.fromkeys(["EC1", "N1", "N5", "N7", "N19"], "Islington"),
    **dict.fromkeys(["N4", "N6", "N8", "N10", "N15", "N17", "N22"], "Haringey"),
    **dict.fromkeys(["N2", "N3", "N11", "N12", "N20", "NW4", "NW7", "NW11"], "Barnet"),
    **dict.fromkeys(["N9", "N13", "N14", "N18", "N21", "EN1", "EN2", "EN3"], "Enfield"),
    **dict.fromkeys(["NW1", "NW3", "NW5", "NW6", "WC1"], "Camden"),
    **dict.fromkeys(["NW2", "NW9", "NW10", "HA0", "HA9"], "Brent"),
    **dict.fromkeys(["NW8", "SW1", "W1", "W2", "W9", "WC2"], "Westminster"),
    **dict.fromkeys(["SW3", "SW5", "SW7", "SW10", "W8", "W10", "W11"], "Kensington and Chelsea"),
    **dict.fromkeys(["SW6", "W6", "W12", "W14"], "Hammersmith and Fulham"),
    **dict.fromkeys(["SE1", "SE5", "SE15", "SE16", "SE17", "SE21", "SE22"], "Southwark"),
    **dict.fromkeys(["SE11", "SE24", "SE27", "SW2", "SW4", "SW8", "SW9", "SW16"], "Lambeth"),
    **dict.fromkeys(["SE4", "SE6", "SE8", "SE12", "SE13", "SE14", "SE23", "SE26"], "Lewisham"),
    **dict.fromkeys(["SE3", "SE7", "SE9", "SE10", "SE18", "SE28"], "Greenwich"),
    **dict.fromkeys(["SE2", "DA5", "DA6", "DA7", "DA8"], "Bexley"),
    **dict.fromkeys(["SE19", "SE25", "CR0"], "Croydon"),
    **dict.fromkeys(["SE20", "BR1", "BR2", "BR3"], "Bromley"),
    **dict.fromkeys(["SW11", "SW12", "SW15", "SW17", "SW18"], "Wandsworth"),
    **dict.fromkeys(["SW19", "SW20", "CR4", "SM4"], "Merton"),
    **dict.fromkeys(["SW13", "SW14", "TW9", "TW10"], "Richmond upon Thames"),
    **dict.fromkeys(["W3", "W5", "W7", "W13", "UB1", "UB2"], "Ealing"),
    **dict.fromkeys(["W4", "TW3", "TW4"], "Hounslow"),
}


def borough_for_district(district):
    """The borough for a district such as "N1" or "EC1A" (sub-districts fall back to "EC1")."""
    borough = LONDON_BOROUGH_BY_DISTRICT.get(district)
    if borough is None and district[-1:].isalpha():
        borough = LONDON_BOROUGH_BY_DISTRICT.get(district[:-1])
    return borough


def area_for_postcode(postcode):
    """The London borough for a normalised postcode, else its district ("M1"); "" for no postcode."""
    if not postcode:
        return ""
    district = postcode.split(" ")[0]
    return borough_for_district(district) or district
