//! Writes the synthetic sample exports in `data/`: `cargo run --example generate_sample_data -- data`.
//!
//! Nine yearly exports, 2014–2022, as Questback might have delivered them: Windows-1252, UTF-8 with
//! and without BOM, UTF-16LE; `;`, `,` and TAB; Essentials and EFS layouts; aliases, an incomplete
//! response, resubmissions, a test response and a suspended one. The per-year sums of `hospitants` and
//! `hospitant_municipalities` are the published Tabell 1, and the `rnd_institutions` ticks of 2017 and
//! 2018 the published Tabell 2. Everything else is drawn from a fixed-seed generator: the output is
//! the same on every run. Nothing in it is real data.

#[path = "common/rng.rs"]
mod rng;

use rng::Rng;
use std::path::Path;

// ---- the published figures ------------------------------------------------------------------------

/// A centre's report of one year: (centre as written in that year's export, hospitants, municipalities).
type Visits = (&'static str, &'static str, u32);
/// The institutions one centre ticked: (canonical centre name, option ids).
type Ticked = (&'static str, &'static [&'static str]);

/// Per year, every centre's hospitants and municipalities.
const HOSPITANTS: [(i32, &[Visits]); 9] = [
    (
        2014,
        &[
            ("Frisklivssentralen Aktiv Eiker", "42", 11),
            ("Alstadhaug", "28", 8),
            ("Modum kommune", "46", 12),
            ("Stavanger", "31", 7),
            ("Verdal", "31", 7),
        ],
    ),
    (
        2015,
        &[
            ("Aktiv Eiker", "40", 12),
            ("Alstahaug", "33", 10),
            ("Modum", "48", 13),
            ("Stavanger kommune", "35", 9),
            ("Verdal", "30", 9),
        ],
    ),
    (
        2016,
        &[
            ("Aktiv Eiker (Øvre Eiker)", "44", 8),
            ("Alstahaug", "30", 7),
            ("Modum", "52", 9),
            ("Stavanger", "38", 7),
            ("Verdal kommune", "34", 7),
        ],
    ),
    (
        2017,
        &[
            ("Alstahaug", "14", 4),
            ("Modum", "ca. 30", 6),
            ("Stavanger", "22", 5),
            ("Verdal", "18", 5),
            ("Bergen", "25", 6),
            ("Drammen kommune", "20", 5),
            ("Lenvik", "12", 3),
            ("Kristiansand", "16", 4),
            ("Friskliv og mestring Kristiansund", "14", 4),
            ("Sør-Varanger", "10", 2),
        ],
    ),
    (
        2018,
        &[
            ("Alstahaug", "12", 4),
            ("Modum", "24", 6),
            ("Stavanger", "18", 5),
            ("Verdal", "15", 5),
            ("Bergen", "20", 6),
            ("Drammen", "17", 5),
            ("Lenvik", "10", 4),
            ("Kristiansand", "13", 4),
            ("Kristiansund", "12", 4),
            ("Sør-Varanger", "9", 3),
        ],
    ),
    (
        2019,
        &[
            ("Alstahaug", "22", 4),
            ("Modum", "40", 6),
            ("Stavanger", "30", 5),
            ("Verdal", "26", 5),
            ("Bergen", "35", 6),
            ("Drammen", "30", 5),
            ("Lenvik", "18", 3),
            ("Kristiansand", "24", 4),
            ("Kristiansund", "20", 4),
            ("Sør-Varanger", "15", 3),
        ],
    ),
    (
        2020,
        &[
            ("Alstahaug", "5", 3),
            ("Modum", "10", 3),
            ("Stavanger", "8", 3),
            ("Verdal", "7", 3),
            ("Bergen", "9", 3),
            ("Drammen", "8", 3),
            ("Senja (tidligere Lenvik)", "4", 2),
            ("Kristiansand", "6", 3),
            ("Kristiansund", "4", 2),
        ],
    ),
    (
        2021,
        &[
            ("Alstahaug", "6", 1),
            ("Modum", "11", 2),
            ("Stavanger", "9", 2),
            ("Verdal", "8", 2),
            ("Bergen", "10", 2),
            ("Drammen", "8", 1),
            ("Senja", "4", 1),
            ("Kristiansand", "6", 1),
            ("Kristiansund", "5", 1),
        ],
    ),
    (
        2022,
        &[
            ("Alstahaug", "9", 2),
            ("Modum", "16", 3),
            ("Stavanger", "13", 3),
            ("Verdal", "11", 3),
            ("Bergen", "14", 3),
            ("Drammen", "12", 3),
            ("Senja kommune", "7", 2),
            ("Kristiansand", "9", 2),
            ("Kristiansund", "8", 2),
            ("Sør-Varanger kommune", "5", 2),
        ],
    ),
];

/// Tabell 2: the institutions each centre ticked in 2017 and 2018 (by canonical centre name).
const INSTITUTIONS: [(i32, &[Ticked]); 2] = [
    (
        2017,
        &[
            ("Alstahaug", &["ntnu", "other"]),
            ("Modum", &["ntnu", "usn"]),
            ("Stavanger", &["uib", "uis", "hvl", "other"]),
            ("Verdal", &["ntnu", "nord"]),
            ("Bergen", &["uib", "hvl"]),
            ("Drammen", &["uia", "other"]),
            ("Lenvik", &[]),
            ("Kristiansand", &["uia"]),
            ("Kristiansund", &["ntnu", "hvl", "other"]),
            ("Sør-Varanger", &[]),
        ],
    ),
    (
        2018,
        &[
            ("Alstahaug", &["ntnu", "uit", "nord", "other"]),
            ("Modum", &["ntnu", "usn", "other"]),
            ("Stavanger", &["uib", "uis", "hvl", "other"]),
            ("Verdal", &["ntnu", "other"]),
            ("Bergen", &["uib", "hvl", "other"]),
            ("Drammen", &["usn", "uia"]),
            ("Lenvik", &["uit", "other"]),
            ("Kristiansand", &["uia"]),
            ("Kristiansund", &["ntnu", "hvl", "uib"]),
            ("Sør-Varanger", &["uit", "ntnu"]),
        ],
    ),
];

// ---- the forms' options, as the exports label them ----------------------------------------------------

type Options = &'static [(&'static str, &'static str)];

const INFO_CHANNELS_A: Options = &[
    ("strategy", "Vi har en egen kommunikasjonsstrategi"),
    ("action_plan", "Vi har handlingsplan for informasjonsspredning"),
    ("regional_media", "Vi har bidratt til regionale/nasjonale medieoppslag"),
    ("local_media", "Vi har regelmessig bidratt aktivt til oppslag i lokale medier"),
    ("column", "Vi har fast spalteplass i ulike medier"),
    ("talks", "Foredrag/presentasjoner på regionale konferanser o.l."),
    ("homepage", "Vi har egen nettside som oppdateres regelmessig"),
    ("social_media", "Vi benytter sosiale medier regelmessig"),
    ("other", "Annet"),
    ("none", "Har ikke drevet systematisk informasjonsarbeid"),
];
const TARGET_GROUPS: Options = &[
    ("politicians", "Politikere"),
    ("decision_makers", "Beslutningstakere"),
    ("gps", "Fastleger og annet helsepersonell i primærhelsetjenesten"),
    ("specialist", "Spesialisthelsetjenesten"),
    ("partners", "Samarbeidspartnere i og utenfor helsetjenesten"),
    ("nav", "NAV"),
    ("press", "Presse"),
    ("public", "Befolkningen"),
    ("none", "Ingen"),
    ("other", "Andre"),
];
const DRIVER_ROLE: Options = &[
    ("county_dialogue", "Vi har dialog med Fylkesmannen om temaet"),
    ("talks", "Vi har holdt innlegg på regionale samlinger"),
    ("guidance", "Vi har veiledet kommuner i etableringsfasen"),
    ("other", "Annet"),
];
const HOSPITANT_TYPES_A: Options = &[
    ("fls", "Frisklivssentraler"),
    ("students", "Studenter"),
    ("interns", "Turnusleger og turnusfysioterapeuter"),
    ("municipal_services", "Ansatte i andre (helse)tjenester i egen kommune"),
    ("specialist", "Spesialisthelsetjenesten"),
    ("private", "Enkelte private aktører"),
    ("voluntary", "Noen frivillige organisasjoner (ROS og Hjelp til selvhjelp)"),
];
const HOSPITANT_TYPES_B: Options = &[
    ("fls", "Frisklivssentraler"),
    ("school", "Elever og lærere i VGS"),
    ("students", "Helsefagstudenter"),
    ("interns", "Turnusleger og turnusfysioterapeuter"),
    (
        "municipal_services",
        "Ansatte i andre (helse)tjenester i egen kommune, somatisk og psykisk helse og miljøtjeneste",
    ),
    ("specialist", "Spesialisthelsetjenesten"),
    ("private", "Enkelte private aktører"),
    ("voluntary", "Frivillige organisasjoner/Brukerorganisasjoner"),
    ("volunteer_centre", "Frivillighetssentral"),
    ("nav", "Nav – ansatte og personer i arbeidspraksis"),
    ("gp_office", "Legesenter"),
    ("academia", "Høyskoler/Universitet"),
    ("county_governor", "Statsforvalter"),
    ("leaders", "(Nye) Ledere i kommunen"),
    ("administration", "Administrasjon, Rådmann"),
    ("coordinators", "Kreftkoordinator og Folkehelsekoordinator"),
    ("dps", "DPS"),
];
const COOPERATION: Options = &[
    ("regular_meetings", "Faste møter"),
    ("ad_hoc", "Dialog ved behov"),
    ("network", "Nettverksarbeid"),
    ("seminars", "Fagdager"),
    ("rnd", "FoU-arbeid og prosjekter"),
    ("other", "Annet"),
];
const RND_AREAS: Options = &[
    ("research", "Samarbeid med forskningsmiljø"),
    ("data", "Levert data til studier"),
    ("projects", "Egne utviklingsprosjekter"),
    ("placements", "Praksisplass for studenter"),
];
const RND_INSTITUTIONS: Options = &[
    ("ntnu", "NTNU"),
    ("uit", "Universitetet i Tromsø"),
    ("uib", "Universitetet i Bergen"),
    ("uis", "Universitetet i Stavanger"),
    ("hvl", "Høgskolen i Bergen / Høgskulen på Vestlandet"),
    ("uia", "Universitetet i Agder"),
    ("usn", "Universitetet i Sørøst-Norge"),
    ("nord", "Nord universitet"),
    ("other", "Andre"),
];
const SOCIAL_PLATFORMS: Options = &[
    ("facebook", "Facebook"),
    ("instagram", "Instagram"),
    ("twitter", "Twitter/X"),
    ("youtube", "YouTube"),
    ("linkedin", "LinkedIn"),
    ("other", "Annet"),
];
const GRANT_USE: Options = &[
    ("travel", "Reiser i forbindelse med oppdrag og arrangementer"),
    ("hospitering", "Merkostnader ved hospitering"),
    ("communication", "Kommunikasjonsarbeid"),
    ("training", "Kurs og kompetanseheving"),
    ("other", "Annet"),
];

const MUNICIPALITIES: [(&str, &[&str]); 10] = [
    ("Alstahaug", &["Alstahaug", "Leirfjord", "Vefsn", "Herøy", "Dønna", "Brønnøy"]),
    ("Modum", &["Modum", "Sigdal", "Krødsherad", "Øvre Eiker", "Hole", "Ringerike"]),
    ("Stavanger", &["Stavanger", "Sandnes", "Sola", "Randaberg", "Strand", "Hå"]),
    ("Verdal", &["Verdal", "Levanger", "Steinkjer", "Inderøy", "Frosta", "Snåsa"]),
    ("Bergen", &["Bergen", "Askøy", "Øygarden", "Bjørnafjorden", "Alver", "Voss"]),
    ("Drammen", &["Drammen", "Lier", "Øvre Eiker", "Kongsberg", "Asker", "Holmestrand"]),
    ("Lenvik", &["Lenvik", "Tromsø", "Sørreisa", "Dyrøy", "Målselv", "Bardu"]),
    ("Kristiansand", &["Kristiansand", "Vennesla", "Lillesand", "Birkenes", "Iveland", "Grimstad"]),
    ("Kristiansund", &["Kristiansund", "Averøy", "Aure", "Smøla", "Tingvoll", "Molde"]),
    ("Sør-Varanger", &["Sør-Varanger", "Vadsø", "Nesseby", "Båtsfjord", "Vardø", "Tana"]),
];

/// What the inquiries were about, as centres write it: some phrases a codebook sorts, some it does
/// not (one draw of the generator each, whatever the list's length, so the numbers stay).
const TOPICS: [&str; 16] = [
    "Oppstart av frisklivssentral og organisering",
    "Kurs i endringsfokusert veiledning",
    "Bra mat-kurs og kurs i snus- og røykeslutt",
    "Dokumentasjon og kvalitetsarbeid",
    "Samarbeid med fastleger og Nav",
    "Frisklivsresept og henvisningsrutiner",
    "Tilbud til barn og familier",
    "Psykisk helse og søvn",
    "Forankring i kommuneplanen og budsjett",
    "Stillingsbeskrivelser og kompetanse for frisklivsveiledere",
    "Fag- og journalsystemer",
    "Digitale gruppetilbud under pandemien",
    "Rekruttering av deltakere via fastlegene",
    "Frisklivsdager og markedsføring",
    "Søvnkurs for ungdom",
    "Samarbeid med frivillige lag og foreninger",
];

/// What «Annet» covered, when a centre ticked it: chosen by year and centre, not drawn, so that the
/// generator's draws (and every number) stay as they were.
const OTHER_CHANNELS: [&str; 5] = [
    "Informasjonsmøter for kommuneledelsen",
    "Revidering av idébanken",
    "Fotograf til regional konferanse",
    "Stand på folkehelsekonferansen",
    "Innlegg i fagtidsskrift",
];

// ---- one response ------------------------------------------------------------------------------------

impl Rng {
    fn between(&mut self, lo: u32, hi: u32) -> u32 {
        lo + self.below(u64::from(hi - lo + 1)) as u32
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    fn ticks(&mut self, options: Options, percent: u64) -> Vec<&'static str> {
        options.iter().filter(|_| self.chance(percent)).map(|(id, _)| *id).collect()
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len() as u64) as usize]
    }
}

