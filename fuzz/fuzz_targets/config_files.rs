//! Any text as each of the files a user writes: a config file (the schema extended), a corrections
//! file and a report spec. Each is accepted or refused with an error; none panics.

#![no_main]

use friskliv::correct::Corrections;
use friskliv::report::spec;
use friskliv::schema::Schema;
use libfuzzer_sys::fuzz_target;
use std::path::Path;
use std::sync::OnceLock;

fuzz_target!(|bytes: &[u8]| {
    static BUILTIN: OnceLock<Schema> = OnceLock::new();
    let builtin = BUILTIN.get_or_init(Schema::builtin);
    let Ok(text) = std::str::from_utf8(bytes) else { return };
    let schema = Schema::parse(text, "friskliv.toml");
    let _ = Corrections::parse(text, "corrections.toml", builtin);
    let _ = spec::parse(text, Path::new("rapport.toml"), builtin, None);
    // A config that loads is a schema the other files are checked against.
    if let Ok(schema) = schema {
        let _ = Corrections::parse(text, "corrections.toml", &schema);
        let _ = spec::parse(text, Path::new("rapport.toml"), &schema, None);
    }
});
