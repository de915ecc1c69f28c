//! Reading a settings file a user names (answers, targets, rubric, tenant names, an answers
//! index, a mapping, a publish configuration, a pseudonym key): a regular file of UTF-8 text of
//! bounded size. Anything else is a usage error (exit 2) that says what to give instead: a device
//! such as `/dev/zero` would be read until memory runs out, and a pipe would hold the run until
//! someone writes to it.

use std::io::Read;
use std::path::Path;

use crate::error::{Error, Result};

/// The largest settings file read. These files are written by hand or generated once per
/// tenant, far below this size.
pub const MAX_BYTES: u64 = 16 << 20;

/// The text of the settings file at `path`.
pub fn read(path: &Path) -> Result<String> {
    read_or_say(
        path,
        "check the path (relative paths are relative to the current folder, or, inside a \
         publish configuration or a --tenant-answers file, to that file's folder)",
    )
}

/// [`read`], saying `when_missing` (what to do) when the file does not exist: how to make a
/// file the user may not have yet.
pub fn read_or_say(path: &Path, when_missing: &str) -> Result<String> {
    let refused = |message: String| Error::Config {
        path: path.to_path_buf(),
        message,
    };
    let metadata = std::fs::metadata(path).map_err(|source| match source.kind() {
        std::io::ErrorKind::NotFound => refused(format!("the file does not exist: {when_missing}")),
        _ => Error::Io {
            path: path.to_path_buf(),
            source,
        },
    })?;
    if !metadata.is_file() {
        return Err(refused(
            "not a regular file (a folder, a pipe or a device): give the path of the settings file"
                .into(),
        ));
    }
    if metadata.len() > MAX_BYTES {
        return Err(refused(format!(
            "the file holds {} bytes, more than the {} MB ({MAX_BYTES} bytes) a settings file may \
             hold: is it the right file?",
            metadata.len(),
            MAX_BYTES >> 20
        )));
    }
    let mut text = String::new();
    std::fs::File::open(path)
        .and_then(|file| file.take(MAX_BYTES + 1).read_to_string(&mut text))
        .map_err(|source| match source.kind() {
            std::io::ErrorKind::InvalidData => {
                refused("the file is not UTF-8 text: save it as UTF-8 and try again".into())
            }
            _ => Error::Io {
                path: path.to_path_buf(),
                source,
            },
        })?;
    if text.len() as u64 > MAX_BYTES {
        return Err(refused(format!(
            "the file grew past the {} MB a settings file may hold while it was read",
            MAX_BYTES >> 20
        )));
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_regular_file_of_bounded_text_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let good = dir.path().join("answers.toml");
        std::fs::write(&good, "a = true\n").unwrap();
        assert_eq!(read(&good).unwrap(), "a = true\n");

        let missing = read(&dir.path().join("missing.toml")).unwrap_err();
        assert_eq!(missing.exit_code(), 2);
        assert!(missing.to_string().contains("does not exist"), "{missing}");

        let folder = read(dir.path()).unwrap_err();
        assert_eq!(folder.exit_code(), 2);
        assert!(
            folder.to_string().contains("not a regular file"),
            "{folder}"
        );

        let device = read(Path::new("/dev/zero")).unwrap_err();
        assert_eq!(device.exit_code(), 2);

        let latin1 = dir.path().join("latin1.toml");
        std::fs::write(&latin1, b"name = \"caf\xe9\"\n").unwrap();
        assert!(read(&latin1).unwrap_err().to_string().contains("not UTF-8"));

        let big = dir.path().join("big.toml");
        let file = std::fs::File::create(&big).unwrap();
        file.set_len(MAX_BYTES + 1).unwrap();
        let err = read(&big).unwrap_err();
        assert_eq!(err.exit_code(), 2);
        assert!(err.to_string().contains("more than the 16 MB"), "{err}");
    }
}
