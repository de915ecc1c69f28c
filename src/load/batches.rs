//! The canonical files of a load that wait to be read together: Parquet files
//! (parquet_batch.rs) and CSV files (csv_batch.rs) of one kind and shape are each normalised by
//! one statement once every file is staged, as binding and planning the normalisation costs
//! DuckDB tens of milliseconds a statement whatever the file's size.

use crate::db::Db;
use crate::error::Result;
use crate::load::csv_batch::CsvBatch;
use crate::load::parquet_batch::ParquetBatch;

/// What reading the waiting files came to.
#[must_use]
pub enum Read {
    Done,
    /// Reading files together failed: the load's transaction is unusable, and the load must be
    /// done again reading each file on its own and in turn, so that the error names the first
    /// file at fault.
    FailedTogether,
}

/// The files waiting to be read, of each format.
pub struct Batches {
    pub parquet: ParquetBatch,
    pub csv: CsvBatch,
}

impl Batches {
    /// Files wait to be read together when `together`; otherwise each is read as it is staged.
    pub fn new(together: bool) -> Batches {
        Batches {
            parquet: ParquetBatch::new(together),
            csv: CsvBatch::new(together),
        }
    }

    /// Whether files wait to be read: an error staging a later file may then not be the one a
    /// load reading each file in turn would stop at.
    pub fn waiting(&self) -> bool {
        self.parquet.waiting() || self.csv.waiting()
    }

    /// Reads every waiting file.
    pub fn read(&mut self, db: &Db) -> Result<Read> {
        if let Read::FailedTogether = self.parquet.read(db)? {
            return Ok(Read::FailedTogether);
        }
        self.csv.read(db)
    }
}
