//! The long table ([`long::for_each`]'s rows) as Arrow columns, a chunk of [`CHUNK_ROWS`] rows at a
//! time: as a DataFrame for `sql`, and as Parquet, a row group per chunk.
//!
//! Most of the long table's text repeats: a response's period, centre, region and source on each of
//! its rows, a file's measures, kinds, options and columns on every response. Those columns are built
//! as dictionaries (each distinct text once, in the order first met, and a number per row), which is
//! what Parquet stores them as. polars would otherwise copy every row's text and hash it again to find
//! the same dictionary. Parquet keeps the columns' declared type, text: a dictionary is how a column
//! is stored, not what it holds.
//!
//! Writing Parquet takes both cores: this thread builds a chunk while a second encodes and compresses
//! the one before; the row groups are written in order, so the file is the same whatever the timing.

use crate::correct::apply::Fixes;
use crate::normalise::long::{self, LongRow, LongType};
use crate::normalise::raw::RawCells;
use crate::normalise::store::Responses;
use crate::schema::Schema;
use anyhow::{Context, Result};
use polars::prelude::{Column, DataFrame, DataType, Field, IntoColumn, PlSmallStr, Schema as FrameSchema, Series};
use polars_arrow::array::{Array, DictionaryArray, MutableBinaryViewArray, PrimitiveArray, Utf8ViewArray};
use polars_arrow::bitmap::MutableBitmap;
use polars_arrow::datatypes::{ArrowDataType, IntegerType};
use polars_io::parquet::write::{ParquetWriter, StatisticsOptions};
use polars_parquet::write::{
    array_to_columns, compress, CompressedPage, CompressionOptions, Encoding, ParquetType, Version, WriteOptions,
};
use std::collections::HashMap;
use std::io::Write;
use std::sync::mpsc;

/// Rows per chunk: the long table is built, and written as a Parquet row group, this many rows at a
/// time. Smaller chunks take less memory each, but more row groups, whose pages the writer notes
/// until the file is finished.
pub(crate) const CHUNK_ROWS: usize = 128 * 1024;

/// A text column whose distinct texts are found by the text itself: the row before's first (a
/// response's rows share their period, centre, region and source), then a hash.
#[derive(Default)]
struct Repeated {
    keys: Vec<u32>,
    valid: MutableBitmap,
    texts: MutableBinaryViewArray<str>,
    index: HashMap<Box<str>, u32, foldhash::fast::FixedState>,
    last: Option<u32>,
}

impl Repeated {
    #[inline]
    fn push(&mut self, text: Option<&str>) {
        let Some(text) = text else { return null(&mut self.keys, &mut self.valid) };
        let key = match self.last {
            Some(k) if self.texts.value(k as usize) == text => k,
            _ => self.key_of(text),
        };
        self.last = Some(key);
        self.keys.push(key);
        self.valid.push(true);
    }

    fn key_of(&mut self, text: &str) -> u32 {
        if let Some(&k) = self.index.get(text) {
            return k;
        }
        let k = self.texts.len() as u32;
        self.texts.push_value(text);
        self.index.insert(text.into(), k);
        k
    }

    fn finish(self) -> Result<Box<dyn Array>> {
        dictionary(self.keys, self.valid, self.texts)
    }
}

/// A text column whose distinct texts come numbered with the row ([`long::TextIds`]): no hashing.
#[derive(Default)]
struct Numbered {
    keys: Vec<u32>,
    valid: MutableBitmap,
    texts: MutableBinaryViewArray<str>,
    /// By a text's number, its key in this chunk plus one (0: not met yet).
    keys_of: Vec<u32>,
}

impl Numbered {
    #[inline]
    fn push(&mut self, text: Option<&str>, id: u32) {
        let Some(text) = text else { return null(&mut self.keys, &mut self.valid) };
        let id = id as usize;
        if id >= self.keys_of.len() {
            self.keys_of.resize(id + 1, 0);
        }
        if self.keys_of[id] == 0 {
            self.texts.push_value(text);
            self.keys_of[id] = self.texts.len() as u32;
        }
        self.keys.push(self.keys_of[id] - 1);
        self.valid.push(true);
    }

    fn finish(self) -> Result<Box<dyn Array>> {
        dictionary(self.keys, self.valid, self.texts)
    }
}

#[inline]
fn null(keys: &mut Vec<u32>, valid: &mut MutableBitmap) {
    keys.push(0);
    valid.push(false);
}

fn dictionary(keys: Vec<u32>, valid: MutableBitmap, texts: MutableBinaryViewArray<str>) -> Result<Box<dyn Array>> {
    let keys = PrimitiveArray::new(ArrowDataType::UInt32, keys.into(), valid.into());
    let texts: Utf8ViewArray = texts.freeze();
    let dtype = ArrowDataType::Dictionary(IntegerType::UInt32, Box::new(ArrowDataType::Utf8View), false);
    Ok(DictionaryArray::try_new(dtype, keys, texts.boxed()).context("cannot build the normalised table")?.boxed())
}

