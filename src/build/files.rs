//! Reading the files a body names (`formdata` file parts, `file` bodies), confined to the
//! working folder as Newman does: no `..` or absolute path out of it, no symlink escaping it,
//! never /proc, /sys or a device, only regular files of sane size. `--insecure-file-read`
//! lifts the confinement (not the refusal of special files, which never make a body).

use std::path::{Path, PathBuf};

/// Larger files are refused rather than read into memory.
const MAX_FILE: u64 = 256 << 20;

#[derive(Debug, thiserror::Error)]
pub enum FileReadError {
    #[error(
        "{path} is outside the working folder {root} (reads are confined to --working-dir; \
         --insecure-file-read allows reading anywhere)"
    )]
    Outside { path: PathBuf, root: PathBuf },
    #[error("{0} is a system file (/proc, /sys, /dev): never read as a body")]
    System(PathBuf),
    #[error("{0} is not a regular file (a device, FIFO or folder never makes a body)")]
    NotRegular(PathBuf),
    #[error("{path} is larger than {MAX_FILE} bytes")]
    TooLarge { path: PathBuf },
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Where body files may be read from.
#[derive(Clone, Debug)]
pub struct FileAccess {
    pub working_dir: PathBuf,
    /// `--insecure-file-read`: any path outside the working folder too.
    pub insecure: bool,
}

impl FileAccess {
    /// Reads the file at `path` (already joined to the working folder when it was relative).
    pub fn read(&self, path: &Path) -> Result<Vec<u8>, FileReadError> {
        use std::io::Read;
        let (file, real) = self.open(path)?;
        let io = |source| FileReadError::Io {
            path: path.to_path_buf(),
            source,
        };
        let mut bytes = Vec::with_capacity(file.metadata().map_err(io)?.len() as usize);
        file.take(MAX_FILE + 1)
            .read_to_end(&mut bytes)
            .map_err(io)?;
        if bytes.len() as u64 > MAX_FILE {
            return Err(FileReadError::TooLarge { path: real });
        }
        Ok(bytes)
    }

    /// Whether `read` would get past every check (the run's preflight asks before sending).
    pub fn check(&self, path: &Path) -> Result<(), FileReadError> {
        self.open(path).map(|_| ())
    }

    /// Opens the file after every check but the read itself; returns it and its real path.
    fn open(&self, path: &Path) -> Result<(std::fs::File, PathBuf), FileReadError> {
        let io = |source| FileReadError::Io {
            path: path.to_path_buf(),
            source,
        };
        // The real path: `..` folded away and every symlink followed.
        let real = std::fs::canonicalize(path).map_err(io)?;
        if ["/proc", "/sys", "/dev"]
            .iter()
            .any(|p| real.starts_with(p))
        {
            return Err(FileReadError::System(real));
        }
        if !self.insecure {
            let root =
                std::fs::canonicalize(&self.working_dir).map_err(|source| FileReadError::Io {
                    path: self.working_dir.clone(),
                    source,
                })?;
            if !real.starts_with(&root) {
                return Err(FileReadError::Outside { path: real, root });
            }
        }
        // A FIFO would block the open itself: look before opening, without blocking, then
        // check what was opened (a swap in between is caught).
        if !std::fs::metadata(&real).map_err(io)?.is_file() {
            return Err(FileReadError::NotRegular(real));
        }
        let file = {
            use std::os::unix::fs::OpenOptionsExt;
            std::fs::OpenOptions::new()
                .read(true)
                .custom_flags(libc::O_NONBLOCK)
                .open(&real)
                .map_err(io)?
        };
        let meta = file.metadata().map_err(io)?;
        if !meta.is_file() {
            return Err(FileReadError::NotRegular(real));
        }
        if meta.len() > MAX_FILE {
            return Err(FileReadError::TooLarge { path: real });
        }
        Ok((file, real))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn confined_to_the_working_folder() {
        let outer = tempfile::tempdir().unwrap();
        let root = outer.path().join("work");
        std::fs::create_dir(&root).unwrap();
        std::fs::write(root.join("ok.txt"), "fine").unwrap();
        std::fs::write(outer.path().join("secret.txt"), "outside").unwrap();
        std::os::unix::fs::symlink(outer.path().join("secret.txt"), root.join("link.txt")).unwrap();
        let access = FileAccess {
            working_dir: root.clone(),
            insecure: false,
        };
        assert_eq!(access.read(&root.join("ok.txt")).unwrap(), b"fine");
        for escape in ["../secret.txt", "link.txt"] {
            let err = access.read(&root.join(escape)).unwrap_err();
            assert!(matches!(err, FileReadError::Outside { .. }), "{err}");
            assert!(err.to_string().contains("--insecure-file-read"));
        }
        assert!(matches!(
            access.read(Path::new("/etc/hostname")),
            Err(FileReadError::Outside { .. } | FileReadError::Io { .. })
        ));
        let open = FileAccess {
            working_dir: root.clone(),
            insecure: true,
        };
        assert_eq!(open.read(&root.join("link.txt")).unwrap(), b"outside");
        for special in ["/proc/self/environ", "/dev/zero", "/sys/kernel/mm"] {
            let err = open.read(Path::new(special)).unwrap_err();
            assert!(matches!(err, FileReadError::System(_)), "{special}: {err}");
        }
        assert!(matches!(
            open.read(outer.path()),
            Err(FileReadError::NotRegular(_))
        ));
    }
}