#[derive(Clone)]
struct Answers {
    centre: String,
    canonical: String,
    inquiries: String,
    inquiry_topics: String,
    hospitants: String,
    municipalities: String,
    municipality_names: String,
    hospitant_types: Vec<&'static str>,
    idebank_contributions: String,
    idebank_editorial: bool,
    spread_info: bool,
    info_channels: Vec<&'static str>,
    info_channels_other: String,
    info_plan: bool,
    target_groups: Vec<&'static str>,
    info_topics: String,
    homepage: bool,
    social_media: bool,
    social_platforms: Vec<&'static str>,
    driver_role: Vec<&'static str>,
    county_governor: Vec<&'static str>,
    county_governor_region: Vec<&'static str>,
    county_council: Vec<&'static str>,
    network_gatherings: String,
    cross_border: String,
    rnd_areas: Vec<&'static str>,
    rnd_institutions: Vec<&'static str>,
    centre_collaboration: bool,
    centre_collaboration_text: String,
    grant_use: Vec<&'static str>,
}

fn canonical(written: &str) -> &'static str {
    for name in [
        "Aktiv Eiker",
        "Alstahaug",
        "Alstadhaug",
        "Modum",
        "Stavanger",
        "Verdal",
        "Bergen",
        "Drammen",
        "Lenvik",
        "Senja",
        "Kristiansand",
        "Kristiansund",
        "Sør-Varanger",
    ] {
        if written.contains(name) {
            return match name {
                "Alstadhaug" => "Alstahaug",
                "Senja" => "Lenvik",
                n => n,
            };
        }
    }
    panic!("unknown centre {written}")
}