/// Numbers, each with whether it is there.
#[derive(Default)]
struct Maybe<T> {
    values: Vec<T>,
    valid: MutableBitmap,
}

impl<T: polars_arrow::types::NativeType + Default> Maybe<T> {
    #[inline]
    fn push(&mut self, value: Option<T>) {
        self.values.push(value.unwrap_or_default());
        self.valid.push(value.is_some());
    }

    fn finish(self, dtype: ArrowDataType) -> Box<dyn Array> {
        PrimitiveArray::new(dtype, self.values.into(), self.valid.into()).boxed()
    }
}

/// A chunk of the long table being built, a field per column of [`long::COLUMNS`].
#[derive(Default)]
struct Builder {
    len: usize,
    year: Vec<i32>,
    period: Repeated,
    centre: Repeated,
    region: Repeated,
    task: Maybe<i32>,
    measure: Numbered,
    kind: Numbered,
    option: Numbered,
    value: Maybe<f64>,
    text: MutableBinaryViewArray<str>,
    raw: Repeated,
    note: Repeated,
    source: Repeated,
    column: Numbered,
    correction: Repeated,
}

impl Builder {
    #[inline]
    fn push(&mut self, row: &LongRow) {
        self.len += 1;
        self.year.push(row.year);
        self.period.push(Some(row.period));
        self.centre.push(Some(row.centre));
        self.region.push(Some(row.region));
        self.task.push(row.task.map(i32::from));
        self.measure.push(Some(row.measure), row.ids.measure);
        self.kind.push(Some(row.kind.as_str()), row.ids.kind);
        self.option.push(row.option, row.ids.option);
        self.value.push(row.value);
        self.text.push(row.text);
        self.raw.push(Some(row.raw));
        self.note.push(row.note);
        self.source.push(Some(row.source));
        self.column.push(Some(row.column), row.ids.column);
        self.correction.push(row.correction);
    }

    /// The chunk's columns, in the order of [`long::COLUMNS`].
    fn finish(self) -> Result<Chunk> {
        let year = PrimitiveArray::new(ArrowDataType::Int32, self.year.into(), None).boxed();
        let text: Utf8ViewArray = self.text.freeze();
        let columns = vec![
            year,
            self.period.finish()?,
            self.centre.finish()?,
            self.region.finish()?,
            self.task.finish(ArrowDataType::Int32),
            self.measure.finish()?,
            self.kind.finish()?,
            self.option.finish()?,
            self.value.finish(ArrowDataType::Float64),
            text.boxed(),
            self.raw.finish()?,
            self.note.finish()?,
            self.source.finish()?,
            self.column.finish()?,
            self.correction.finish()?,
        ];
        Ok(Chunk { len: self.len, columns })
    }
}

/// A chunk of the long table as Arrow arrays, text as dictionaries or views.
struct Chunk {
    len: usize,
    columns: Vec<Box<dyn Array>>,
}

/// Calls `emit` with the long table in chunks of [`CHUNK_ROWS`] rows (at least one chunk, maybe empty).
fn for_each_chunk(
    r: &Responses,
    raw: &mut RawCells,
    fixes: &Fixes,
    schema: &Schema,
    mut emit: impl FnMut(Chunk) -> Result<()>,
) -> Result<()> {
    let mut chunk = Builder::default();
    let mut sent = false;
    long::for_each(r, raw, fixes, schema, |row| {
        chunk.push(row);
        if chunk.len == CHUNK_ROWS {
            emit(std::mem::take(&mut chunk).finish()?)?;
            sent = true;
        }
        Ok(())
    })?;
    if chunk.len > 0 || !sent {
        emit(chunk.finish()?)?;
    }
    Ok(())
}

/// The declared type of a long column ([`LongType`]) in polars: integers as Int32, numbers as
/// Float64, text as String.
fn dtype(holds: LongType) -> DataType {
    match holds {
        LongType::Integer | LongType::IntegerOrEmpty => DataType::Int32,
        LongType::NumberOrEmpty => DataType::Float64,
        LongType::Text | LongType::TextOrEmpty => DataType::String,
    }
}

/// The long table's columns and types ([`long::COLUMNS`]) as a polars schema.
fn frame_schema() -> FrameSchema {
    long::COLUMNS.iter().map(|c| Field::new(PlSmallStr::from_static(c.name), dtype(c.holds))).collect()
}

