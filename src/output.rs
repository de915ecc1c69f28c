//! Writing results: to standard output or to a file (`-o FILE`, `-` meaning standard output).

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Writes `bytes` to `target`, or to standard output when it is `None` or `-`.
pub fn write(target: Option<&Path>, bytes: &[u8]) -> Result<()> {
    match target {
        Some(path) if path != Path::new("-") => {
            if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                std::fs::create_dir_all(parent).map_err(|source| Error::Io {
                    path: parent.to_path_buf(),
                    source,
                })?;
            }
            std::fs::write(path, bytes).map_err(|source| Error::Io {
                path: path.to_path_buf(),
                source,
            })
        }
        _ => {
            let mut out = std::io::stdout().lock();
            out.write_all(bytes)
                .and_then(|()| out.flush())
                .map_err(|source| Error::Io {
                    path: PathBuf::from("<stdout>"),
                    source,
                })
        }
    }
}