fn answers(year: i32, centre: &str, hospitants: &str, municipalities: u32, rng: &mut Rng) -> Answers {
    let key = canonical(centre);
    let pandemic = matches!(year, 2020 | 2021);
    let inquiries = if pandemic { rng.between(4, 30) } else { rng.between(15, 110) };
    let pool = MUNICIPALITIES.iter().find(|(c, _)| *c == key).map_or(&[][..], |(_, p)| *p);
    let names: Vec<&str> = pool.iter().take(municipalities as usize).copied().collect();
    let sep = ["; ", ", ", "\n"][(year as usize + key.len()) % 3];
    let institutions = INSTITUTIONS
        .iter()
        .find(|(y, _)| *y == year)
        .and_then(|(_, list)| list.iter().find(|(c, _)| *c == key))
        .map(|(_, ids)| ids.to_vec())
        .unwrap_or_else(|| rng.ticks(RND_INSTITUTIONS, 25));
    let mut hospitant_types = rng.ticks(if year < 2017 { HOSPITANT_TYPES_A } else { HOSPITANT_TYPES_B }, 30);
    if !hospitant_types.contains(&"fls") {
        hospitant_types.insert(0, "fls");
    }
    Answers {
        centre: centre.to_string(),
        canonical: key.to_string(),
        inquiries: inquiries.to_string(),
        inquiry_topics: format!("{}; {}", rng.pick(&TOPICS), rng.pick(&TOPICS)),
        hospitants: hospitants.to_string(),
        municipalities: municipalities.to_string(),
        municipality_names: names.join(sep),
        hospitant_types,
        idebank_contributions: rng.between(0, 4).to_string(),
        idebank_editorial: rng.chance(30),
        spread_info: rng.chance(90),
        info_channels: rng.ticks(&INFO_CHANNELS_A[..6], 45),
        info_channels_other: if rng.chance(30) {
            OTHER_CHANNELS[(year as usize + centre.len()) % OTHER_CHANNELS.len()].into()
        } else {
            String::new()
        },
        info_plan: rng.chance(60),
        target_groups: rng.ticks(&TARGET_GROUPS[..8], 55),
        info_topics: rng.pick(&TOPICS).to_string(),
        homepage: rng.chance(80),
        social_media: rng.chance(85),
        social_platforms: {
            let mut p = vec!["facebook"];
            p.extend(rng.ticks(&SOCIAL_PLATFORMS[1..], 30));
            p
        },
        driver_role: rng.ticks(DRIVER_ROLE, 50),
        county_governor: rng.ticks(COOPERATION, 45),
        county_governor_region: rng.ticks(COOPERATION, 25),
        county_council: rng.ticks(COOPERATION, 35),
        network_gatherings: rng.between(if pandemic { 0 } else { 2 }, 8).to_string(),
        cross_border: "Felles kurslederopplæring og nettverkssamlinger i regionen".into(),
        rnd_areas: rng.ticks(RND_AREAS, 50),
        rnd_institutions: institutions,
        centre_collaboration: rng.chance(85),
        centre_collaboration_text: "Felles fagdag og erfaringsutveksling på Teams".into(),
        grant_use: rng.ticks(GRANT_USE, 55),
    }
}

