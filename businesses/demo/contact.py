"""Demo content of the contact point: two advisers, a routing table for every topic, and a catalogue for Bærum and Asker.

The catalogue is written in the portal's own words. Links go to the providers' front pages only, which
stay put when their pages are reorganised. Safe to run again: what exists (and what officers have
changed since) is left as it is.
"""

from businesses.models import AdviserProfile, CatalogueEntry, EnquiryRoute, Topic

CHIEF = "naeringssjef@demo.example"
ADVISER = "naeringsradgiver@demo.example"

PROFILES = {
    CHIEF: {
        "job_title": "Næringssjef",
        "areas": (
            "Næringsareal og lokaler, store etableringer, samarbeid med næringsforeningene og dialogmøtene med "
            "kommunedirektøren. Kontakt meg når saken går på tvers av flere avdelinger i kommunen."
        ),
        "languages": "norsk, engelsk, svensk",
        "phone": "+47 67 50 40 51",
        "public_email": CHIEF,
        "position": 1,
    },
    ADVISER: {
        "job_title": "Næringsrådgiver",
        "areas": (
            "Etablererveiledning, finansiering og offentlige ordninger, kompetanse og rekruttering, og hvordan du "
            "selger til kommunen."
        ),
        "languages": "norsk, engelsk, arabisk, fransk",
        "phone": "+47 67 50 40 52",
        "public_email": ADVISER,
        "position": 2,
    },
}

ROUTES = {
    Topic.ESTABLISHING: ADVISER,
    Topic.PREMISES: CHIEF,
    Topic.PLANNING: CHIEF,
    Topic.PERMITS: ADVISER,
    Topic.FUNDING: ADVISER,
    Topic.PROCUREMENT: ADVISER,
    Topic.COMPETENCE: ADVISER,
    Topic.OTHER: CHIEF,
}

P, A, S = CatalogueEntry.Provider, CatalogueEntry.Audience, CatalogueEntry.Stage
BAERUM, ASKER = "https://www.baerum.kommune.no", "https://www.asker.kommune.no"

