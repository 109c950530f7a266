"""Demo content: enquiries over the last eight months, across every topic.

From the two demo owners (eier@demo.example for DESINTRYGG AS, annen.eier@demo.example for BLOMSTERFRAKT ØST AS),
from people without an account about businesses in the sample register, and from a few who have not registered a
business yet. A realistic mix of states: most answered within hours or days, some closed, some being handled, and
a few new ones from today and yesterday waiting for the næringssjef. Safe to run again: an enquiry already there
(same sender and message) is left as it is, with whatever officers have done to it since.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from businesses.forms.enquiries import CONSENT_TEXT
from businesses.models import Business, Enquiry, EnquiryMessage, Topic

CHIEF = "naeringssjef@demo.example"
ADVISER = "naeringsradgiver@demo.example"
OWNER = "eier@demo.example"
OTHER_OWNER = "annen.eier@demo.example"
# The same routing as the contact point's demo table.
ROUTED_TO = {
    Topic.ESTABLISHING: ADVISER,
    Topic.PREMISES: CHIEF,
    Topic.PLANNING: CHIEF,
    Topic.PERMITS: ADVISER,
    Topic.FUNDING: ADVISER,
    Topic.PROCUREMENT: ADVISER,
    Topic.COMPETENCE: ADVISER,
    Topic.OTHER: CHIEF,
}

T = Topic
NEW, OPEN, ANSWERED, CLOSED = Enquiry.State.NEW, Enquiry.State.OPEN, Enquiry.State.ANSWERED, Enquiry.State.CLOSED

# (hours ago, topic, sender (a demo user's e-mail, or (name, e-mail, phone)), orgnr or "", planned business,
#  message, state, [(hours after the enquiry, "answer"/"reply", text)])
ENQUIRIES = [
    (
        240 * 24,
        T.PREMISES,
        OWNER,
        "925321141",
        "",
        "Vi er 14 ansatte og har vokst ut av lokalene på Lysaker. Vi trenger ca. 300 m² kontor og lager med "
        "innkjøring for varebiler, helst i Bærum. Har kommunen oversikt over ledige næringslokaler?",
        CLOSED,
        [
            (
                5,
                "answer",
                "Takk for henvendelsen. Vi har sendt deg oversikten over ledige lokaler fra næringsmeglerne i "
                "Bærum, og to av dem på Industriveien har innkjøring og lager. Si fra om du vil at vi skal ta "
                "kontakt med utleier.",
            ),
            (30, "reply", "Takk! Vi tar kontakt med utleier på Industriveien selv."),
        ],
    ),
    (
        231 * 24,
        T.ESTABLISHING,
        ("Sofie Lund", "sofie.lund@epost.example", "+47 917 22 310"),
        "",
        "Sofies sykkelverksted (planlagt)",
        "Jeg vil starte et sykkelverksted i Sandvika og lurer på om jeg bør velge enkeltpersonforetak eller AS. "
        "Kan jeg få etablererveiledning?",
        CLOSED,
        [
            (
                20,
                "answer",
                "Så hyggelig! Vi har gratis etablererveiledning hver tirsdag. Jeg har satt av tirsdag 14. kl. 10 "
                "til deg på rådhuset. Ta gjerne med et enkelt budsjett, så går vi gjennom organisasjonsform, "
                "mva og forsikringer.",
            )
        ],
    ),
    (
        224 * 24,
        T.PERMITS,
        ("Kayse Günther Greging", "post@grinigolfcafe.example", "+47 922 11 400"),
        "920052614",
        "",
        "Vi driver kafeen på Grini golfbane og vil søke skjenkebevilling for øl og vin til sommersesongen. "
        "Hva må søknaden inneholde, og hvor lang er saksbehandlingstiden?",
        CLOSED,
        [
            (
                28,
                "answer",
                "Søknaden sendes gjennom kommunens søknadsportal. Du trenger etablererprøven og kunnskapsprøven, "
                "skatteattest, firmaattest og en plantegning av serveringsstedet. Saksbehandlingstiden er normalt "
                "8–10 uker fordi politiet og skatteetaten skal uttale seg, så søk gjerne snart.",
            )
        ],
    ),
    (
        215 * 24,
        T.FUNDING,
        OTHER_OWNER,
        "812844822",
        "",
        "Vi vil bytte ut to dieselbiler med elektriske lastebiler. Finnes det støtteordninger vi kan søke, og kan "
        "kommunen hjelpe med lading på depotet i Asker?",
        CLOSED,
        [
            (
                50,
                "answer",
                "Enova har en ordning for elektriske lastebiler som dekker en del av merkostnaden, og den gir også "
                "støtte til ladeinfrastruktur. Søknaden må sendes før dere bestiller bilene. Ladepunktet på depotet "
                "kan kreve en søknad om tiltak hvis det blir ny nettstasjon; send oss tegningen når dere har den.",
            )
        ],
    ),
    (
        201 * 24,
        T.PROCUREMENT,
        ("Maria Aaby", "maria@aabyeiendom.example", ""),
        "932607786",
        "",
        "Vi vil gjerne leie ut lokaler til kommunen. Hvordan får vi vite når kommunen trenger nye lokaler, og må "
        "vi gjennom en anbudskonkurranse?",
        ANSWERED,
        [
            (
                70,
                "answer",
                "Når kommunen leier lokaler, er det unntatt fra anbudsreglene, men vi annonserer behovet likevel "
                "for å få flere tilbud. Følg med på Doffin og kommunens side for markedsdialog. Vi har lagt dere "
                "til i listen over utleiere vi sender behov til.",
            )
        ],
    ),
    (
        190 * 24,
        T.COMPETENCE,
        OWNER,
        "925321141",
        "",
        "Vi har problemer med å få tak i renholdere med fagbrev. Har kommunen eller NAV ordninger for "
        "opplæring eller lærlinger i renholdsfaget?",
        ANSWERED,
        [
            (
                26,
                "answer",
                "NAV har ordninger for opplæring i bedrift, og fylkeskommunen formidler lærlinger i "
                "renholdsoperatørfaget. Jeg har satt deg i kontakt med NAV Bærums markedskontakt, som ringer deg "
                "denne uken.",
            )
        ],
    ),
    (
        176 * 24,
        T.PLANNING,
        ("Eirik Sohlberg", "eirik@sohlberg-toftenes.example", "+47 934 55 120"),
        "961744687",
        "",
        "En kunde vil bygge på en etasje på et næringsbygg på Billingstad. Reguleringsplanen er fra 1987. "
        "Kan vi få en forhåndskonferanse med byggesak før vi sender søknad?",
        CLOSED,
        [
            (
                3,
                "answer",
                "Ja, det anbefaler vi. Bestill forhåndskonferanse gjennom byggesaksavdelingens skjema og legg ved "
                "skisser og situasjonsplan. Jeg har varslet byggesak om at saken kommer, og de har tid om to uker.",
            )
        ],
    ),
    (
        163 * 24,
        T.OTHER,
        ("Jon Vik", "jon.vik@epost.example", ""),
        "",
        "",
        "Gatelyset utenfor butikkene i Bekkestua har vært slukket i tre uker. Hvem skal vi melde fra til?",
        CLOSED,
        [
            (
                2,
                "answer",
                "Takk for at du sier fra. Gatelys meldes i kommunens feilmeldingstjeneste for vei. Jeg har meldt "
                "det videre for deg, og de regner med å rette det denne uken.",
            )
        ],
    ),
    (
        150 * 24,
        T.ESTABLISHING,
        ("Amina Yusuf", "amina.yusuf@epost.example", "+47 458 90 221"),
        "",
        "Catering med somalisk mat (planlagt)",
        "Jeg lager mat til selskaper i nærmiljøet og vil gjøre det til en bedrift. Trenger jeg godkjent kjøkken, og "
        "hvor kan jeg leie et?",
        ANSWERED,
        [
            (
                45,
                "answer",
                "Mat som selges må lages på et kjøkken som er registrert hos Mattilsynet. Flere "
                "forsamlingslokaler i Asker leier ut kjøkken per dag; jeg sender deg listen. Du er også velkommen "
                "på etablererkurset 3. mars, der mattrygghet og registrering er tema.",
            )
        ],
    ),
    (
        138 * 24,
        T.PREMISES,
        ("Stian Magnussen", "stian@magnusseninvest.example", ""),
        "979177461",
        "",
        "Vi eier en tomt på Holmen som er regulert til næring. Vi vurderer å bygge et lager- og "
        "kontorbygg, og vil gjerne vite om kommunen kjenner til virksomheter som leter etter slike lokaler.",
        ANSWERED,
        [
            (
                96,
                "answer",
                "Vi har flere henvendelser fra virksomheter som trenger lager nær E18, særlig innen transport og "
                "bygg. Vi tar gjerne et møte der dere presenterer planene, så kan vi formidle kontakt med dem som "
                "har gitt samtykke til det.",
            )
        ],
    ),
    (
        126 * 24,
        T.PERMITS,
        ("Liv Haslum", "liv@haslumgard.example", "+47 902 33 876"),
        "980878872",
        "",
        "Vi vil selge kjøtt fra egen gård i et gårdsutsalg. Trenger vi tillatelse fra kommunen, eller holder det "
        "med Mattilsynet?",
        ANSWERED,
        [
            (
                31,
                "answer",
                "Et gårdsutsalg i eksisterende bygning krever som regel ikke byggesøknad, men bruksendring kan gjøre "
                "det hvis bygningen brukes til noe annet i dag. Mattilsynet må godkjenne salg av kjøtt. Send oss "
                "gjerne adressen og hvilken bygning det gjelder, så sjekker vi reguleringen.",
            ),
            (60, "reply", "Det gjelder den gamle stabburet ved tunet, gnr. 42 bnr. 7."),
            (
                80,
                "answer",
                "Takk. Stabburet ligger i LNF-område, og et lite gårdsutsalg regnes som tilleggsnæring. Dere "
                "trenger ikke søke om bruksendring så lenge salget er fra egen gård.",
            ),
        ],
    ),
    (
        112 * 24,
        T.FUNDING,
        ("Thomas Toftenes", "thomas@exceleritvinnovation.example", ""),
        "916949898",
        "",
        "Vi utvikler en sensor for vannlekkasjer og er klare for pilot. Hvilke ordninger finnes for "
        "oppstartsbedrifter i Asker, og kan kommunen være pilotkunde?",
        ANSWERED,
        [
            (
                120,
                "answer",
                "Innovasjon Norges oppstartstilskudd passer for dere, og fylkets regionale næringsfond har en "
                "runde med frist i april. Kommunens eiendomsavdeling er interessert i en pilot i to skoler; det "
                "må gjøres som en innovativ anskaffelse, og vi kan hjelpe med markedsdialogen.",
            )
        ],
    ),
    (
        101 * 24,
        T.PROCUREMENT,
        OWNER,
        "925321141",
        "",
        "Kommunen skal lyse ut renholdsavtalen for barnehagene. Blir den delt opp slik at mindre bedrifter kan gi "
        "tilbud på enkelte barnehager?",
        ANSWERED,
        [
            (
                8,
                "answer",
                "Innkjøpsavdelingen planlegger å dele avtalen i fire geografiske delkontrakter, nettopp for at "
                "mindre leverandører skal kunne delta. Det blir et dialogmøte for leverandører før utlysningen; "
                "jeg har meldt dere på.",
            )
        ],
    ),
    (
        92 * 24,
        T.COMPETENCE,
        ("Helene Cubus", "hr.asker@cubus.example", ""),
        "939522719",
        "",
        "Vi åpner ny butikk i Asker sentrum og trenger 12 medarbeidere. Samarbeider kommunen med NAV om rekrutteringsdager?",
        CLOSED,
        [
            (
                22,
                "answer",
                "Ja, NAV Asker arrangerer rekrutteringstreff for varehandelen hver måned. Jeg har sendt "
                "henvendelsen til markedskontakten der, som tar kontakt for å avtale et eget treff for dere.",
            )
        ],
    ),
    (
        80 * 24,
        T.PLANNING,
        ("Geir Helland", "geir@hellandark.example", "+47 915 66 001"),
        "930214191",
        "",
        "Vi har sendt en byggesøknad for et næringsbygg på Fornebu, men har ikke hørt noe på 14 uker. Kan "
        "næringsavdelingen hjelpe oss å finne ut hvor saken står?",
        ANSWERED,
        [
            (
                6,
                "answer",
                "Jeg har snakket med byggesak. Saken venter på uttalelse fra vegvesenet om avkjørselen, og de har "
                "purret. Saksbehandleren ringer deg i morgen med ny dato.",
            )
        ],
    ),
    (
        70 * 24,
        T.ESTABLISHING,
        ("Oskar Berg", "oskar.berg@epost.example", ""),
        "",
        "Bryggeri i Asker (idé)",
        "Jeg og to venner vil starte et lite bryggeri. Finnes det næringshage eller felles lokaler for gründere i Asker?",
        ANSWERED,
        [
            (
                18,
                "answer",
                "Næringshagen i Asker har kontorplasser, men ikke produksjonslokaler. For bryggeri må lokalet "
                "være regulert til industri eller lager; vi har sendt dere tre alternativer på Holmen og "
                "Billingstad. Husk også at salg av øl krever salgsbevilling fra kommunen.",
            )
        ],
    ),
    (
        58 * 24,
        T.PREMISES,
        OTHER_OWNER,
        "812844822",
        "",
        "Vi trenger oppstillingsplass for fire lastebiler over natten, helst nær Slependen. Har kommunen areal som kan leies ut?",
        ANSWERED,
        [
            (
                140,
                "answer",
                "Kommunen har ikke ledig areal akkurat der, men Statens vegvesen leier ut en del av "
                "kollektivterminalen på Slependen. Jeg har sendt dere kontaktpersonen.",
            )
        ],
    ),
    (
        47 * 24,
        T.PERMITS,
        ("Kjell Hansen", "kjell@kjell-co.example", ""),
        "815420292",
        "",
        "Vi vil ha en midlertidig salgsbod utenfor butikken på Bekkestua i desember. Må vi søke om bruk av offentlig areal?",
        CLOSED,
        [
            (
                4,
                "answer",
                "Ja, det er en søknad om leie av offentlig grunn. Den behandles på om lag to uker. Legg ved en "
                "skisse som viser at fortauet fortsatt er minst to meter bredt.",
            )
        ],
    ),
    (
        38 * 24,
        T.FUNDING,
        ("Ingrid Sand", "ingrid@strandplanteplan.example", ""),
        "932167867",
        "",
        "Kan en liten hagebedrift søke om støtte til å kjøpe en elektrisk gravemaskin? Vi har tre ansatte.",
        ANSWERED,
        [
            (
                12,
                "answer",
                "Enova gir støtte til utslippsfrie anleggsmaskiner også til små bedrifter. Klimasatsmidlene "
                "gjelder bare kommuner, så Enova er rett sted. Jeg har sendt deg lenken og en mal for søknaden.",
            )
        ],
    ),
    (
        29 * 24,
        T.OTHER,
        ("Morten Korsbøen", "morten@korsboen.example", ""),
        "927432625",
        "",
        "Vi er en liten databutikk og vurderer å flytte virksomheten til Drammen fordi parkeringen ved butikken "
        "blir fjernet. Er det noe kommunen kan gjøre?",
        OPEN,
        [],
    ),
    (
        22 * 24,
        T.PROCUREMENT,
        ("Lene Moe", "lene@cfo-tjenester.example", ""),
        "922213178",
        "",
        "Vi tilbyr regnskapstjenester og vil gjerne levere til kommunens foretak. Hvordan blir vi kvalifisert som leverandør?",
        ANSWERED,
        [
            (
                48,
                "answer",
                "Kommunen har ingen egen kvalifiseringsordning; hver konkurranse har sine krav. Registrer dere "
                "på Doffin med varsling for regnskapstjenester, og meld dere gjerne på leverandørkonferansen i "
                "mai.",
            )
        ],
    ),
    (
        15 * 24,
        T.COMPETENCE,
        OWNER,
        "925321141",
        "",
        "Flere av våre ansatte ønsker norskkurs. Vet dere om kurs på kveldstid som bedriften kan betale for?",
        ANSWERED,
        [
            (
                27,
                "answer",
                "Voksenopplæringen i Bærum har kveldskurs i norsk på nivå A2 til B2, og bedrifter kan kjøpe plasser. "
                "Kompetanse Norge har også en ordning, Kompetansepluss arbeid, som dekker kurs på arbeidsplassen.",
            ),
            (40, "reply", "Supert, vi melder på fire ansatte til kurset som starter i januar."),
        ],
    ),
    (
        11 * 24,
        T.PLANNING,
        ("Per Toftenes", "per@hilleren.example", "+47 920 11 554"),
        "927232766",
        "",
        "Vi planlegger omregulering av et område på Hilleren fra landbruk til næring. Hvordan foreslår vi det i "
        "rulleringen av kommuneplanen?",
        OPEN,
        [],
    ),
    (
        8 * 24,
        T.ESTABLISHING,
        ("Nadia Rahimi", "nadia.rahimi@epost.example", ""),
        "",
        "Frisørsalong (planlagt)",
        "Jeg er utdannet frisør og vil starte egen salong i Sandvika. Hvor begynner jeg, og finnes det oppstartsstøtte?",
        ANSWERED,
        [
            (
                9,
                "answer",
                "Start med etablererveiledningen: vi har ledige tider neste uke, og jeg har sendt deg en "
                "invitasjon. Oppstartsstøtte fra NAV kan være aktuelt hvis du i dag mottar dagpenger; ta det opp "
                "med veilederen din der.",
            )
        ],
    ),
    (
        6 * 24,
        T.FUNDING,
        OTHER_OWNER,
        "812844822",
        "",
        "Vi vurderer å investere i et nytt kjølelager. Kan det regionale næringsfondet gi lån eller tilskudd til "
        "slike investeringer?",
        OPEN,
        [],
    ),
    (
        4 * 24,
        T.PERMITS,
        ("Anders Vannperlen", "anders@vannperlen.example", ""),
        "993961175",
        "",
        "Vi vil søke om salgsbevilling for øl i butikken. Hvilke krav stilles til styrer og stedfortreder?",
        ANSWERED,
        [
            (
                30,
                "answer",
                "Styrer og stedfortreder må være over 20 år, ha bestått kunnskapsprøven om alkoholloven og ha god "
                "vandel. Søknaden sendes i søknadsportalen med skatteattest og firmaattest.",
            )
        ],
    ),
    (
        3 * 24,
        T.PREMISES,
        ("Camilla Storebrand", "camilla@storebrandfacilities.example", ""),
        "924353554",
        "",
        "Vi har 1 200 m² ledige kontorer på Lysaker fra 1. mars og vil gjerne at kommunen viser dem til "
        "virksomheter som leter etter lokaler.",
        OPEN,
        [],
    ),
    (
        30,
        T.OTHER,
        ("Sara Foss", "sara.foss@epost.example", ""),
        "",
        "",
        "Jeg har en nettbutikk hjemmefra og lurer på om jeg må registrere noe hos kommunen når jeg begynner å "
        "ta imot kunder hjemme.",
        NEW,
        [],
    ),
    (
        20,
        T.PREMISES,
        OWNER,
        "925321141",
        "",
        "Vi trenger et vaskeri- og lagerlokale på rundt 150 m² i Bærum, med vann og avløp. Vet dere om noe "
        "ledig, eller om noen av utleierne dere samarbeider med har noe?",
        NEW,
        [],
    ),
    (
        6,
        T.PLANNING,
        ("Rune Ramstad", "rune@ramstadbygg.example", "+47 988 70 120"),
        "971509279",
        "",
        "Vi har fått avslag på dispensasjon for et lagerbygg i Lommedalen og vil gjerne forstå hva som skal til "
        "for å få det godkjent. Kan vi få et møte med kommunen?",
        NEW,
        [],
    ),
    (
        3,
        T.OTHER,
        ("Hilde Granlund", "hilde@grinihandel.example", ""),
        "",
        "Gründernettverk i Bærum (planlagt)",
        "Vi vil starte et nettverk for kvinnelige gründere i Bærum og lurer på om kommunen kan låne oss et "
        "møterom én kveld i måneden.",
        NEW,
        [],
    ),
]


@transaction.atomic
def load(users: dict) -> dict[str, int]:
    now = timezone.now()
    businesses = {
        b.orgnr: b for b in Business.objects.filter(orgnr__in={row[3] for row in ENQUIRIES if row[3]}).only("pk", "orgnr")
    }
    for hours_ago, topic, sender, orgnr, organisation, message, state, thread in ENQUIRIES:
        if isinstance(sender, str):
            user = users.get(sender)
            if user is None:
                continue
            name, email, phone = user.name, user.email, ""
        else:
            user, (name, email, phone) = None, sender
        if Enquiry.objects.filter(sender_email=email, message=message).exists():
            continue
        received = now - datetime.timedelta(hours=hours_ago)
        adviser = users.get(ROUTED_TO[topic])
        enquiry = Enquiry.objects.create(
            topic=topic,
            business=businesses.get(orgnr),
            user=user,
            sender_name=name,
            sender_email=email,
            sender_phone=phone,
            sender_organisation=organisation,
            message=message,
            language="nb",
            consent_text=_consent_text(),
            state=state,
            assigned_to=adviser,
        )
        first_answer = None
        last = received
        for after_hours, direction, body in thread:
            at = received + datetime.timedelta(hours=after_hours)
            answer = direction == "answer"
            entry = EnquiryMessage.objects.create(
                enquiry=enquiry,
                direction=EnquiryMessage.Direction.ANSWER if answer else EnquiryMessage.Direction.REPLY,
                author=adviser if answer else user,
                body=body,
                sent_to=email if answer else "",
            )
            EnquiryMessage.objects.filter(pk=entry.pk).update(created=at)
            if answer and first_answer is None:
                first_answer = at
            last = max(last, at)
        Enquiry.objects.filter(pk=enquiry.pk).update(
            created=received,
            reference=f"{timezone.localdate(received).year}-{enquiry.pk:06d}",
            first_answered_at=first_answer,
            closed_at=last + datetime.timedelta(days=2) if state == CLOSED else None,
        )
    return {"enquiries": Enquiry.objects.count()}


def _consent_text() -> str:
    from django.utils import translation

    with translation.override("nb"):
        return str(CONSENT_TEXT)