// ---- how each form lays the answers out --------------------------------------------------------------

type Get = fn(&Answers) -> String;
type GetTicks = fn(&Answers) -> Vec<&'static str>;

enum Col {
    /// A whole-column question: number, wording, value.
    One(&'static str, &'static str, Get),
    /// A tick-all-that-apply question: number, wording, options, ticked ids.
    Many(&'static str, &'static str, Options, GetTicks),
}

fn yes_no(b: bool) -> String {
    if b { "Ja" } else { "Nei" }.to_string()
}

fn form_a() -> Vec<Col> {
    vec![
        Col::Many(
            "1",
            "På hvilken måte har dere bidratt til å spre informasjon om frisklivssentraler i regionen?",
            INFO_CHANNELS_A,
            |a| {
                let mut t = a.info_channels.clone();
                if a.homepage {
                    t.push("homepage");
                }
                if a.social_media {
                    t.push("social_media");
                }
                if !a.info_channels_other.is_empty() {
                    t.push("other");
                }
                t
            },
        ),
        Col::One("1b", "Annet, evt. hva", |a| a.info_channels_other.clone()),
        Col::Many("2", "Hvem har vært målgruppe for informasjonen?", TARGET_GROUPS, |a| a.target_groups.clone()),
        Col::One("3", "Hva har vært de viktigste saker/tema for informasjonen?", |a| a.info_topics.clone()),
        Col::Many(
            "4",
            "På hvilken måte har dere vært pådriver for etablering av flere frisklivssentraler i regionen?",
            DRIVER_ROLE,
            |a| a.driver_role.clone(),
        ),
        Col::One("5", "Antall henvendelser fra kommuner og frisklivssentraler", |a| a.inquiries.clone()),
        Col::One("6", "Hva har henvendelsene handlet om?", |a| a.inquiry_topics.clone()),
        Col::One("7", "Antall personer som har hospitert", |a| a.hospitants.clone()),
        Col::One("8", "Antall kommuner som hospitantene kom fra", |a| a.municipalities.clone()),
        Col::Many("9", "Hvilke aktører har hospitert?", HOSPITANT_TYPES_A, |a| a.hospitant_types.clone()),
        Col::One("10", "Har dere faste møter med fylkeskommunen i eget fylke?", |a| {
            yes_no(a.county_council.contains(&"regular_meetings"))
        }),
        Col::Many("11", "Hvilket samarbeid har dere hatt med Fylkesmannen i eget fylke?", COOPERATION, |a| {
            a.county_governor.clone()
        }),
        Col::Many(
            "12",
            "Hvilket samarbeid har dere hatt med fylkesmenn i andre fylker i regionen?",
            COOPERATION,
            |a| a.county_governor_region.clone(),
        ),
        Col::One("13", "Antall regionale nettverkssamlinger dere har bidratt på", |a| a.network_gatherings.clone()),
        Col::One("14", "Hvordan har dere styrket samhandling på tvers av kommunegrenser?", |a| a.cross_border.clone()),
        Col::Many(
            "15",
            "Har dere deltatt i forsknings-, utdannings-, utviklings- og innovasjonsarbeid?",
            RND_AREAS,
            |a| a.rnd_areas.clone(),
        ),
        Col::One("16", "Har dere samarbeidet med de andre utviklingssentralene?", |a| yes_no(a.centre_collaboration)),
        Col::Many("17", "Hvordan har dere benyttet midlene fra Helsedirektoratet?", GRANT_USE, |a| a.grant_use.clone()),
    ]
}

