"""Reference records of the programme the demo loads: the countries' profiles, organisations,
national agencies, the four pillars and the SDG targets.

The countries themselves and the substance taxonomy are not here: every database has them after
`migrate` (countries.reference, operations.reference), and the demo calls the same services.
"""

import datetime

from activities.models import Organisation
from countries.models import Agency

D = datetime.date

# iso2: (source, transit, destination, partner since). Partner-since is the start of the first
# activity the sources show the country taking part in: a documented lower bound, not the date
# of an agreement. Destination countries are not partners; the sources name none of them.
COUNTRY_PROFILES: dict[str, tuple[bool, bool, bool, datetime.date | None]] = {
    "CO": (True, False, False, D(2017, 1, 31)),
    "PE": (True, False, False, D(2017, 1, 31)),
    "BO": (True, False, False, D(2021, 9, 1)),
    "PA": (False, True, False, D(2017, 1, 31)),
    "DO": (False, True, False, D(2017, 1, 31)),
    "BR": (False, True, True, D(2017, 1, 31)),
    "CV": (False, True, False, D(2017, 1, 31)),
    "GH": (False, True, False, D(2017, 1, 31)),
    "GW": (False, True, False, D(2017, 1, 31)),
    "NG": (False, True, False, D(2017, 1, 31)),
    "AR": (False, True, False, D(2017, 8, 17)),
    "EC": (False, True, False, D(2017, 8, 17)),
    "PY": (False, True, False, D(2021, 9, 1)),
    "UY": (False, True, False, D(2021, 9, 1)),
    "GT": (False, True, False, D(2021, 9, 1)),
    "CR": (False, True, False, D(2022, 5, 30)),
    "SV": (False, True, False, D(2022, 5, 30)),
    "HN": (False, True, False, D(2022, 5, 30)),
    "ES": (False, False, True, None),
    "NL": (False, False, True, None),
    "BE": (False, False, True, None),
    "US": (False, False, True, None),
}

# key: (name, acronym, kind, country iso2 or None)
ORGANISATIONS: dict[str, tuple[str, str, str, str | None]] = {
    # The EU funds CRIMJUST through two successive programmes; each is the addressee of its own
    # donor reports, so each is a donor of its own.
    "EU-CRP": (
        "European Union – Cocaine Route Programme",
        "EU CRP",
        Organisation.Kind.DONOR,
        None,
    ),
    "EU-GIFP": (
        "European Union – Global Illicit Flows Programme",
        "GIFP",
        Organisation.Kind.DONOR,
        None,
    ),
    "INL": (
        "US Bureau of International Narcotics and Law Enforcement Affairs",
        "INL",
        Organisation.Kind.DONOR,
        "US",
    ),
    "UNODC-HQ": ("UNODC Headquarters, Vienna", "UNODC HQ", Organisation.Kind.UNODC_OFFICE, "AT"),
    "ROPAN": (
        "UNODC Regional Office for Central America and the Caribbean",
        "ROPAN",
        Organisation.Kind.UNODC_OFFICE,
        "PA",
    ),
    "ROSEN": (
        "UNODC Regional Office for West and Central Africa",
        "ROSEN",
        Organisation.Kind.UNODC_OFFICE,
        "SN",
    ),
    "LSS": (
        "UNODC Laboratory and Scientific Services",
        "LSS",
        Organisation.Kind.UNODC_OFFICE,
        "AT",
    ),
    "SIMCI": (
        "Integrated System for Monitoring Illicit Crops",
        "SIMCI",
        Organisation.Kind.SISTER_PROGRAMME,
        "CO",
    ),
    "INTERPOL": (
        "International Criminal Police Organization",
        "INTERPOL",
        Organisation.Kind.IMPLEMENTING_PARTNER,
        None,
    ),
    "TI": ("Transparency International", "TI", Organisation.Kind.IMPLEMENTING_PARTNER, None),
    "AIRCOP": ("Airport Communication Project", "AIRCOP", Organisation.Kind.SISTER_PROGRAMME, None),
    "CCP": (
        "UNODC-WCO Container Control Programme",
        "CCP",
        Organisation.Kind.SISTER_PROGRAMME,
        None,
    ),
    "EU-DEL-PA": (
        "Delegation of the European Union to Panama",
        "",
        Organisation.Kind.OTHER,
        "PA",
    ),
    "GOV-PA": ("Government of Panama", "", Organisation.Kind.GOVERNMENT, "PA"),
}

