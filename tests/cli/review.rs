//! `friskliv review`: the answers an analyst would question before publishing. Each check flags an
//! invented case and stays silent on its near miss; what the analyst accepts stops counting.

use crate::Workdir;

const CENTRES: [&str; 6] = ["Alstahaug", "Modum", "Stavanger", "Verdal", "Bergen", "Drammen"];
const HOSPITANTS: &str = "2.1 Antall personer som har hospitert";
const HOMEPAGE: &str = "6.1 Har dere egen, oppdatert hjemmeside?";
const NTNU: &str = "8.2 Hvilke forskningsinstitusjoner har dere samarbeidet med? - NTNU";

/// One centre's answers in one year's export.
#[derive(Clone)]
struct Answers {
    hospitants: String,
    homepage: &'static str,
    ntnu: &'static str,
}

/// Six centres' exports for 2017–2020, as steady as real ones: centre `i` had `20 + 3i` hospitants
/// in 2017 and one more each year (20–40 in all), every centre has a homepage and works with NTNU.
/// `edit(year, centre)` changes one centre's answers.
fn exports(w: &Workdir, header: &[&str; 3], edit: impl Fn(i32, &str, &mut Answers)) {
    for year in 2017..=2020 {
        let mut text = format!("Utviklingssentral;Fullført;{}\n", header.join(";"));
        for (i, centre) in CENTRES.iter().enumerate() {
            let mut a =
                Answers { hospitants: (20 + 3 * i as i32 + year - 2017).to_string(), homepage: "Ja", ntnu: "1" };
            edit(year, centre, &mut a);
            text.push_str(&format!("{centre};01.03.{} 10:00;{};{};{}\n", year + 1, a.hospitants, a.homepage, a.ntnu));
        }
        w.write(&format!("{year}.csv"), &text);
    }
}

fn steady_with(edit: impl Fn(i32, &str, &mut Answers)) -> Workdir {
    let w = Workdir::new();
    exports(&w, &[HOSPITANTS, HOMEPAGE, NTNU], edit);
    w
}

fn flags(w: &Workdir) -> Vec<serde_json::Value> {
    let run = w.run(&["review", ".", "--format", "json"]);
    serde_json::from_str::<serde_json::Value>(&run.code(0).stdout).unwrap().as_array().unwrap().clone()
}

#[test]
fn steady_exports_give_nothing_to_question() {
    let w = steady_with(|_, _, _| {});
    w.run(&["review", "."]).code(0).stdout_has("review: nothing to question");
    w.run(&["review", ".", "--strict"]).code(0);
}

#[test]
fn a_count_a_digit_or_two_too_long_is_questioned_and_a_high_one_is_not() {
    // Modum (centre 1) had 23, 24 and 26 in 2017, 2018 and 2020: median 24. The other five centres
    // had 22, 28, 31, 34 and 37 in 2019: median 31. Five times the larger is 155.
    let with_modum_2019 = |value: &'static str| {
        steady_with(move |year, centre, a| {
            if (year, centre) == (2019, "Modum") {
                a.hospitants = value.into();
            }
        })
    };
    let w = with_modum_2019("2600");
    let found = flags(&w);
    assert_eq!(found.len(), 1, "{found:#?}");
    let f = &found[0];
    assert_eq!(
        (f["check"].as_str(), f["year"].as_i64(), f["centre"].as_str()),
        (Some("count"), Some(2019), Some("Modum"))
    );
    assert_eq!(
        (f["measure"].as_str(), f["value"].as_f64(), f["severity"].as_str()),
        (Some("hospitants"), Some(2600.0), Some("warning"))
    );
    assert_eq!(
        f["typical"],
        serde_json::json!({"centre_median": 24.0, "centre_years": 3, "year_median": 31.0, "year_centres": 5})
    );
    for key in ["option", "reason", "hint", "accepted"] {
        assert!(f.get(key).is_some(), "every flag has {key}");
    }
    w.run(&["review", "."]).code(0).stdout_has(
        "warning: 2019, Modum: hospitants: 2600 is far above both the centre's other years (median 24 over 3 years) and the other centres in 2019 (median 31 of 5)",
    );
    w.run(&["review", ".", "--strict"]).code(1).stderr_has("review: 1 warning(s) not accepted (--strict)");
    // The near misses: just under five times the typical; a zero (2020 and 2021 were low for all).
    assert_eq!(flags(&with_modum_2019("154")).len(), 0);
    assert_eq!(flags(&with_modum_2019("155")).len(), 1);
    assert_eq!(flags(&with_modum_2019("0")).len(), 0, "low values are never questioned on their own");
}

#[test]
fn a_confirm_of_the_cell_accepts_its_flag() {
    let w = steady_with(|year, centre, a| {
        if (year, centre) == (2019, "Modum") {
            a.hospitants = "2600".into();
        }
    });
    w.write(
        "corrections.toml",
        "[[correction]]\nid = \"modum-2019\"\nyear = 2019\ncentre = \"Modum\"\nmeasure = \"hospitants\"\n\
         old = \"2600\"\naction = \"confirm\"\nreason = \"Sentralen bekreftet 2600 (Frisklivsdagen)\"\nauthor = \"kari\"\ndate = 2020-03-20\n",
    );
    w.run(&["review", ".", "--strict"])
        .code(0)
        .stdout_has("accepted (by \"modum-2019\"): 2019, Modum: hospitants: 2600");
    assert_eq!(flags(&w)[0]["accepted"], "modum-2019");
    w.run(&["corrections", ".", "--format", "csv"]).code(0).stdout_has("modum-2019").stdout_has("applied");
}