fn form_b(year: i32) -> Vec<Col> {
    let mut cols = vec![
        Col::One("1.1", "Antall henvendelser fra kommuner og frisklivssentraler", |a| a.inquiries.clone()),
        Col::One("1.2", "Hvilke tema har henvendelsene handlet om?", |a| a.inquiry_topics.clone()),
        Col::One("2.1", "Antall personer som har hospitert", |a| a.hospitants.clone()),
        Col::One("2.2", "Antall kommuner hospitantene representerte", |a| a.municipalities.clone()),
    ];
    if year >= 2019 {
        cols.push(Col::One("2.3", "Hvilke kommuner kom hospitantene fra?", |a| a.municipality_names.clone()));
    }
    cols.extend([
        Col::Many("2.4", "Hvilke aktører har hospitert?", HOSPITANT_TYPES_B, |a| a.hospitant_types.clone()),
        Col::One("3.1", "Antall bidrag til Idébanken", |a| a.idebank_contributions.clone()),
        Col::One("3.2", "Har dere deltatt i redaksjonen for Idébanken?", |a| yes_no(a.idebank_editorial)),
        Col::One("4.1", "Har dere bidratt til å spre aktuell informasjon fra Helsedirektoratet?", |a| {
            yes_no(a.spread_info)
        }),
        Col::One("5.1", "Har dere en egen plan for informasjonsarbeidet?", |a| yes_no(a.info_plan)),
        Col::Many("5.2", "Hvem har vært målgruppe for informasjonen?", TARGET_GROUPS, |a| a.target_groups.clone()),
        Col::One("5.3", "Hva har vært de viktigste sakene/temaene for informasjonen?", |a| a.info_topics.clone()),
        Col::One("6.1", "Har dere egen, oppdatert hjemmeside?", |a| yes_no(a.homepage)),
        Col::One("6.2", "Bruker dere sosiale medier aktivt i informasjonsarbeidet?", |a| yes_no(a.social_media)),
        Col::Many("6.3", "Hvilke sosiale medier bruker dere?", SOCIAL_PLATFORMS, |a| a.social_platforms.clone()),
    ]);
    if year >= 2021 {
        cols.push(Col::Many("7.1", "Samarbeid med Statsforvalteren i eget fylke", COOPERATION, |a| {
            a.county_governor.clone()
        }));
        cols.push(Col::Many("7.2", "Samarbeid med statsforvaltere i andre fylker i regionen", COOPERATION, |a| {
            a.county_governor_region.clone()
        }));
    } else {
        cols.push(Col::Many("7.1", "Samarbeid med Fylkesmannen i eget fylke", COOPERATION, |a| {
            a.county_governor.clone()
        }));
        cols.push(Col::Many("7.2", "Samarbeid med fylkesmenn i andre fylker i regionen", COOPERATION, |a| {
            a.county_governor_region.clone()
        }));
    }
    cols.extend([
        Col::Many("7.3", "Samarbeid med fylkeskommunen i eget fylke", COOPERATION, |a| a.county_council.clone()),
        Col::One("7.4", "Antall regionale nettverkssamlinger dere har bidratt på", |a| a.network_gatherings.clone()),
        Col::Many("8.1", "Deltakelse i forsknings-, utdannings-, utviklings- og innovasjonsarbeid", RND_AREAS, |a| {
            a.rnd_areas.clone()
        }),
        Col::Many("8.2", "Hvilke forskningsinstitusjoner har dere samarbeidet med?", RND_INSTITUTIONS, |a| {
            a.rnd_institutions.clone()
        }),
        Col::One("9.1", "Har dere samarbeidet med de andre utviklingssentralene?", |a| yes_no(a.centre_collaboration)),
        Col::One("9.2", "Beskriv samarbeidet", |a| a.centre_collaboration_text.clone()),
        Col::Many("10.1", "Hvordan har dere benyttet midlene fra Helsedirektoratet?", GRANT_USE, |a| {
            a.grant_use.clone()
        }),
    ]);
    cols
}

