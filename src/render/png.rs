//! A figure's SVG as a PNG, for slides and documents that take no SVG: drawn in-process by resvg
//! (pure Rust) at twice the SVG's size and at least 1,200 px wide, with the bundled Liberation Sans
//! (whose advance widths are Helvetica's and Arial's, those [`super::metrics`] lays text out with)
//! and never a system font, so that every process on every machine writes the same bytes.

use anyhow::{Context, Result};
use resvg::tiny_skia::{Color, Pixmap, Transform};
use resvg::usvg::{fontdb, Options, Tree};
use std::sync::{Arc, OnceLock};

/// Liberation Sans 2.1.5, regular and bold (SIL Open Font License 1.1: `fonts/LICENSE`).
const FONTS: [&[u8]; 2] =
    [include_bytes!("fonts/LiberationSans-Regular.ttf"), include_bytes!("fonts/LiberationSans-Bold.ttf")];

/// The narrowest PNG, in pixels.
pub(crate) const MIN_WIDTH: f32 = 1200.0;

/// The bundled fonts, loaded once; every family the SVG names resolves to Liberation Sans.
fn fonts() -> Arc<fontdb::Database> {
    static DB: OnceLock<Arc<fontdb::Database>> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = fontdb::Database::new();
        for font in FONTS {
            db.load_font_data(font.to_vec());
        }
        for set in [fontdb::Database::set_sans_serif_family, fontdb::Database::set_serif_family] {
            set(&mut db, "Liberation Sans");
        }
        Arc::new(db)
    })
    .clone()
}

/// The PNG of an SVG document, on white.
pub(crate) fn png(svg: &str) -> Result<Vec<u8>> {
    let options = Options { font_family: "Liberation Sans".into(), fontdb: fonts(), ..Options::default() };
    let tree = Tree::from_str(svg, &options).context("cannot read the figure's SVG")?;
    let size = tree.size();
    let scale = (MIN_WIDTH / size.width()).max(2.0);
    let (width, height) = ((size.width() * scale).ceil() as u32, (size.height() * scale).ceil() as u32);
    let mut pixmap = Pixmap::new(width, height).context("the figure is too large to draw")?;
    pixmap.fill(Color::WHITE);
    resvg::render(&tree, Transform::from_scale(scale, scale), &mut pixmap.as_mut());
    pixmap.encode_png().context("cannot encode the figure as PNG")
}

#[cfg(test)]
mod tests {
    use super::*;

    const SVG: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"300\" height=\"100\" font-family=\"'Liberation Sans', Arial, Helvetica, sans-serif\"><text x=\"10\" y=\"50\" font-size=\"20\">Sør-Varanger 2020</text></svg>";

    /// The width and height in a PNG's header (IHDR).
    fn size(png: &[u8]) -> (u32, u32) {
        let be = |at: usize| u32::from_be_bytes(png[at..at + 4].try_into().unwrap());
        (be(16), be(20))
    }

    #[test]
    fn a_figure_is_drawn_at_least_1200_wide_and_twice_its_size() {
        assert_eq!(size(&png(SVG).unwrap()), (1200, 400), "300 wide: four times, to reach 1,200");
        let wide = SVG.replace("width=\"300\"", "width=\"800\"");
        assert_eq!(size(&png(&wide).unwrap()), (1600, 200), "800 wide: twice");
    }

    #[test]
    fn the_text_is_drawn_with_the_bundled_font() {
        let blank = png(&SVG.replace("Sør-Varanger 2020", "")).unwrap();
        assert_ne!(png(SVG).unwrap(), blank, "glyphs were drawn, with no system font to fall back on");
    }
}