#[test]
fn a_question_gone_silent_is_questioned_until_its_year_is_accepted() {
    // 2019's export has the homepage question reworded: no column maps to it, and no centre answers.
    let w = Workdir::new();
    exports(&w, &[HOSPITANTS, HOMEPAGE, NTNU], |_, _, _| {});
    let text = std::fs::read_to_string(w.path("2019.csv"))
        .unwrap()
        .replace("oppdatert hjemmeside", "hjemmeside som oppdateres");
    w.write("2019.csv", &text);
    let found = flags(&w);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!((found[0]["check"].as_str(), found[0]["year"].as_i64()), (Some("silent"), Some(2019)));
    assert_eq!((found[0]["centre"].is_null(), found[0]["measure"].as_str()), (true, Some("homepage")));
    // The years around: up to two years away, with reports (the exports end in 2020).
    assert_eq!(found[0]["typical"], serde_json::json!({"years": [2017, 2018, 2020], "share": 1.0}));
    w.run(&["review", ".", "--strict"]).code(1);
    // Accepted for the year, it no longer fails; an [[accept]] that matches nothing is said.
    let accept = |id: &str, year: i32| {
        format!(
            "[[accept]]\nid = \"{id}\"\ncheck = \"silent\"\nyear = {year}\nmeasure = \"homepage\"\n\
             reason = \"Spørsmålet ble tatt ut av skjemaet i 2019\"\nauthor = \"kari\"\ndate = 2020-03-20\n"
        )
    };
    w.write("corrections.toml", &(accept("uten-hjemmeside-2019", 2019) + &accept("gammel", 2018)));
    w.run(&["review", ".", "--strict"])
        .code(0)
        .stdout_has("accepted (by \"uten-hjemmeside-2019\"): 2019: homepage: no centre answered it in 2019, though form B asked it and 100 % of the centres answered it in 2017, 2018 and 2020")
        .stdout_has("note: corrections.toml:9: [[accept]] \"gammel\" matches no flag");
}

#[test]
fn a_question_silent_for_all_but_one_centre_is_not_questioned() {
    let w = steady_with(|year, centre, a| {
        if year == 2019 && centre != "Verdal" {
            a.homepage = "";
        }
    });
    assert_eq!(flags(&w).len(), 0, "one centre answered in 2019");
    let w = steady_with(|year, _, a| {
        if year == 2019 {
            a.homepage = "";
        }
    });
    assert_eq!(flags(&w)[0]["check"], "silent", "the column exported empty");
}

#[test]
fn a_question_answered_where_no_year_around_has_answers_is_questioned() {
    // Only 2019's export has the question of the municipalities hospitants came from (form B asks
    // it every year): a column mapped to the wrong question?
    let w = Workdir::new();
    exports(&w, &[HOSPITANTS, HOMEPAGE, NTNU], |_, _, _| {});
    let text = std::fs::read_to_string(w.path("2019.csv")).unwrap();
    let with_column: String =
        text.lines()
            .enumerate()
            .map(|(i, l)| {
                if i == 0 {
                    format!("{l};2.2 Antall kommuner hospitantene representerte\n")
                } else {
                    format!("{l};3\n")
                }
            })
            .collect();
    w.write("2019.csv", &with_column);
    let found = flags(&w);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(
        (found[0]["check"].as_str(), found[0]["measure"].as_str()),
        (Some("sudden"), Some("hospitant_municipalities"))
    );
    assert_eq!(found[0]["value"], 1.0);
    // The near miss: half the centres (not most) answer it in 2019.
    let half: String = with_column
        .lines()
        .enumerate()
        .map(|(i, l)| if i > 3 { format!("{}\n", l.trim_end_matches('3')) } else { format!("{l}\n") })
        .collect();
    w.write("2019.csv", &half);
    assert_eq!(flags(&w).len(), 0);
}

#[test]
fn a_share_that_flips_is_questioned_and_one_that_drops_is_not() {
    // NTNU is ticked by all six centres, then by none in 2019, then by all again: two flips.
    let w = steady_with(|year, _, a| {
        if year == 2019 {
            a.ntnu = "";
        }
    });
    let found = flags(&w);
    let flips: Vec<(i64, f64)> = found
        .iter()
        .filter(|f| f["check"] == "flip")
        .map(|f| (f["year"].as_i64().unwrap(), f["value"].as_f64().unwrap()))
        .collect();
    assert_eq!(flips, [(2019, 0.0), (2020, 1.0)]);
    assert_eq!(found[0]["option"], "ntnu");
    assert_eq!(found[0]["typical"], serde_json::json!({"year": 2018, "share": 1.0}));
    // The near miss: one centre of six (17 %) still ticks it in 2019.
    let w = steady_with(|year, centre, a| {
        if year == 2019 && centre != "Bergen" {
            a.ntnu = "";
        }
    });
    assert_eq!(flags(&w).len(), 0);
}

#[test]
fn the_sample_data_gives_the_review_nothing_to_question() {
    // data/ reproduces the published tables, pandemic years (61 and 67 hospitants) included.
    let d = crate::sample_data();
    Workdir::new().run(&["review", d.to_str().unwrap(), "--strict"]).code(0).stdout_has("review: nothing to question");
}

#[test]
fn a_spec_report_names_the_flags_nobody_accepted() {
    let w = steady_with(|year, centre, a| {
        if (year, centre) == (2019, "Modum") {
            a.hospitants = "2600".into();
        }
    });
    w.write("spec.toml", "inputs = [\".\"]\n[[table]]\nname = \"t\"\nmeasures = [\"hospitants\"]\n");
    w.run(&["report", "--spec", "spec.toml", "--format", "csv"])
        .code(0)
        .stderr_has("; review: 1 flag not accepted (friskliv review lists it)");
}