# key: (country iso2, name, acronym, category, named in the sources)
AGENCIES: dict[str, tuple[str, str, str, str, bool]] = {
    "CO-DIRAN": (
        "CO",
        "Dirección de Antinarcóticos de la Policía Nacional",
        "DIRAN",
        Agency.Category.ANTINARCOTICS,
        True,
    ),
    "PA-PGN": (
        "PA",
        "Procuraduría General de la Nación (Attorney General's Office)",
        "PGN",
        Agency.Category.PROSECUTION,
        True,
    ),
    "PA-DIJ": (
        "PA",
        "Dirección de Investigación Judicial de la Policía Nacional",
        "DIJ",
        Agency.Category.POLICE,
        False,
    ),
    "BO-FELCN": (
        "BO",
        "Fuerza Especial de Lucha Contra el Narcotráfico",
        "FELCN",
        Agency.Category.ANTINARCOTICS,
        False,
    ),
    "DO-DNCD": (
        "DO",
        "Dirección Nacional de Control de Drogas",
        "DNCD",
        Agency.Category.ANTINARCOTICS,
        False,
    ),
    "EC-DNA": (
        "EC",
        "Dirección Nacional Antinarcóticos de la Policía Nacional",
        "DNA",
        Agency.Category.ANTINARCOTICS,
        False,
    ),
    "PY-SENAD": ("PY", "Secretaría Nacional Antidrogas", "SENAD", Agency.Category.ANTINARCOTICS, False),
    "PE-DIRANDRO": (
        "PE",
        "Dirección Antidrogas de la Policía Nacional del Perú",
        "DIRANDRO",
        Agency.Category.ANTINARCOTICS,
        False,
    ),
    "UY-DGRTID": (
        "UY",
        "Dirección General de Represión al Tráfico Ilícito de Drogas",
        "DGRTID",
        Agency.Category.ANTINARCOTICS,
        False,
    ),
    "NG-NDLEA": (
        "NG",
        "National Drug Law Enforcement Agency",
        "NDLEA",
        Agency.Category.ANTINARCOTICS,
        False,
    ),
    "GH-NACOC": ("GH", "Narcotics Control Commission", "NACOC", Agency.Category.ANTINARCOTICS, False),
    "CV-PJ": ("CV", "Polícia Judiciária", "PJ", Agency.Category.POLICE, False),
    "GW-PJ": ("GW", "Polícia Judiciária", "PJ", Agency.Category.POLICE, False),
    "BR-PF": ("BR", "Polícia Federal", "PF", Agency.Category.POLICE, False),
    "GT-SGAIA": (
        "GT",
        "Subdirección General de Análisis e Información Antinarcótica de la Policía Nacional Civil",
        "SGAIA",
        Agency.Category.ANTINARCOTICS,
        False,
    ),
    "HN-DLCN": (
        "HN",
        "Dirección de Lucha Contra el Narcotráfico",
        "DLCN",
        Agency.Category.ANTINARCOTICS,
        False,
    ),
    "CO-FGN": ("CO", "Fiscalía General de la Nación", "FGN", Agency.Category.PROSECUTION, False),
    "PE-MP": (
        "PE",
        "Ministerio Público – Fiscalía de la Nación",
        "MP-FN",
        Agency.Category.PROSECUTION,
        False,
    ),
    "DO-PGR": ("DO", "Procuraduría General de la República", "PGR", Agency.Category.PROSECUTION, False),
    "EC-FGE": ("EC", "Fiscalía General del Estado", "FGE", Agency.Category.PROSECUTION, False),
}

# The country's anti-drug (or judicial) police, and its prosecution service where one is loaded.
LEAD_AGENCY = {
    "CO": "CO-DIRAN",
    "PA": "PA-DIJ",
    "BO": "BO-FELCN",
    "DO": "DO-DNCD",
    "EC": "EC-DNA",
    "PY": "PY-SENAD",
    "PE": "PE-DIRANDRO",
    "UY": "UY-DGRTID",
    "NG": "NG-NDLEA",
    "GH": "GH-NACOC",
    "CV": "CV-PJ",
    "GW": "GW-PJ",
    "BR": "BR-PF",
    "GT": "GT-SGAIA",
    "HN": "HN-DLCN",
}
PROSECUTION_AGENCY = {"CO": "CO-FGN", "PA": "PA-PGN", "PE": "PE-MP", "DO": "DO-PGR", "EC": "EC-FGE"}

