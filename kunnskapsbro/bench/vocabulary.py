"""Words the synthetic portfolio is written with.

The municipal themes below are paired Norwegian/English so a project's two titles say the same
thing; the research vocabulary comes from the real RCN data at run time (``sources.py``): the
H2020 project titles, acronyms and topics, and the Norwegian application titles and
disciplines.
"""

from __future__ import annotations

# (bokmål, English): what municipal R&D is about. Compounds and inflectable nouns on purpose,
# so that the search benchmark exercises stemming and compound splitting.
THEMES: list[tuple[str, str]] = [
    ("velferdsteknologi i hjemmetjenesten", "welfare technology in home care"),
    ("sykehjemmet som læringsarena", "the nursing home as a learning arena"),
    ("tidlig innsats i barnehagen", "early intervention in kindergartens"),
    ("skolefravær og psykisk helse", "school absence and mental health"),
    ("klimatilpasning og overvannshåndtering", "climate adaptation and stormwater management"),
    ("nullutslipp i byggeprosjekter", "zero emissions in construction projects"),
    ("kunstig intelligens i saksbehandlingen", "artificial intelligence in case handling"),
    ("digitalisering av byggesaker", "digitalisation of building permits"),
    ("mobilitet og kollektivtransport", "mobility and public transport"),
    ("sirkulærøkonomi i kommunale innkjøp", "circular economy in public procurement"),
    ("energieffektivisering i skolebygg", "energy efficiency in school buildings"),
    ("folkehelse og fysisk aktivitet", "public health and physical activity"),
    ("rusomsorg og boligsosialt arbeid", "substance abuse care and social housing"),
    ("integrering av flyktninger", "integration of refugees"),
    ("læringsmiljø i ungdomsskolen", "learning environment in lower secondary school"),
    ("barnevern og familievern", "child welfare and family services"),
    ("demensomsorg og pårørende", "dementia care and next of kin"),
    ("medisinsk avstandsoppfølging", "remote patient monitoring"),
    ("tjenesteinnovasjon med innbyggerne", "service innovation with citizens"),
    ("bydelsutvikling og medvirkning", "neighbourhood development and participation"),
    ("smarte energisystemer i boligområder", "smart energy systems in residential areas"),
    ("vannforsyning og avløp", "water supply and wastewater"),
    ("biologisk mangfold i byen", "urban biodiversity"),
    ("friluftsliv og grønnstruktur", "outdoor recreation and green infrastructure"),
    ("kulturskolen og kulturlivet", "the culture school and cultural life"),
    ("arbeidsinkludering for unge", "work inclusion for young people"),
    ("rekruttering av helsepersonell", "recruitment of health personnel"),
    ("ernæring hos eldre", "nutrition among older people"),
    ("hverdagsrehabilitering", "everyday rehabilitation"),
    ("beredskap og samfunnssikkerhet", "emergency preparedness and public safety"),
    ("skolestart og overganger", "school start and transitions"),
    ("lese- og skriveopplæring", "reading and writing instruction"),
    ("matematikkundervisning i grunnskolen", "mathematics teaching in primary school"),
    ("spesialundervisning og inkludering", "special education and inclusion"),
    ("ungdomsmedvirkning i planleggingen", "youth participation in planning"),
    ("trafikksikkerhet rundt skoler", "road safety around schools"),
    ("ferjeavløsning og grønn skipsfart", "ferry replacement and green shipping"),
    ("landbruk og matproduksjon", "agriculture and food production"),
    ("havbruk og kystsamfunn", "aquaculture and coastal communities"),
    ("reiseliv og lokal verdiskaping", "tourism and local value creation"),
    ("innovative offentlige anskaffelser", "innovative public procurement"),
    ("datadeling og personvern", "data sharing and privacy"),
    ("cybersikkerhet i kommunen", "cybersecurity in the municipality"),
    ("sensorer og digitale tvillinger", "sensors and digital twins"),
    ("legevakt og akuttmedisin", "emergency medical services"),
    ("samhandling mellom sykehus og kommune", "coordination between hospital and municipality"),
    ("boligbygging og arealplanlegging", "housing and land-use planning"),
    ("universell utforming", "universal design"),
    ("frivillighet og lokalsamfunn", "volunteering and local communities"),
    ("språkopplæring for voksne", "language training for adults"),
]

FRAMES: list[tuple[str, str]] = [
    ("{theme}", "{theme}"),
    ("{theme} i {place}", "{theme} in {place}"),
    ("Følgeforskning på {theme}", "Follow-up research on {theme}"),
    ("Utprøving av {theme}", "Piloting {theme}"),
    ("Kunnskapsgrunnlag for {theme}", "A knowledge base for {theme}"),
    ("{theme}: erfaringer fra {place}", "{theme}: experiences from {place}"),
    ("Effekter av {theme}", "Effects of {theme}"),
    ("Ny praksis for {theme}", "New practice for {theme}"),
]

