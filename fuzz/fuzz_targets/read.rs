//! Any bytes as an export: decoded, split into records, mapped, each row judged, the kept ones
//! normalised and written as the long table. No panic, and every row read is kept, excluded or
//! rejected; when the bytes are plain UTF-8, the rows read are the records our splitter finds below
//! the header rows.

#![no_main]

use friskliv::correct::apply::Fixes;
use friskliv::correct::Corrections;
use friskliv::read::input::Input;
use friskliv::read::FileKind;
use friskliv::schema::Schema;
use friskliv::normalise::store::Projection;
use friskliv::normalise::{self, long};
use friskliv::read::grid;
use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;
use std::sync::OnceLock;

struct Setup {
    schema: Schema,
    corrections: Corrections,
    path: PathBuf,
}

fn setup() -> &'static Setup {
    static SETUP: OnceLock<Setup> = OnceLock::new();
    SETUP.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("friskliv-fuzz-read-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        Setup { schema: Schema::builtin(), corrections: Corrections::default(), path: dir.join("Rapport 2018.csv") }
    })
}

fuzz_target!(|bytes: &[u8]| {
    let s = setup();
    std::fs::write(&s.path, bytes).unwrap();
    let inputs = [Input { path: s.path.clone(), year: None, sheet: None }];
    let projection = Projection::all(s.schema.targets.len()).with_cells();
    let mut data = normalise::load(&inputs, &s.schema, &projection, &s.corrections);
    let [file] = data.files.as_slice() else { panic!("one input, one file summary") };
    let c = file.counts;
    assert_eq!(c.read, c.kept + c.excluded + c.rejected, "every row is kept, excluded or rejected: {c:?}");
    assert_eq!(data.responses.len(), c.kept, "the kept rows are the responses");
    let text = file.export.as_ref().map(|e| &e.kind);
    if let (Some(FileKind::Text(t)), Ok(text)) = (text, std::str::from_utf8(bytes)) {
        if !text.starts_with('\u{feff}') && !t.sep_line && t.delimiter == grid::sniff(text) {
            if let Ok(g) = grid::parse(text) {
                let below = g.records.len().saturating_sub(file.export.as_ref().unwrap().header_rows());
                assert_eq!(c.read, below, "rows read = records below the header rows");
            }
        }
    }
    let fixes = Fixes::new(&data.corrections, &data.decisions);
    let raw = data.raw.as_mut().expect("the projection asks for the cells");
    long::write_csv(&data.responses, raw, &fixes, &s.schema, &mut std::io::sink()).unwrap();
});
