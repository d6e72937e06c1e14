//! friskliv's integration tests: one binary (polars makes every extra test binary a long link).
//! Each test writes its fixtures inline into a temporary directory and runs the real `friskliv`.

mod against;
mod config;
mod corrections;
mod coverage;
mod document;
mod encodings;
mod fuzzed;
mod golden;
mod layouts;
mod malformed;
mod misreads;
mod onboarding;
mod outputs;
mod report;
mod review;
mod rows;
mod sample_data;
mod spreadsheets;
mod terminal;
mod themes;

use std::path::{Path, PathBuf};

/// A temporary working directory with fixtures, in which `friskliv` runs.
pub struct Workdir {
    dir: tempfile::TempDir,
}

/// What one run printed and how it ended.
#[derive(Debug)]
pub struct Run {
    pub stdout: String,
    pub stderr: String,
    pub code: i32,
}

impl Run {
    /// Panics with the whole run unless the exit code is `code`.
    #[track_caller]
    pub fn code(&self, code: i32) -> &Run {
        assert_eq!(self.code, code, "exit code\n--- stdout\n{}\n--- stderr\n{}", self.stdout, self.stderr);
        self
    }

    #[track_caller]
    pub fn stdout_has(&self, s: &str) -> &Run {
        assert!(
            self.stdout.contains(s),
            "stdout lacks {s:?}\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout,
            self.stderr
        );
        self
    }

    #[track_caller]
    pub fn stderr_has(&self, s: &str) -> &Run {
        assert!(
            self.stderr.contains(s),
            "stderr lacks {s:?}\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout,
            self.stderr
        );
        self
    }

    #[track_caller]
    pub fn stdout_lacks(&self, s: &str) -> &Run {
        assert!(!self.stdout.contains(s), "stdout has {s:?}\n--- stdout\n{}", self.stdout);
        self
    }
}

impl Workdir {
    fn new() -> Workdir {
        Workdir { dir: tempfile::tempdir().expect("a temporary directory") }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Writes `text` as UTF-8 (no BOM).
    pub fn write(&self, name: &str, text: &str) -> &Workdir {
        self.write_bytes(name, text.as_bytes())
    }

    pub fn write_bytes(&self, name: &str, bytes: &[u8]) -> &Workdir {
        keep_as_seed(name, bytes);
        let path = self.path(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(path, bytes).unwrap();
        self
    }

    /// Runs `friskliv ARGS` in the directory, with no colour and no stdin.
    pub fn run(&self, args: &[&str]) -> Run {
        let out = assert_cmd::Command::cargo_bin("friskliv")
            .unwrap()
            .args(args)
            .current_dir(self.dir.path())
            .env("NO_COLOR", "1")
            .env_remove("RUST_BACKTRACE")
            .output()
            .unwrap();
        Run {
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
            code: out.status.code().unwrap_or(-1),
        }
    }
}

/// With `FRISKLIV_FUZZ_SEEDS=DIR`, keeps each fixture as a seed for the fuzz targets (see
/// `scripts/fuzz.sh`): exports under `DIR/read`, TOML files under `DIR/config_files`.
fn keep_as_seed(name: &str, bytes: &[u8]) {
    let Some(dir) = std::env::var_os("FRISKLIV_FUZZ_SEEDS") else { return };
    let target = match Path::new(name).extension().and_then(|e| e.to_str()) {
        Some("csv" | "xlsx" | "xls") => "read",
        Some("toml") => "config_files",
        _ => return,
    };
    let dir = Path::new(&dir).join(target);
    std::fs::create_dir_all(&dir).unwrap();
    let digest = bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3));
    std::fs::write(dir.join(format!("{digest:016x}")), bytes).unwrap();
}

/// The repository's `data/` directory.
pub fn sample_data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data")
}

/// A small form-B Essentials export: `rows` are `(centre, completed, hospitants)`.
pub fn essentials(rows: &[(&str, &str, &str)]) -> String {
    let mut s = String::from(
        "Respondent-ID;E-post;Startet;Fullført;Utviklingssentral;2.1 Antall personer som har hospitert;\
         8.2 Hvilke forskningsinstitusjoner har dere samarbeidet med? - NTNU\r\n",
    );
    for (i, (centre, completed, hospitants)) in rows.iter().enumerate() {
        s.push_str(&format!("{};kontakt@example.no;01.03.2018 09:00;{completed};{centre};{hospitants};1\r\n", i + 1));
    }
    s
}

/// Parses normalise's CSV output into maps of column → value.
pub fn csv_rows(text: &str) -> Vec<std::collections::BTreeMap<String, String>> {
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let headers = r.headers().unwrap().clone();
    r.records()
        .map(|rec| headers.iter().zip(rec.unwrap().iter()).map(|(h, v)| (h.to_string(), v.to_string())).collect())
        .collect()
}

/// The sum of `value` per year for `measure` in normalise's CSV output.
pub fn sums_by_year(csv_text: &str, measure: &str) -> Vec<(i32, f64)> {
    let mut sums = std::collections::BTreeMap::new();
    for row in csv_rows(csv_text).into_iter().filter(|r| r["measure"] == measure) {
        let v: f64 = row["value"].parse().unwrap_or(0.0);
        *sums.entry(row["year"].parse::<i32>().unwrap()).or_insert(0.0) += v;
    }
    sums.into_iter().collect()
}