# number: (name, description as the programme page words it)
PILLARS = {
    1: (
        "Investigative capacities",
        "Enhancing capacities of law enforcement and judicial agencies to undertake investigations "
        "of transnational drug trafficking cases targeting the organized crime groups carrying out "
        "this criminal activity.",
    ),
    2: (
        "International cooperation",
        "Bolstering international cooperation to promote complementary and effective regional "
        "counter-narcotic strategies.",
    ),
    3: (
        "Institutional integrity",
        "Strengthening institutional integrity to implement anti-corruption measures as well as fair "
        "and transparent internal procedures.",
    ),
    4: (
        "Strategic knowledge",
        "Providing regional and global strategic knowledge of drug production, trafficking and "
        "related organized crime to facilitate evidence-based policymaking.",
    ),
}

# number: {language: (name, description)}, the pillars in the partners' languages.
PILLAR_TRANSLATIONS = {
    1: {
        "es": (
            "Capacidades de investigación",
            "Fortalecer las capacidades de los organismos encargados de hacer cumplir la ley y de los "
            "órganos judiciales para llevar a cabo investigaciones de casos de tráfico transnacional de "
            "drogas dirigidas contra los grupos delictivos organizados que realizan esta actividad "
            "delictiva.",
        ),
        "fr": (
            "Capacités d'enquête",
            "Renforcer les capacités des services de détection et de répression et des autorités "
            "judiciaires à mener des enquêtes sur les affaires de trafic transnational de drogues visant "
            "les groupes criminels organisés qui se livrent à cette activité criminelle.",
        ),
        "pt": (
            "Capacidades de investigação",
            "Reforçar as capacidades dos órgãos de aplicação da lei e judiciais para realizar "
            "investigações de casos de tráfico transnacional de drogas dirigidas aos grupos criminosos "
            "organizados que praticam essa atividade criminosa.",
        ),
    },
    2: {
        "es": (
            "Cooperación internacional",
            "Reforzar la cooperación internacional para promover estrategias regionales antidrogas "
            "complementarias y eficaces.",
        ),
        "fr": (
            "Coopération internationale",
            "Renforcer la coopération internationale pour promouvoir des stratégies régionales de lutte "
            "contre la drogue complémentaires et efficaces.",
        ),
        "pt": (
            "Cooperação internacional",
            "Reforçar a cooperação internacional para promover estratégias regionais antidrogas "
            "complementares e eficazes.",
        ),
    },
    3: {
        "es": (
            "Integridad institucional",
            "Fortalecer la integridad institucional para aplicar medidas contra la corrupción y "
            "procedimientos internos justos y transparentes.",
        ),
        "fr": (
            "Intégrité institutionnelle",
            "Renforcer l'intégrité institutionnelle pour mettre en œuvre des mesures de lutte contre la "
            "corruption ainsi que des procédures internes équitables et transparentes.",
        ),
        "pt": (
            "Integridade institucional",
            "Fortalecer a integridade institucional para implementar medidas anticorrupção e "
            "procedimentos internos justos e transparentes.",
        ),
    },
    4: {
        "es": (
            "Conocimiento estratégico",
            "Aportar conocimiento estratégico regional y mundial sobre la producción y el tráfico de "
            "drogas y la delincuencia organizada conexa para facilitar la formulación de políticas "
            "basadas en datos empíricos.",
        ),
        "fr": (
            "Connaissances stratégiques",
            "Fournir des connaissances stratégiques régionales et mondiales sur la production et le "
            "trafic de drogues et la criminalité organisée qui y est liée afin de faciliter "
            "l'élaboration de politiques fondées sur des données probantes.",
        ),
        "pt": (
            "Conhecimento estratégico",
            "Fornecer conhecimento estratégico regional e global sobre a produção e o tráfico de drogas "
            "e o crime organizado conexo para facilitar a formulação de políticas baseadas em "
            "evidências.",
        ),
    },
}

# The official wording of the targets (United Nations, A/RES/70/1).
SDG_TARGETS = {
    "3.5": "Strengthen the prevention and treatment of substance abuse, including narcotic drug abuse "
    "and harmful use of alcohol",
    "16.4": "By 2030, significantly reduce illicit financial and arms flows, strengthen the recovery "
    "and return of stolen assets and combat all forms of organized crime",
    "16.5": "Substantially reduce corruption and bribery in all their forms",
    "16.6": "Develop effective, accountable and transparent institutions at all levels",
    "16.a": "Strengthen relevant national institutions, including through international cooperation, "
    "for building capacity at all levels, in particular in developing countries, to prevent "
    "violence and combat terrorism and crime",
    "17.17": "Encourage and promote effective public, public-private and civil society partnerships, "
    "building on the experience and resourcing strategies of partnerships",
}
