"""Thirty knowledge needs as a unit leader in the municipality would write them, with graded
relevant projects from ``corpus.tsv`` (2: answers the need directly, 1: clearly related).

The judgements were made by reading every title the corpus has on the topic (found by
searching the corpus in both languages for the topic's words and synonyms), not from any
method's results. Four needs are written in nynorsk and one in English.
"""

from __future__ import annotations

NEEDS: list[dict] = [
    {
        "id": "demens-uro",
        "text": "Nattlig uro blant beboere med demens. Beboerne på skjermet avdeling vandrer og "
        "roper om natten, og nattevaktene strekker ikke til. Hva vet vi om tiltak som gir ro uten "
        "mer beroligende medisiner?",
        "relevant": {"eu:779237": 2, "eu:853981": 1, "eu:964220": 1, "rcn:226080": 1},
    },
    {
        "id": "velferdsteknologi-hjemme",
        "text": "Eldre som bor hjemme lenger: hvilken velferdsteknologi og hvilke digitale "
        "verktøy hjelper eldre å klare seg selv i egen bolig, og hvordan tar hjemmetjenesten dem i bruk?",
        "relevant": {
            "eu:101016848": 2,
            "eu:769872": 2,
            "eu:857159": 2,
            "eu:689238": 1,
            "eu:876619": 2,
            "rcn:225888": 2,
            "eu:663406": 1,
        },
    },
    {
        "id": "multisykdom",
        "text": "Mange av brukerne i hjemmetjenesten har flere kroniske sykdommer samtidig. Vi "
        "trenger kunnskap om integrerte tjenester og samhandling rundt eldre med multisykdom.",
        "relevant": {
            "eu:634288": 2,
            "eu:634144": 2,
            "eu:964370": 2,
            "eu:945218": 1,
            "eu:101017385": 1,
        },
    },
    {
        "id": "ensomhet-eldre-by",
        "text": "Ensomhet og psykisk helse blant eldre i bydelene. Hvilke tiltak i byen fremmer "
        "trivsel og god psykisk helse for eldre innbyggere?",
        "relevant": {"eu:667661": 2, "eu:668648": 1, "eu:857159": 1, "eu:869505": 1},
    },
    {
        "id": "hjerneslag-rehab",
        "text": "Rehabilitering etter hjerneslag i kommunen: hvordan får pasienter tilbake "
        "funksjon i armen og i hverdagen etter utskrivning fra sykehuset?",
        "relevant": {
            "rcn:226064": 2,
            "eu:634809": 1,
            "rcn:226075": 1,
            "rcn:225929": 1,
            "eu:710568": 2,
        },
    },
    {
        "id": "nattarbeid",
        "text": "Turnus og nattarbeid: mange ansatte i helse og omsorg jobber natt. Hvordan påvirker "
        "nattarbeid søvn og helse, og hva kan arbeidsgiver gjøre?",
        "relevant": {"rcn:226017": 2, "eu:965417": 1, "eu:847386": 1},
    },
    {
        "id": "kognitiv-trening",
        "text": "Hukommelsestrening for eldre med mild kognitiv svikt på dagsenteret: virker "
        "datamaskinbasert trening av arbeidsminnet?",
        "relevant": {"rcn:225953": 2, "eu:964220": 1, "eu:725025": 1, "eu:820880": 1},
    },
    {
        "id": "skole-psykisk-helse",
        "text": "Psykisk helse i skolen: elevene på ungdomstrinnet sliter mer enn før. Hvilke "
        "forebyggende tiltak i skolen styrker motstandskraft og psykisk helse hos unge?",
        "relevant": {"eu:755175": 2, "eu:754919": 2, "eu:754849": 2, "eu:734928": 1},
    },
    {
        "id": "naturfag-skole",
        "text": "Engasjerende naturfagundervisning: vi vil at flere elever skal bli interessert i "
        "naturfag og forskning. Hva virker i klasserommet?",
        "relevant": {"eu:665917": 2, "eu:710240": 2, "eu:824522": 1, "eu:871155": 1},
    },
    {
        "id": "digital-skole",
        "text": "Digitalisering i skolen: hvordan kan skolene ta i bruk digitale verktøy og "
        "innovasjon i undervisningen, og hvordan støtter vi lærerne?",
        "relevant": {"eu:101004676": 2, "eu:856954": 2, "eu:871018": 1, "eu:870612": 1},
    },
    {
        "id": "innvandrerungdom",
        "text": "Inkludering av unge innvandrere og flyktninger: hva hjelper ungdom som nettopp har "
        "kommet til kommunen å finne sin plass i skole og samfunn?",
        "relevant": {"eu:870700": 2, "eu:754849": 2, "eu:727069": 1, "eu:870831": 1},
    },
    {
        "id": "overvekt-barn",
        "text": "Overvekt blant barn og unge: hvordan kan kommunen sammen med ungdommen lage tiltak "
        "for sunnere kosthold og mer fysisk aktivitet?",
        "relevant": {"eu:774210": 2, "eu:734928": 1, "eu:728018": 1},
    },
    {
        "id": "luftkvalitet",
        "text": "Luftkvaliteten i sentrum er dårlig på kalde vinterdager. Hvordan kan innbyggerne "
        "selv bidra til å redusere luftforurensning i byen?",
        "relevant": {"eu:689289": 2, "eu:688363": 2, "eu:101036245": 1, "eu:820655": 1},
    },
    {
        "id": "klimatilpasning",
        "text": "Klimatilpasning: kraftigere regn og flom i bydelene. Vi trenger verktøy for å "
        "planlegge byen for et våtere klima.",
        "relevant": {"eu:101036599": 2, "eu:700099": 1, "eu:869505": 1, "eu:814753": 1},
    },
    {
        "id": "energi-bygg",
        "text": "Energieffektivisering i kommunale bygg: skoler og sykehjem bruker mye energi. "
        "Hvordan rehabiliterer vi eldre bygninger til lavt energibruk?",
        "relevant": {
            "eu:768623": 2,
            "eu:723829": 2,
            "eu:893135": 2,
            "eu:101037075": 1,
            "eu:823073": 1,
            "eu:696040": 1,
        },
    },
    {
        "id": "energisamfunn",
        "text": "Lokale energisamfunn: borettslag og nabolag som produserer og deler sin egen "
        "solenergi. Hvordan kan kommunen legge til rette?",
        "relevant": {"eu:101032239": 2, "eu:953040": 2, "eu:957779": 2, "eu:101022585": 1},
    },
    {
        "id": "plastavfall",
        "text": "Plastavfall fra husholdningene: hvordan øker vi utsortering og gjenvinning av "
        "plastemballasje i en sirkulær økonomi?",
        "relevant": {"eu:730292": 2, "eu:820895": 1, "eu:814400": 1, "eu:837715": 1},
    },
    {
        "id": "matsvinn",
        "text": "Matsvinn i kantiner og institusjonskjøkken: hva kan kommunen gjøre for å redusere "
        "matsvinn og bruke matavfall?",
        "relevant": {"eu:101036388": 2, "eu:101000812": 1, "rcn:225890": 1, "eu:101000836": 1},
    },
    {
        "id": "kollektivtransport",
        "text": "Mobilitet og kollektivtransport: hvordan får vi flere til å reise kollektivt, og kan "
        "selvkjørende busser bli en del av tilbudet?",
        "relevant": {"eu:780371": 2, "eu:653637": 1, "eu:635867": 1, "eu:101007326": 1},
    },
    {
        "id": "varelevering",
        "text": "Varelevering i sentrum gir kø og utslipp. Hvordan kan bylogistikk og innkjøp "
        "bidra til utslippsfri levering av varer?",
        "relevant": {"eu:724101": 2, "eu:635898": 2, "eu:953939": 1},
    },
    {
        "id": "smart-by",
        "text": "Smart by og positive energiområder: hvordan kan data og innbyggerinvolvering gjøre "
        "byen mer bærekraftig?",
        "relevant": {"eu:824260": 2, "eu:774233": 1, "eu:871914": 1, "eu:101036723": 1},
    },
    {
        "id": "beredskap",
        "text": "Beredskap ved ekstremvær og kriser: hvordan samordner kommunen, frivillige og "
        "nødetatene seg, og hvordan styrker vi innbyggernes motstandskraft?",
        "relevant": {
            "eu:700099": 2,
            "eu:833496": 2,
            "eu:882850": 1,
            "eu:700389": 1,
            "eu:786571": 1,
        },
    },
    {
        "id": "akuttmedisin",
        "text": "Akuttmedisinske tjenester og legevakt: hvordan kan ambulanse og legevakt samarbeide "
        "bedre i akutte situasjoner?",
        "relevant": {"eu:786670": 2, "eu:101006601": 1, "eu:101020676": 1},
    },
    {
        "id": "vaksinasjon-eldre",
        "text": "Vaksinasjon av eldre mot influensa og andre infeksjoner: hvor godt virker vaksinene "
        "hos de eldste?",
        "relevant": {"eu:806776": 2, "eu:634446": 2, "eu:874866": 1},
    },
    {
        "id": "innovative-anskaffelser",
        "text": "Innovative offentlige anskaffelser: hvordan kan kommunen kjøpe nye løsninger i "
        "samarbeid med små bedrifter?",
        "relevant": {"eu:857831": 2, "eu:964370": 1, "eu:780371": 1, "eu:724101": 1},
    },
    {
        "id": "arbeid-funksjonsnedsettelse",
        "text": "Arbeid for personer med funksjonsnedsettelse: hvordan kan arbeidsgivere og NAV "
        "samarbeide om at flere kommer i jobb?",
        "relevant": {"eu:101026526": 2, "rcn:226078": 1},
    },
    {
        "id": "nn-drikkevatn",
        "text": "Drikkevatn og leidningsnett: kvaliteten på vatnet i det gamle leidningsnettet vårt "
        "er usikker. Korleis kan vi overvake vasskvaliteten?",
        "relevant": {"eu:778136": 2, "eu:664032": 2, "eu:727984": 1},
    },
    {
        "id": "nn-sjukeheim-kvalitet",
        "text": "Kompetanse og kvalitet i sjukeheimane: korleis kan vi sikre kompetansen til dei "
        "tilsette i helse- og omsorgstenestene?",
        "relevant": {"eu:774274": 2, "eu:813928": 2, "eu:779237": 1},
    },
    {
        "id": "nn-born-digitalt",
        "text": "Born og unge på nett: kva veit vi om korleis born har det i den digitale "
        "kvardagen, og kva digitale ferdigheiter treng dei?",
        "relevant": {"eu:871018": 2, "eu:870612": 2, "eu:101004676": 1},
    },
    {
        "id": "nn-medverknad-ungdom",
        "text": "Medverknad frå ungdom: korleis kan unge innbyggjarar vere med og skape "
        "sosial innovasjon og politikk i kommunen?",
        "relevant": {"eu:101005931": 2, "eu:774210": 1, "eu:870700": 1},
    },
    {
        "id": "en-sleep",
        "text": "Sleep problems among older people receiving home care: what digital tools help "
        "diagnose and follow up sleep disorders?",
        "relevant": {"eu:965417": 2, "eu:853981": 1, "rcn:226017": 1},
    },
]