/// A chunk as a DataFrame of the declared types: a dictionary becomes its column's texts.
fn chunk_frame(c: Chunk) -> Result<DataFrame> {
    let columns = long::COLUMNS
        .iter()
        .zip(c.columns)
        .map(|(column, array)| -> Result<Column> {
            let name = PlSmallStr::from_static(column.name);
            let series = Series::from_arrow(name, texts(array)).context("cannot build the normalised table")?;
            Ok(series.cast(&dtype(column.holds)).context("cannot build the normalised table")?.into_column())
        })
        .collect::<Result<Vec<_>>>()?;
    DataFrame::new(c.len, columns).context("cannot build the normalised table")
}

/// A dictionary's texts, row by row (anything else as it is): polars would make it a Categorical.
fn texts(array: Box<dyn Array>) -> Box<dyn Array> {
    let Some(dictionary) = array.as_any().downcast_ref::<DictionaryArray<u32>>() else { return array };
    let values = dictionary.values().as_any().downcast_ref::<Utf8ViewArray>().expect("a dictionary of text");
    let mut texts = MutableBinaryViewArray::<str>::with_capacity(dictionary.len());
    for key in dictionary.keys().iter() {
        texts.push(key.map(|&k| values.value(k as usize)));
    }
    let texts: Utf8ViewArray = texts.freeze();
    texts.boxed()
}

/// The whole long table as one DataFrame (for `sql`).
pub(super) fn long_frame(r: &Responses, raw: &mut RawCells, fixes: &Fixes, schema: &Schema) -> Result<DataFrame> {
    let mut out: Option<DataFrame> = None;
    for_each_chunk(r, raw, fixes, schema, |c| {
        let df = chunk_frame(c)?;
        match &mut out {
            Some(all) => {
                all.vstack_mut(&df)?;
            }
            None => out = Some(df),
        }
        Ok(())
    })?;
    let mut df = out.expect("at least one chunk");
    df.rechunk_mut();
    Ok(df)
}

/// How the long table is written: zstd (polars' default), statistics with the min and max of text
/// cut to 64 bytes, as parquet-mr does (the footer holds them for every row group until the file is
/// finished, and an answer's text can be long); the page version and size polars writes.
fn write_options() -> WriteOptions {
    WriteOptions {
        statistics: StatisticsOptions { binary_statistics_truncate_length: Some(64), ..StatisticsOptions::default() },
        compression: CompressionOptions::Zstd(None),
        version: Version::V1,
        data_page_size: None,
    }
}

/// A chunk encoded and compressed: its rows and each column's pages.
type RowGroup = (usize, Vec<Vec<CompressedPage>>);

/// Encodes and compresses a chunk's columns as Parquet pages. Every column asks for a dictionary, as
/// polars asks for every number and text column: a column built as one is written as it is, the
/// others get one where polars finds it worth it.
fn encode(c: Chunk, fields: &[ParquetType], options: WriteOptions) -> Result<RowGroup> {
    let mut pages = Vec::with_capacity(c.columns.len());
    for (array, field) in c.columns.iter().zip(fields) {
        let mut column = Vec::new();
        for leaf in array_to_columns(array, field.clone(), options, &[Encoding::RleDictionary])? {
            for page in leaf {
                column.push(compress(page?, Vec::new(), options.compression)?);
            }
        }
        pages.push(column);
    }
    Ok((c.len, pages))
}