METHODS: list[tuple[str, str]] = [
    (
        "kvalitative intervjuer med ansatte og brukere",
        "qualitative interviews with staff and users",
    ),
    ("et kontrollert forsøk i flere enheter", "a controlled trial in several units"),
    ("registerdata og spørreundersøkelser", "register data and surveys"),
    ("aksjonsforskning sammen med tjenestene", "action research with the services"),
    ("tjenestedesign og brukerinvolvering", "service design and user involvement"),
    ("kostnadsanalyser og gevinstrealisering", "cost analysis and benefits realisation"),
    ("sensordata og maskinlæring", "sensor data and machine learning"),
]

TARGET_GROUPS: list[tuple[str, str]] = [
    ("eldre hjemmeboende", "older people living at home"),
    ("barn og unge", "children and young people"),
    ("ansatte i helse- og omsorgstjenesten", "health and care staff"),
    ("lærere og skoleledere", "teachers and school leaders"),
    ("innbyggere i utsatte bydeler", "residents of vulnerable neighbourhoods"),
    ("næringslivet i regionen", "the region's businesses"),
    ("planleggere og saksbehandlere", "planners and caseworkers"),
]

FIRST_NAMES = (
    "Anne Inger Kari Marit Ingrid Liv Eva Berit Astrid Hilde Nina Ida Ingeborg Silje Maria "
    "Tone Camilla Sara Emma Nora Jan Per Bjørn Ole Lars Kjell Knut Arne Hans Svein Thomas "
    "Geir Tor Morten Terje Odd Rune Erik Jon Anders Magnus Jonas Henrik Sindre Eirik Sigrid "
    "Ragnhild Solveig Aslak Ahmed Fatima Olga Piotr Mari Elise"
).split()

LAST_NAMES = (
    "Hansen Johansen Olsen Larsen Andersen Pedersen Nilsen Kristiansen Jensen Karlsen "
    "Johnsen Pettersen Eriksen Berg Haugen Hagen Johannessen Andreassen Jacobsen Dahl "
    "Jørgensen Halvorsen Henriksen Lund Sørensen Jakobsen Moen Gundersen Iversen Strand "
    "Solberg Svendsen Eide Knutsen Martinsen Paulsen Bakken Kristoffersen Mathisen Lie "
    "Rasmussen Amundsen Lunde Kristensen Bakke Berge Moe Nygård Fredriksen Solheim Holm "
    "Lien Aas Sletten Nordby Brekke Myhre Vik Tangen Hoel"
).split()

COMPANY_WORDS = (
    "Nordlys Fjord Bølge Granitt Lyng Skog Tinde Elv Havørn Kyst Polar Midnatt Vidde Bjørk "
    "Furu Stein Tind Isbre Nordkapp Fjell Storm Vind Sol Måne Rype Ørn Laks Torsk Sild Hval"
).split()

COMPANY_TRADES = (
    "Teknologi Analyse Helse Energi Rådgivning Data Innovasjon Bygg Miljø Mobilitet Omsorg "
    "Design Utvikling Sensor Vann Digital Læring"
).split()

SERVICE_AREAS: list[tuple[str, str]] = [
    ("Helse og velferd", "service_area"),
    ("Oppvekst og utdanning", "service_area"),
    ("Byutvikling", "service_area"),
    ("Miljø og klima", "service_area"),
    ("Kultur og næring", "service_area"),
    ("Organisasjon og digitalisering", "service_area"),
    ("Hjemmetjenesten", "unit"),
    ("Sykehjemsetaten", "unit"),
    ("Barnehageetaten", "unit"),
    ("Skoleetaten", "unit"),
    ("Barnevernet", "unit"),
    ("Kommunalteknikk", "unit"),
]

FOCUS_AREAS: list[tuple[str, str]] = [
    ("Helse og velferd", "Health and welfare"),
    ("Oppvekst og utdanning", "Childhood and education"),
    ("Smart by og kommune", "Smart city and municipality"),
    ("Klima og miljø", "Climate and environment"),
    ("Byutvikling", "Urban development"),
    ("Innovasjon og omstilling", "Innovation and transition"),
    ("Kultur og samfunn", "Culture and society"),
    ("Næringsutvikling", "Business development"),
]

ELEMENTS: list[tuple[str, str]] = [
    ("Digitalisering", "Digitalisation"),
    ("Bærekraft", "Sustainability"),
    ("Medvirkning", "Participation"),
    ("Utenforskap", "Exclusion"),
]
