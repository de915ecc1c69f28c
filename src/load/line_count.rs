//! The physical lines of a file, and whether its text is UTF-8: what tells whether a CSV file's
//! rows sit one to a line (the positions DuckDB's reader keeps are then their line numbers) or
//! whether blank lines or line breaks inside quoted values move them down the file
//! (load/csv_record_lines.sql then finds each row's own line). Byte counts, not a parse: the
//! file is read in blocks, and checked for UTF-8 only when it is to be read again as text.

use std::io::Read;
use std::path::Path;

/// Each block of the file in turn.
fn blocks(path: &Path, mut each: impl FnMut(&[u8])) -> std::io::Result<()> {
    let mut file = std::fs::File::open(path)?;
    let mut block = vec![0u8; 1 << 20];
    loop {
        let n = file.read(&mut block)?;
        if n == 0 {
            return Ok(());
        }
        each(&block[..n]);
    }
}

/// The lines of the file at `path`, the last one counted whether or not a line break ends it.
pub fn lines(path: &Path) -> std::io::Result<u64> {
    let mut breaks = 0u64;
    let mut last = None;
    blocks(path, |bytes| {
        breaks += memchr::memchr_iter(b'\n', bytes).count() as u64;
        last = bytes.last().copied();
    })?;
    Ok(match last {
        None => 0,
        Some(b'\n') => breaks,
        Some(_) => breaks + 1,
    })
}

/// Whether every byte of the file at `path` is part of valid UTF-8 text (DuckDB's text reader
/// takes nothing else).
pub fn is_utf8(path: &Path) -> std::io::Result<bool> {
    let mut valid = true;
    // The bytes of a character cut by the end of the previous block.
    let mut carried: Vec<u8> = Vec::new();
    blocks(path, |bytes| {
        if !valid {
            return;
        }
        carried.extend_from_slice(bytes);
        match std::str::from_utf8(&carried) {
            Ok(_) => carried.clear(),
            Err(e) if e.error_len().is_none() => carried = carried.split_off(e.valid_up_to()),
            Err(_) => valid = false,
        }
    })?;
    Ok(valid && carried.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(bytes: &[u8]) -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.csv");
        std::fs::write(&path, bytes).unwrap();
        (dir, path)
    }

    fn counted(bytes: &[u8]) -> u64 {
        let (_dir, path) = file(bytes);
        lines(&path).unwrap()
    }

    fn utf8(bytes: &[u8]) -> bool {
        let (_dir, path) = file(bytes);
        is_utf8(&path).unwrap()
    }

    #[test]
    fn lines_are_counted_with_or_without_a_last_break() {
        assert_eq!(counted(b""), 0);
        assert_eq!(counted(b"a\nb\n"), 2);
        assert_eq!(counted(b"a\nb"), 2);
        assert_eq!(counted(b"a\r\n\r\nb\r\n"), 3);
        assert_eq!(counted(b"a\n\n"), 2);
    }

    #[test]
    fn text_that_is_not_utf8_is_told() {
        assert!(utf8("é,ü\n".as_bytes()));
        assert!(!utf8(b"\xe9,\xfc\n"));
        assert!(!utf8(b"a\xc3"), "a character cut at the end");
        // A character across two blocks is whole.
        let mut big = vec![b'a'; (1 << 20) - 1];
        big.extend_from_slice("é\n".as_bytes());
        assert!(utf8(&big));
        assert_eq!(counted(&big), 1);
    }
}