/// Writes the long table as Parquet, a row group per chunk: memory holds two chunks (one being built,
/// one being encoded; a chunk is handed over when the encoder is free) whatever the size of the
/// table. What grows with the table is the writer's note of every page, for the file's footer, which
/// is why a chunk is as big as it is.
pub(crate) fn write_long_parquet(
    r: &Responses,
    raw: &mut RawCells,
    fixes: &Fixes,
    schema: &Schema,
    w: &mut dyn Write,
) -> Result<()> {
    let options = write_options();
    let mut writer = ParquetWriter::new(w)
        .with_statistics(options.statistics)
        .batched(&frame_schema())
        .context("cannot write Parquet")?;
    let fields = writer.parquet_schema().fields().to_vec();
    std::thread::scope(|scope| -> Result<()> {
        let (chunks, to_encode) = mpsc::sync_channel::<Chunk>(0);
        let (encoded, groups) = mpsc::channel::<Result<RowGroup>>();
        let encoder = scope.spawn(move || {
            for c in to_encode {
                if encoded.send(encode(c, &fields, options)).is_err() {
                    break;
                }
            }
        });
        let mut write = |group: Result<RowGroup>| -> Result<()> {
            let (rows, pages) = group?;
            writer.write_row_group(rows as u64, &pages).context("cannot write Parquet")
        };
        for_each_chunk(r, raw, fixes, schema, |c| {
            // Whatever is encoded is written first, so that the encoder never waits on us.
            groups.try_iter().try_for_each(&mut write)?;
            if c.len == 0 {
                return Ok(()); // no row group for no rows, as polars writes none
            }
            chunks.send(c).map_err(|_| anyhow::anyhow!("the Parquet encoder stopped"))
        })?;
        drop(chunks);
        groups.iter().try_for_each(&mut write)?;
        encoder.join().map_err(|_| anyhow::anyhow!("the Parquet encoder failed"))?;
        Ok(())
    })?;
    writer.finish().context("cannot write Parquet")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frame::tests::responses;

    #[test]
    fn the_long_frame_has_the_declared_columns_and_types() {
        let (r, mut raw, s) = responses(&[(0, 2017, Some(4.0), Some(1.0))]);
        let df = long_frame(&r, &mut raw, &Fixes::default(), &s).unwrap();
        let names: Vec<&str> = df.get_column_names().iter().map(|s| s.as_str()).collect();
        assert_eq!(names, long::column_names());
        assert_eq!(df.height(), 2);
        assert_eq!(df.column("year").unwrap().dtype(), &polars::prelude::DataType::Int32);
        assert_eq!(df.column("value").unwrap().dtype(), &polars::prelude::DataType::Float64);
        assert_eq!(df.column("raw").unwrap().str().unwrap().get(0), Some("4"));
    }

    /// The long table of `rows` (see [`responses`]) as Parquet read back and as CSV, a line per row,
    /// and the Parquet file's number of row groups.
    fn parquet_and_csv(rows: &[(usize, i32, Option<f64>, Option<f64>)]) -> (Vec<String>, Vec<String>, usize) {
        let (r, mut raw, s) = responses(rows);
        let mut csv = Vec::new();
        long::write_csv(&r, &mut raw, &Fixes::default(), &s, &mut csv).unwrap();
        let mut parquet = Vec::new();
        write_long_parquet(&r, &mut raw, &Fixes::default(), &s, &mut parquet).unwrap();
        let groups = polars_parquet::read::read_metadata(&mut std::io::Cursor::new(&parquet)).unwrap().row_groups.len();
        use polars_io::SerReader;
        let df = polars_io::parquet::read::ParquetReader::new(std::io::Cursor::new(parquet)).finish().unwrap();
        let cell = |name: &str, i: usize| -> String {
            let c = df.column(name).unwrap();
            match c.dtype() {
                DataType::String => c.str().unwrap().get(i).unwrap_or("").to_string(),
                DataType::Float64 => c.f64().unwrap().get(i).map(crate::model::table::number).unwrap_or_default(),
                DataType::Int32 => c.i32().unwrap().get(i).map(|v| v.to_string()).unwrap_or_default(),
                other => panic!("{name} is {other}, not a declared type"),
            }
        };
        let from_parquet = (0..df.height()).map(|i| long::column_names().map(|name| cell(name, i)).join(",")).collect();
        let csv = String::from_utf8(csv).unwrap();
        (from_parquet, csv.lines().skip(1).map(String::from).collect(), groups)
    }

    #[test]
    fn the_parquet_table_holds_what_the_csv_table_holds() {
        let (from_parquet, from_csv, groups) =
            parquet_and_csv(&[(1, 2018, Some(4.5), None), (0, 2017, None, Some(1.0)), (2, 2017, Some(0.0), Some(0.0))]);
        assert_eq!(from_parquet.len(), 6);
        assert!(from_csv.iter().all(|l| l.ends_with(',')), "no correction: an empty last field");
        assert_eq!(from_parquet, from_csv);
        assert!(from_csv[0].starts_with("2017,"), "sorted by year: {from_csv:?}");
        assert_eq!(groups, 1);
    }

    #[test]
    fn a_table_of_several_chunks_is_written_whole_and_in_order() {
        // Two rows per response: a chunk and a half. The second chunk's dictionaries start afresh,
        // and the row groups, encoded on another thread, are written in order.
        let rows: Vec<_> = (0..CHUNK_ROWS * 3 / 4)
            .map(|i| (i % 7, 2017 + (i % 3) as i32, Some((i % 11) as f64), (i % 5 != 0).then_some((i % 2) as f64)))
            .collect();
        let (from_parquet, from_csv, groups) = parquet_and_csv(&rows);
        assert_eq!(from_parquet.len(), rows.len() * 2);
        assert_eq!(groups, 2);
        assert!(from_parquet == from_csv, "the Parquet table differs from the CSV table");
    }

    #[test]
    fn no_responses_is_a_table_of_no_rows_with_its_columns() {
        let (from_parquet, from_csv, groups) = parquet_and_csv(&[]);
        assert!(from_parquet.is_empty() && from_csv.is_empty());
        assert_eq!(groups, 0, "no row group for no rows");
    }
}