// ---- export layouts ------------------------------------------------------------------------------------

/// How an Essentials export writes its headers and ticks.
struct Essentials {
    centre_header: &'static str,
    /// Formats the question number: "7. ", "Q7 ", "" …
    number: fn(&str) -> String,
    separator: &'static str,
    tick: &'static str,
}

struct Row {
    answers: Answers,
    /// (started, completed); completed empty: not completed.
    times: (String, String),
}

fn essentials(layout: &Essentials, cols: &[Col], rows: &[Row]) -> Vec<Vec<String>> {
    let mut header: Vec<String> =
        ["Respondent-ID", "E-post", "Startet", "Fullført", layout.centre_header].map(String::from).to_vec();
    for c in cols {
        match c {
            Col::One(n, w, _) => header.push(format!("{}{w}", (layout.number)(n))),
            Col::Many(n, w, opts, _) => header
                .extend(opts.iter().map(|(_, label)| format!("{}{w}{}{label}", (layout.number)(n), layout.separator))),
        }
    }
    let mut out = vec![header];
    for (i, r) in rows.iter().enumerate() {
        let a = &r.answers;
        let email =
            format!("frisklivssentralen@{}.kommune.no", a.canonical.to_lowercase().replace(' ', "").replace('ø', "o"));
        let mut line = vec![(1000 + i).to_string(), email, r.times.0.clone(), r.times.1.clone(), a.centre.clone()];
        for c in cols {
            match c {
                Col::One(_, _, get) => line.push(get(a)),
                Col::Many(_, _, opts, get) => {
                    let ticked = get(a);
                    line.extend(opts.iter().map(|(id, _)| {
                        if ticked.contains(id) {
                            layout.tick.to_string()
                        } else {
                            String::new()
                        }
                    }))
                }
            }
        }
        out.push(line);
    }
    out
}

/// An EFS row: system fields, then answers.
struct EfsRow {
    answers: Answers,
    tester: u8,
    dispcode: u16,
    datetime: String,
    last_access: String,
    /// Replace empty text answers with this missing-value code.
    empty_text: &'static str,
}

fn efs(cols: &[Col], rows: &[EfsRow], year_column: Option<i32>) -> Vec<Vec<String>> {
    let system = [
        ("number", "lfdn"),
        ("external lfdn", "external_lfdn"),
        ("tester", "tester"),
        ("disposition code", "dispcode"),
        ("last page", "lastpage"),
        ("quality", "quality"),
        ("time to complete survey", "duration"),
        ("datetime", "datetime"),
        ("date_of_last_access", "date_of_last_access"),
        ("ip_addr", "ip_addr"),
        ("browser", "browser"),
    ];
    let mut questions: Vec<String> = system.iter().map(|_| String::new()).collect();
    let mut labels: Vec<String> = system.iter().map(|(l, _)| l.to_string()).collect();
    let mut names: Vec<String> = system.iter().map(|(_, n)| n.to_string()).collect();
    let mut var = 1;
    let mut push =
        |q: &str, l: &str, questions: &mut Vec<String>, labels: &mut Vec<String>, names: &mut Vec<String>| {
            questions.push(q.to_string());
            labels.push(l.to_string());
            names.push(format!("v_{var}"));
            var += 1;
        };
    push("Utviklingssentral", "Utviklingssentral", &mut questions, &mut labels, &mut names);
    if year_column.is_some() {
        push("Rapporteringsår", "Rapporteringsår", &mut questions, &mut labels, &mut names);
    }
    for c in cols {
        match c {
            Col::One(_, w, _) => push(w, w, &mut questions, &mut labels, &mut names),
            Col::Many(_, w, opts, _) => {
                for (_, label) in opts.iter() {
                    push(w, label, &mut questions, &mut labels, &mut names);
                }
            }
        }
    }
    for page in ["rts6", "rts7"] {
        questions.push(String::new());
        labels.push(page.to_string());
        names.push(page.to_string());
    }
    let mut out = vec![questions, labels, names];
    for (i, r) in rows.iter().enumerate() {
        let a = &r.answers;
        let mut line = vec![
            (i + 1).to_string(),
            String::new(),
            r.tester.to_string(),
            r.dispcode.to_string(),
            if r.dispcode == 22 { "4" } else { "9" }.to_string(),
            String::new(),
            if r.dispcode == 32 { "-1".to_string() } else { (900 + 37 * i).to_string() },
            r.datetime.clone(),
            r.last_access.clone(),
            format!("10.20.30.{}", 10 + i),
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64)".to_string(),
            a.centre.clone(),
        ];
        if let Some(y) = year_column {
            line.push(y.to_string());
        }
        for c in cols {
            match c {
                Col::One(_, _, get) => {
                    let v = get(a);
                    line.push(if v.is_empty() { r.empty_text.to_string() } else { v });
                }
                Col::Many(_, _, opts, get) => {
                    let ticked = get(a);
                    line.extend(opts.iter().map(|(id, _)| if ticked.contains(id) { "1" } else { "0" }.to_string()));
                }
            }
        }
        line.extend([(300 + i).to_string(), (420 + i).to_string()]);
        out.push(line);
    }
    out
}

