"""Thirty knowledge needs as a unit leader in the municipality would write them, with graded
relevant projects from ``corpus.tsv`` (2: answers the need directly, 1: clearly related).

The judgements were made by reading every title the corpus has on the topic (found by
searching the corpus in both languages for the topic's words and synonyms), not from any
method's results. Four needs are written in nynorsk and one in English.
"""

from __future__ import annotations


def _need(need_id: str, text: str, *, direct: str, related: str = "") -> dict:
    """One need: its id, its text and the corpus keys of the projects that answer it directly
    (grade 2) and of those clearly related to it (grade 1), separated by spaces."""
    relevant = dict.fromkeys(direct.split(), 2) | dict.fromkeys(related.split(), 1)
    return {"id": need_id, "text": text, "relevant": relevant}


NEEDS: list[dict] = [
    _need(
        "demens-uro",
        "Nattlig uro blant beboere med demens. Beboerne på skjermet avdeling vandrer og "
        "roper om natten, og nattevaktene strekker ikke til. Hva vet vi om tiltak som gir ro uten "
        "mer beroligende medisiner?",
        direct="eu:779237",
        related="eu:853981 eu:964220 rcn:226080",
    ),
    _need(
        "velferdsteknologi-hjemme",
        "Eldre som bor hjemme lenger: hvilken velferdsteknologi og hvilke digitale "
        "verktøy hjelper eldre å klare seg selv i egen bolig, og hvordan tar hjemmetjenesten dem i bruk?",
        direct="eu:101016848 eu:769872 eu:857159 eu:876619 rcn:225888",
        related="eu:689238 eu:663406",
    ),
    _need(
        "multisykdom",
        "Mange av brukerne i hjemmetjenesten har flere kroniske sykdommer samtidig. Vi "
        "trenger kunnskap om integrerte tjenester og samhandling rundt eldre med multisykdom.",
        direct="eu:634288 eu:634144 eu:964370",
        related="eu:945218 eu:101017385",
    ),
    _need(
        "ensomhet-eldre-by",
        "Ensomhet og psykisk helse blant eldre i bydelene. Hvilke tiltak i byen fremmer "
        "trivsel og god psykisk helse for eldre innbyggere?",
        direct="eu:667661",
        related="eu:668648 eu:857159 eu:869505",
    ),
    _need(
        "hjerneslag-rehab",
        "Rehabilitering etter hjerneslag i kommunen: hvordan får pasienter tilbake "
        "funksjon i armen og i hverdagen etter utskrivning fra sykehuset?",
        direct="rcn:226064 eu:710568",
        related="eu:634809 rcn:226075 rcn:225929",
    ),
    _need(
        "nattarbeid",
        "Turnus og nattarbeid: mange ansatte i helse og omsorg jobber natt. Hvordan påvirker "
        "nattarbeid søvn og helse, og hva kan arbeidsgiver gjøre?",
        direct="rcn:226017",
        related="eu:965417 eu:847386",
    ),
    _need(
        "kognitiv-trening",
        "Hukommelsestrening for eldre med mild kognitiv svikt på dagsenteret: virker "
        "datamaskinbasert trening av arbeidsminnet?",
        direct="rcn:225953",
        related="eu:964220 eu:725025 eu:820880",
    ),
    _need(
        "skole-psykisk-helse",
        "Psykisk helse i skolen: elevene på ungdomstrinnet sliter mer enn før. Hvilke "
        "forebyggende tiltak i skolen styrker motstandskraft og psykisk helse hos unge?",
        direct="eu:755175 eu:754919 eu:754849",
        related="eu:734928",
    ),
    _need(
        "naturfag-skole",
        "Engasjerende naturfagundervisning: vi vil at flere elever skal bli interessert i "
        "naturfag og forskning. Hva virker i klasserommet?",
        direct="eu:665917 eu:710240",
        related="eu:824522 eu:871155",
    ),
    _need(
        "digital-skole",
        "Digitalisering i skolen: hvordan kan skolene ta i bruk digitale verktøy og "
        "innovasjon i undervisningen, og hvordan støtter vi lærerne?",
        direct="eu:101004676 eu:856954",
        related="eu:871018 eu:870612",
    ),
    _need(
        "innvandrerungdom",
        "Inkludering av unge innvandrere og flyktninger: hva hjelper ungdom som nettopp har "
        "kommet til kommunen å finne sin plass i skole og samfunn?",
        direct="eu:870700 eu:754849",
        related="eu:727069 eu:870831",
    ),
    _need(
        "overvekt-barn",
        "Overvekt blant barn og unge: hvordan kan kommunen sammen med ungdommen lage tiltak "
        "for sunnere kosthold og mer fysisk aktivitet?",
        direct="eu:774210",
        related="eu:734928 eu:728018",
    ),
    _need(
        "luftkvalitet",
        "Luftkvaliteten i sentrum er dårlig på kalde vinterdager. Hvordan kan innbyggerne "
        "selv bidra til å redusere luftforurensning i byen?",
        direct="eu:689289 eu:688363",
        related="eu:101036245 eu:820655",
    ),
    _need(
        "klimatilpasning",
        "Klimatilpasning: kraftigere regn og flom i bydelene. Vi trenger verktøy for å "
        "planlegge byen for et våtere klima.",
        direct="eu:101036599",
        related="eu:700099 eu:869505 eu:814753",
    ),
    _need(
        "energi-bygg",
        "Energieffektivisering i kommunale bygg: skoler og sykehjem bruker mye energi. "
        "Hvordan rehabiliterer vi eldre bygninger til lavt energibruk?",
        direct="eu:768623 eu:723829 eu:893135",
        related="eu:101037075 eu:823073 eu:696040",
    ),
    _need(
        "energisamfunn",
        "Lokale energisamfunn: borettslag og nabolag som produserer og deler sin egen "
        "solenergi. Hvordan kan kommunen legge til rette?",
        direct="eu:101032239 eu:953040 eu:957779",
        related="eu:101022585",
    ),
    _need(
        "plastavfall",
        "Plastavfall fra husholdningene: hvordan øker vi utsortering og gjenvinning av "
        "plastemballasje i en sirkulær økonomi?",
        direct="eu:730292",
        related="eu:820895 eu:814400 eu:837715",
    ),
    _need(
        "matsvinn",
        "Matsvinn i kantiner og institusjonskjøkken: hva kan kommunen gjøre for å redusere "
        "matsvinn og bruke matavfall?",
        direct="eu:101036388",
        related="eu:101000812 rcn:225890 eu:101000836",
    ),
    _need(
        "kollektivtransport",
        "Mobilitet og kollektivtransport: hvordan får vi flere til å reise kollektivt, og kan "
        "selvkjørende busser bli en del av tilbudet?",
        direct="eu:780371",
        related="eu:653637 eu:635867 eu:101007326",
    ),
    _need(
        "varelevering",
        "Varelevering i sentrum gir kø og utslipp. Hvordan kan bylogistikk og innkjøp "
        "bidra til utslippsfri levering av varer?",
        direct="eu:724101 eu:635898",
        related="eu:953939",
    ),
    _need(
        "smart-by",
        "Smart by og positive energiområder: hvordan kan data og innbyggerinvolvering gjøre "
        "byen mer bærekraftig?",
        direct="eu:824260",
        related="eu:774233 eu:871914 eu:101036723",
    ),
    _need(
        "beredskap",
        "Beredskap ved ekstremvær og kriser: hvordan samordner kommunen, frivillige og "
        "nødetatene seg, og hvordan styrker vi innbyggernes motstandskraft?",
        direct="eu:700099 eu:833496",
        related="eu:882850 eu:700389 eu:786571",
    ),
    _need(
        "akuttmedisin",
        "Akuttmedisinske tjenester og legevakt: hvordan kan ambulanse og legevakt samarbeide "
        "bedre i akutte situasjoner?",
        direct="eu:786670",
        related="eu:101006601 eu:101020676",
    ),
    _need(
        "vaksinasjon-eldre",
        "Vaksinasjon av eldre mot influensa og andre infeksjoner: hvor godt virker vaksinene "
        "hos de eldste?",
        direct="eu:806776 eu:634446",
        related="eu:874866",
    ),
    _need(
        "innovative-anskaffelser",
        "Innovative offentlige anskaffelser: hvordan kan kommunen kjøpe nye løsninger i "
        "samarbeid med små bedrifter?",
        direct="eu:857831",
        related="eu:964370 eu:780371 eu:724101",
    ),
    _need(
        "arbeid-funksjonsnedsettelse",
        "Arbeid for personer med funksjonsnedsettelse: hvordan kan arbeidsgivere og NAV "
        "samarbeide om at flere kommer i jobb?",
        direct="eu:101026526",
        related="rcn:226078",
    ),
    _need(
        "nn-drikkevatn",
        "Drikkevatn og leidningsnett: kvaliteten på vatnet i det gamle leidningsnettet vårt "
        "er usikker. Korleis kan vi overvake vasskvaliteten?",
        direct="eu:778136 eu:664032",
        related="eu:727984",
    ),
    _need(
        "nn-sjukeheim-kvalitet",
        "Kompetanse og kvalitet i sjukeheimane: korleis kan vi sikre kompetansen til dei "
        "tilsette i helse- og omsorgstenestene?",
        direct="eu:774274 eu:813928",
        related="eu:779237",
    ),
    _need(
        "nn-born-digitalt",
        "Born og unge på nett: kva veit vi om korleis born har det i den digitale "
        "kvardagen, og kva digitale ferdigheiter treng dei?",
        direct="eu:871018 eu:870612",
        related="eu:101004676",
    ),
    _need(
        "nn-medverknad-ungdom",
        "Medverknad frå ungdom: korleis kan unge innbyggjarar vere med og skape "
        "sosial innovasjon og politikk i kommunen?",
        direct="eu:101005931",
        related="eu:774210 eu:870700",
    ),
    _need(
        "en-sleep",
        "Sleep problems among older people receiving home care: what digital tools help "
        "diagnose and follow up sleep disorders?",
        direct="eu:965417",
        related="eu:853981 rcn:226017",
    ),
]