# (title, summary, description, topic, provider, audience, stage, sector, url)
CATALOGUE = [
    (
        "Gratis etablererveiledning",
        "Har du en forretningsidé? Få en gratis samtale med en veileder før du starter.",
        "Kommunen tilbyr gratis og uforpliktende veiledning til deg som vil starte egen bedrift. Vi går gjennom "
        "idéen, markedet, hvilken organisasjonsform som passer, budsjett og hva du må registrere. Du får også vite "
        "om kurs, nettverk og ordninger som kan hjelpe deg videre. Send en henvendelse med temaet «Etablering», "
        "så avtaler vi et møte.",
        Topic.ESTABLISHING,
        P.MUNICIPALITY,
        A.ENTREPRENEURS,
        S.IDEA,
        "",
        BAERUM,
    ),
    (
        "Registrere bedriften i Brønnøysundregistrene",
        "Et nytt foretak registreres i Enhetsregisteret og får organisasjonsnummer gjennom en samordnet melding i Altinn.",
        "Samordnet registermelding sendes i Altinn. Der melder du foretaket til Enhetsregisteret, og etter behov til "
        "Foretaksregisteret, Merverdiavgiftsregisteret og som arbeidsgiver. Et enkeltpersonforetak med lav omsetning "
        "trenger ikke alltid stå i Foretaksregisteret. Veilederen hos oss hjelper deg gjerne med å finne ut hva "
        "som gjelder for deg.",
        Topic.ESTABLISHING,
        P.STATE,
        A.ENTREPRENEURS,
        S.STARTUP,
        "",
        "https://www.altinn.no",
    ),
    (
        "Oppslag i Enhetsregisteret",
        "Sjekk hva som er registrert om en bedrift: navn, adresse, næringskode, roller og status.",
        "Brønnøysundregistrene viser det som er registrert om alle enheter i Norge. Det er lurt å sjekke at "
        "næringskode og adresse stemmer, for kommunen og andre offentlige etater bruker disse opplysningene.",
        Topic.ESTABLISHING,
        P.STATE,
        A.EVERYONE,
        S.ANY,
        "",
        "https://www.brreg.no",
    ),
    (
        "Næringshage for små bedrifter",
        "Siva finansierer næringshager der små bedrifter deler lokaler, nettverk og får hjelp til å vokse.",
        "En næringshage samler små og mellomstore bedrifter i et faglig miljø med en utviklingsaktør som gir råd "
        "om strategi, marked og finansiering. Programmet drives i samarbeid med Siva. Spør oss om hvilke "
        "næringshager og inkubatorer som ligger nærmest, og om det er plass.",
        Topic.COMPETENCE,
        P.SIVA,
        A.SMALL,
        S.GROWTH,
        "",
        "https://www.siva.no",
    ),
    (
        "Inkubator for kunnskapsbaserte oppstartsbedrifter",
        "Inkubatorer i Sivas program hjelper oppstartsbedrifter med stort vekstpotensial de første årene.",
        "Inkubatoren gir tett oppfølging, kontorplass, kontakt med investorer og et nettverk av andre gründere. "
        "Tilbudet passer best for bedrifter med en ny teknologi eller et nytt forretningskonsept.",
        Topic.ESTABLISHING,
        P.SIVA,
        A.ENTREPRENEURS,
        S.STARTUP,
        "",
        "https://www.siva.no",
    ),
    (
        "Oppstartstilskudd fra Innovasjon Norge",
        "Tilskudd til unge, innovative bedrifter som vil teste markedet og utvikle forretningsidéen.",
        "Innovasjon Norge gir tilskudd i flere faser til oppstartsbedrifter med en idé som er ny i markedet og har "
        "potensial for vekst, også utenfor Norge. Søknaden sendes til Innovasjon Norge. Vi kan lese gjennom "
        "idéen med deg før du søker.",
        Topic.FUNDING,
        P.INNOVATION_NORWAY,
        A.ENTREPRENEURS,
        S.STARTUP,
        "",
        "https://www.innovasjonnorge.no",
    ),
    (
        "Etablerertilskudd i distriktene",
        "Tilskudd til etablerere utenfor de sentrale områdene. Sjekk om ordningen gjelder der du holder til.",
        "Innovasjon Norge har tilskudd til etablerere i distriktene, og fylkeskommunen bestemmer hvilke områder "
        "som er med. Om ordningen gjelder for deg, avhenger av hvor bedriften holder til: spør oss, eller les "
        "om ordningen hos Innovasjon Norge.",
        Topic.FUNDING,
        P.INNOVATION_NORWAY,
        A.ENTREPRENEURS,
        S.STARTUP,
        "",
        "https://www.innovasjonnorge.no",
    ),
    (
        "Innovasjonskontrakter",
        "Støtte til å utvikle en ny løsning sammen med en pilotkunde som trenger den.",
        "En innovasjonskontrakt er et tilskudd fra Innovasjon Norge til et utviklingsprosjekt der en bedrift lager "
        "en ny vare, tjeneste eller løsning sammen med en krevende kunde. Kunden kan være en annen bedrift eller "
        "en offentlig virksomhet, også kommunen.",
        Topic.FUNDING,
        P.INNOVATION_NORWAY,
        A.SMALL,
        S.GROWTH,
        "",
        "https://www.innovasjonnorge.no",
    ),
    (
        "Lån fra Innovasjon Norge",
        "Lån til investeringer og vekst når banken ikke kan finansiere alt alene.",
        "Innovasjon Norge gir lavrisikolån og risikolån til bedrifter som vil investere i utstyr, bygg eller vekst. "
        "Lånene kommer ofte i tillegg til banklån. Ta med en forretningsplan og et budsjett når du tar kontakt.",
        Topic.FUNDING,
        P.INNOVATION_NORWAY,
        A.SMALL,
        S.ESTABLISHED,
        "",
        "https://www.innovasjonnorge.no",
    ),
    (
        "Bygdeutviklingsmidler for landbruket",
        "Støtte til gårdsbruk som vil investere i tradisjonelt landbruk eller bygge opp en ny næring på gården.",
        "Innovasjon Norge forvalter bygdeutviklingsmidler til landbruket, for eksempel til driftsbygninger, "
        "gårdsbutikk, reiseliv på gården eller foredling av egne råvarer. Landbrukskontoret i kommunen gir råd om "
        "søknaden.",
        Topic.FUNDING,
        P.INNOVATION_NORWAY,
        A.SMALL,
        S.ANY,
        "A",
        "https://www.innovasjonnorge.no",
    ),
    (
        "Regionale utviklingsmidler fra Akershus fylkeskommune",
        "Fylkeskommunen støtter prosjekter som styrker næringslivet i regionen, ofte i samarbeid mellom flere bedrifter.",
        "Akershus fylkeskommune lyser ut midler til regional næringsutvikling, for eksempel klyngeprosjekter, "
        "nettverk, kompetanse og grønn omstilling. Søkeren er ofte en forening, en næringshage eller en gruppe "
        "bedrifter. Følg med på utlysningene hos fylkeskommunen, og snakk med oss før du søker.",
        Topic.FUNDING,
        P.COUNTY,
        A.EVERYONE,
        S.ANY,
        "",
        "https://www.akershus.no",
    ),
    (
        "Kommunens næringsfond",
        "Der kommunen har et eget næringsfond, kan det gi små tilskudd til tiltak som skaper aktivitet lokalt.",
        "Noen kommuner har et næringsfond med egne retningslinjer for hvem som kan søke og hva det gis støtte til. "
        "Der et slikt fond finnes, finner du utlysning og søknadsfrist på kommunens nettsider. Spør oss om det er "
        "midler å søke på nå.",
        Topic.FUNDING,
        P.MUNICIPALITY,
        A.SMALL,
        S.ANY,
        "",
        ASKER,
    ),
    (
        "Ledige næringsarealer og lokaler",
        "Leter du etter tomt, lager eller kontor? Vi kjenner arealene i kommunen og hvem som eier dem.",
        "Næringsteamet har oversikt over regulerte næringsarealer, kommunens egne tomter og kontakt med "
        "eiendomsutviklere og utleiere. Fortell oss hvor mye plass du trenger, til hva og når, så setter vi deg i "
        "kontakt med de riktige.",
        Topic.PREMISES,
        P.MUNICIPALITY,
        A.EVERYONE,
        S.ANY,
        "",
        BAERUM,
    ),
    (
        "Forhåndskonferanse før byggesøknad",
        "Møt byggesaksbehandlerne før du søker, så unngår du de vanligste feilene.",
        "Skal du bygge, bygge om eller ta lokaler i bruk til noe nytt, kan du be om en forhåndskonferanse med "
        "byggesaksavdelingen. Der går dere gjennom planene, reguleringen som gjelder og hva søknaden må inneholde. "
        "Det sparer ofte tid senere i saken.",
        Topic.PLANNING,
        P.MUNICIPALITY,
        A.EVERYONE,
        S.ANY,
        "",
        BAERUM,
    ),
    (
        "Byggesøknad og bruksendring",
        "Å ta et lokale i bruk til noe annet enn det er godkjent for, krever som regel søknad om bruksendring.",
        "Etter plan- og bygningsloven må mange tiltak søkes om, også når et lager blir butikk eller et kontor blir "
        "kafé. Byggesaksavdelingen forteller hva som krever søknad og hva du kan gjøre selv. Ta kontakt tidlig hvis "
        "tiden er knapp: vi hjelper deg å finne riktig saksbehandler.",
        Topic.PLANNING,
        P.MUNICIPALITY,
        A.EVERYONE,
        S.ANY,
        "",
        ASKER,
    ),
    (
        "Reguleringsplaner og innspill til arealplanen",
        "Hvordan et område kan brukes, står i reguleringsplanen. Næringslivet kan gi innspill når planene rulleres.",
        "Kommuneplanens arealdel og reguleringsplanene avgjør hvor det kan drives næring. Når planene er på høring, "
        "kan bedrifter og næringsforeninger sende innspill. Vi varsler om høringer som berører næringslivet.",
        Topic.PLANNING,
        P.MUNICIPALITY,
        A.EVERYONE,
        S.ANY,
        "",
        BAERUM,
    ),
    (
        "Serveringsbevilling",
        "Et serveringssted trenger serveringsbevilling fra kommunen før det åpner.",
        "Den som driver et serveringssted, må ha bevilling, og daglig leder må ha bestått etablererprøven. Søknaden "
        "sendes til kommunens bevillingskontor, som kan innhente uttalelser fra politiet og skattemyndighetene. "
        "Beregn god tid før åpningen.",
        Topic.PERMITS,
        P.MUNICIPALITY,
        A.EVERYONE,
        S.STARTUP,
        "I",
        BAERUM,
    ),
    (
        "Skjenkebevilling",
        "Servering av alkohol krever skjenkebevilling etter alkoholloven, med styrer og stedfortreder.",
        "Kommunen gir skjenkebevilling for en periode eller for et enkelt arrangement. Styrer og stedfortreder må "
        "ha bestått kunnskapsprøven. Kommunens egne retningslinjer sier hvilke skjenketider som gjelder. "
        "Bevillingskontoret svarer på spørsmål om søknaden.",
        Topic.PERMITS,
        P.MUNICIPALITY,
        A.EVERYONE,
        S.ANY,
        "I",
        ASKER,
    ),
    (
        "Mattilsynet: for deg som skal lage eller selge mat",
        "Virksomheter som produserer, lagrer eller serverer mat, må registreres hos Mattilsynet før oppstart.",
        "Mattilsynet fører tilsyn med mattrygghet. Nye næringsmiddelvirksomheter melder seg til Mattilsynet, og må "
        "ha et internkontrollsystem som passer driften. På Mattilsynets sider finner du veiledere for kafeer, "
        "bakerier, matbutikker og små produsenter.",
        Topic.PERMITS,
        P.STATE,
        A.EVERYONE,
        S.STARTUP,
        "",
        "https://www.mattilsynet.no",
    ),
    (
        "Selge til kommunen",
        "Slik kjøper kommunen inn, og slik får du vite om kommende konkurranser og markedsdialoger.",
        "Kommunen kjøper varer og tjenester etter anskaffelsesregelverket. Før store anskaffelser inviteres "
        "leverandører til markedsdialog, der alle får samme informasjon. Små kjøp kan gjøres direkte. "
        "Innkjøpsavdelingen holder jevnlig leverandørmøter; spør oss om hva som kommer.",
        Topic.PROCUREMENT,
        P.MUNICIPALITY,
        A.SUPPLIERS,
        S.ANY,
        "",
        BAERUM,
    ),
    (
        "Doffin: kunngjøringer av offentlige anskaffelser",
        "Alle større offentlige konkurranser kunngjøres i Doffin, den nasjonale databasen for anskaffelser.",
        "Lag en bruker i Doffin og sett opp varsler for varene og tjenestene du leverer, så får du beskjed når "
        "kommunen eller andre offentlige innkjøpere lyser ut en konkurranse. Veiledende kunngjøringer varsler om "
        "anskaffelser som kommer senere.",
        Topic.PROCUREMENT,
        P.STATE,
        A.SUPPLIERS,
        S.ANY,
        "",
        "https://www.doffin.no",
    ),
    (
        "Leverandørutviklingsprogrammet (LUP)",
        "Det nasjonale programmet hjelper offentlige innkjøpere og leverandører å få fram nye løsninger.",
        "LUP støtter innovative anskaffelser, der kommunen beskriver behovet og lar leverandørene foreslå "
        "løsningen. Programmet arrangerer dialogkonferanser der bedrifter møter innkjøpere. Det drives av NHO og "
        "KS sammen med blant andre DFØ og Innovasjon Norge. Spør oss om kommunens innovative anskaffelser.",
        Topic.PROCUREMENT,
        P.OTHER,
        A.SUPPLIERS,
        S.GROWTH,
        "",
        "",
    ),
    (
        "Hjelp til å rekruttere fra NAV",
        "NAV hjelper bedrifter som skal ansette, med å finne kandidater og lyse ut stillinger.",
        "Arbeidsgivertjenesten i NAV kan finne kandidater, holde rekrutteringstreff og gi råd om tilrettelegging. "
        "Stillinger kan lyses ut gratis på arbeidsplassen.nav.no. Tjenesten er gratis for arbeidsgivere.",
        Topic.COMPETENCE,
        P.NAV,
        A.EVERYONE,
        S.ANY,
        "",
        "https://www.nav.no",
    ),
    (
        "Lønnstilskudd",
        "Tilskudd til lønn når du ansetter noen som trenger en vei inn i arbeidslivet.",
        "Med lønnstilskudd dekker NAV en del av lønnen i en periode når bedriften ansetter en person som har "
        "vanskelig for å få jobb. Avtalen gjøres med NAV før ansettelsen starter. Arbeidsgivertjenesten forteller "
        "hva som gjelder.",
        Topic.COMPETENCE,
        P.NAV,
        A.EVERYONE,
        S.ANY,
        "",
        "https://www.nav.no",
    ),
    (
        "Bedrift i vanskeligheter",
        "Sliter bedriften med likviditet eller vurderer den å flytte eller legge ned? Snakk med oss tidlig.",
        "Næringsteamet kan ikke gi økonomisk støtte direkte, men vi kjenner ordningene hos NAV, Innovasjon Norge og "
        "fylkeskommunen, og vi kan hjelpe med saker som står fast i kommunen. Jo tidligere vi vet om det, jo mer "
        "kan vi gjøre.",
        Topic.OTHER,
        P.MUNICIPALITY,
        A.EVERYONE,
        S.RESTRUCTURING,
        "",
        ASKER,
    ),
]


def load(users: dict) -> dict[str, int]:
    for email, fields in PROFILES.items():
        AdviserProfile.objects.get_or_create(user=users[email], defaults=fields)
    for topic, email in ROUTES.items():
        EnquiryRoute.objects.get_or_create(topic=topic, defaults={"adviser": users[email]})
    fields = ("summary", "description", "topic", "provider", "audience", "stage", "sector", "url")
    for title, *values in CATALOGUE:
        CatalogueEntry.objects.get_or_create(title=title, defaults=dict(zip(fields, values, strict=True)))
    return {
        "adviser_profiles": AdviserProfile.objects.count(),
        "enquiry_routes": EnquiryRoute.objects.count(),
        "catalogue_entries": CatalogueEntry.objects.count(),
    }