// ---- bytes ------------------------------------------------------------------------------------------------

#[derive(Clone, Copy)]
enum Bytes {
    Utf8Bom,
    Utf8,
    Utf16Le,
    Windows1252,
}

fn write(
    dir: &Path,
    name: &str,
    table: &[Vec<String>],
    delimiter: char,
    crlf: bool,
    bytes: Bytes,
    quote_all_text: bool,
) {
    let end = if crlf { "\r\n" } else { "\n" };
    let mut text = String::new();
    for row in table {
        let fields: Vec<String> = row
            .iter()
            .map(|f| {
                let needs = f.contains(delimiter) || f.contains('"') || f.contains('\n') || f.contains('\r');
                let is_text = f.chars().any(char::is_alphabetic);
                if needs || (quote_all_text && is_text) {
                    format!("\"{}\"", f.replace('"', "\"\""))
                } else {
                    f.clone()
                }
            })
            .collect();
        text.push_str(&fields.join(&delimiter.to_string()));
        text.push_str(end);
    }
    let out: Vec<u8> = match bytes {
        Bytes::Utf8Bom => [&[0xEF, 0xBB, 0xBF][..], text.as_bytes()].concat(),
        Bytes::Utf8 => text.into_bytes(),
        Bytes::Utf16Le => [0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect(),
        Bytes::Windows1252 => {
            let (b, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&text);
            assert!(!unmappable, "{name}: text outside Windows-1252");
            b.into_owned()
        }
    };
    std::fs::write(dir.join(name), out).unwrap_or_else(|e| panic!("cannot write {name}: {e}"));
}

fn year_rows(year: i32, rng: &mut Rng) -> Vec<Answers> {
    let (_, centres) = HOSPITANTS.iter().find(|(y, _)| *y == year).expect("a published year");
    centres.iter().map(|(c, h, m)| answers(year, c, h, *m, rng)).collect()
}

fn main() {
    let dir = std::env::args().nth(1).unwrap_or_else(|| "data".into());
    let dir = Path::new(&dir);
    std::fs::create_dir_all(dir).expect("cannot create the output directory");
    let mut rng = Rng(20_140_101);
    let no = |n: &str| -> String { format!("{n}. ") };

    // 2014: Windows-1252, `;`, CRLF; form A; "1. " numbers, " - " options, ticks "1".
    let rows: Vec<Row> = year_rows(2014, &mut rng)
        .into_iter()
        .enumerate()
        .map(|(i, a)| Row {
            answers: a,
            times: (format!("{:02}.02.2015 09:{:02}", 10 + i, 5 * i), format!("{:02}.02.2015 10:{:02}", 10 + i, 7 * i)),
        })
        .collect();
    let layout =
        Essentials { centre_header: "Navn på kommune/frisklivssentral", number: no, separator: " - ", tick: "1" };
    write(
        dir,
        "utviklingssentraler-2014.csv",
        &essentials(&layout, &form_a(), &rows),
        ';',
        true,
        Bytes::Windows1252,
        true,
    );

    // 2015: UTF-8 with BOM, `;`, CRLF; form A; no numbers, ": " options, ticks "X"; an incomplete response.
    let mut answers_2015 = year_rows(2015, &mut rng);
    answers_2015[3].inquiries = "10-15".into();
    let mut incomplete = answers_2015[2].clone();
    incomplete.hospitants = "12".into();
    incomplete.municipalities = "3".into();
    let mut rows: Vec<Row> = vec![Row { answers: incomplete, times: ("01.03.2016 08:30".into(), String::new()) }];
    rows.extend(answers_2015.into_iter().enumerate().map(|(i, a)| Row {
        answers: a,
        times: (format!("{:02}.03.2016 12:00", 2 + i), format!("{:02}.03.2016 13:{:02}", 2 + i, 11 * i)),
    }));
    let layout = Essentials {
        centre_header: "Navn på kommune/frisklivssentral",
        number: |_| String::new(),
        separator: ": ",
        tick: "X",
    };
    write(dir, "Rapport 2015 (1).csv", &essentials(&layout, &form_a(), &rows), ';', true, Bytes::Utf8Bom, false);

    // 2016: UTF-16LE with BOM, TAB, CRLF ("Unicode text"); form A; "Q7 " numbers; a resubmission.
    let answers_2016 = year_rows(2016, &mut rng);
    let mut first_try = answers_2016[3].clone();
    first_try.hospitants = "30".into();
    first_try.municipalities = "5".into();
    let mut rows: Vec<Row> = answers_2016
        .into_iter()
        .enumerate()
        .map(|(i, a)| Row {
            answers: a,
            times: (format!("{:02}.03.2017 09:00", 6 + i), format!("{:02}.03.2017 11:{:02}", 6 + i, 3 * i)),
        })
        .collect();
    // The corrected report comes first in the file: completion time, not file order, decides.
    rows.push(Row { answers: first_try, times: ("01.03.2017 14:00".into(), "01.03.2017 15:20".into()) });
    let layout = Essentials {
        centre_header: "Navn på kommune/frisklivssentral",
        number: |n| format!("Q{n} "),
        separator: " - ",
        tick: "Ja",
    };
    write(
        dir,
        "utviklingssentraler-2016.csv",
        &essentials(&layout, &form_a(), &rows),
        '\t',
        true,
        Bytes::Utf16Le,
        false,
    );

    // 2017: plain UTF-8, `,`, LF; form B; "1.1 " numbers; free text with quotes, commas and line breaks.
    let mut answers_2017 = year_rows(2017, &mut rng);
    answers_2017[0].inquiry_topics = "Oppstart, drift og \"Bra mat\"-kurs\nDokumentasjon av resultater".into();
    let rows: Vec<Row> = answers_2017
        .into_iter()
        .enumerate()
        .map(|(i, a)| Row {
            answers: a,
            times: (format!("2018-03-{:02} 09:00:00", 1 + i), format!("2018-03-{:02} 10:{:02}:00", 1 + i, 4 * i)),
        })
        .collect();
    let layout =
        Essentials { centre_header: "Utviklingssentral", number: |n| format!("{n} "), separator: " - ", tick: "1" };
    write(
        dir,
        "utviklingssentraler-2017.csv",
        &essentials(&layout, &form_b(2017), &rows),
        ',',
        false,
        Bytes::Utf8,
        false,
    );

    // 2018: UTF-8 with BOM, `;`, CRLF; form B; " | " options; Bergen resubmitted its report.
    let answers_2018 = year_rows(2018, &mut rng);
    let mut early = answers_2018[4].clone();
    early.hospitants = "18".into();
    early.rnd_institutions = vec!["ntnu"];
    let mut rows = vec![Row { answers: early, times: ("2019-02-18 09:00:00".into(), "2019-02-20 13:45:00".into()) }];
    rows.extend(answers_2018.into_iter().enumerate().map(|(i, a)| Row {
        answers: a,
        times: (format!("2019-03-{:02} 09:00:00", 1 + i), format!("2019-03-{:02} 11:{:02}:00", 1 + i, 5 * i)),
    }));
    let layout =
        Essentials { centre_header: "Utviklingssentral", number: |n| format!("{n} "), separator: " | ", tick: "1" };
    write(
        dir,
        "utviklingssentraler-2018.csv",
        &essentials(&layout, &form_b(2018), &rows),
        ';',
        true,
        Bytes::Utf8Bom,
        false,
    );

    // 2019: UTF-16LE with BOM, TAB, CRLF; form B with 2.3 (municipality names); "2.1) " numbers.
    let rows: Vec<Row> = year_rows(2019, &mut rng)
        .into_iter()
        .enumerate()
        .map(|(i, a)| Row {
            answers: a,
            times: (format!("2020-02-{:02} 09:00:00", 3 + i), format!("2020-02-{:02} 12:{:02}:00", 3 + i, 2 * i)),
        })
        .collect();
    let layout =
        Essentials { centre_header: "Utviklingssentral", number: |n| format!("{n}) "), separator: " - ", tick: "1" };
    write(
        dir,
        "utviklingssentraler-2019.csv",
        &essentials(&layout, &form_b(2019), &rows),
        '\t',
        true,
        Bytes::Utf16Le,
        false,
    );

    // 2020–2022: EFS, three header rows.
    let efs_rows = |year: i32, rng: &mut Rng| -> Vec<EfsRow> {
        year_rows(year, rng)
            .into_iter()
            .enumerate()
            .map(|(i, a)| EfsRow {
                answers: a,
                tester: 0,
                dispcode: 31,
                datetime: format!("{}-02-{:02} 09:{:02}:00", year + 1, 8 + i, 3 * i),
                last_access: format!("{}-02-{:02} 10:{:02}:00", year + 1, 8 + i, 4 * i),
                empty_text: "-99",
            })
            .collect()
    };

    // 2020: UTF-8 with BOM, `;`, CRLF; a test response and a suspended one.
    let mut rows = efs_rows(2020, &mut rng);
    let mut test = rows[1].answers.clone();
    test.hospitants = "999".into();
    rows.insert(
        0,
        EfsRow {
            answers: test,
            tester: 1,
            dispcode: 31,
            datetime: "2021-01-28 15:00:00".into(),
            last_access: "2021-01-28 15:05:00".into(),
            empty_text: "-99",
        },
    );
    let mut suspended = rows[5].answers.clone();
    suspended.hospitants = "2".into();
    rows.push(EfsRow {
        answers: suspended,
        tester: 0,
        dispcode: 22,
        datetime: "2021-02-20 08:00:00".into(),
        last_access: "0000-00-00 00:00:00".into(),
        empty_text: "-77",
    });
    write(dir, "utviklingssentraler-2020.csv", &efs(&form_b(2020), &rows, None), ';', true, Bytes::Utf8Bom, false);

    // 2021: an EFS download name (the export date, not the year): the year is in a column.
    let mut rows = efs_rows(2021, &mut rng);
    rows[2].dispcode = 32;
    write(
        dir,
        "data_project_1187734_2022_03_14.csv",
        &efs(&form_b(2021), &rows, Some(2021)),
        ';',
        true,
        Bytes::Utf8Bom,
        false,
    );

    // 2022: plain UTF-8, `;`, LF.
    let rows = efs_rows(2022, &mut rng);
    write(dir, "utviklingssentraler-2022.csv", &efs(&form_b(2022), &rows, None), ';', false, Bytes::Utf8, false);

    println!("wrote 9 sample exports to {}", dir.display());
}
