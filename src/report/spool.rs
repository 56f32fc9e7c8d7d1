//! A report's body kept on disk while the run goes on: each execution's part of a report file,
//! rendered once when the execution arrives and appended to an unnamed temporary file next to
//! the report, so the run holds a few bytes per request instead of the execution itself. At the
//! end the parts are copied out in report order (`Parts::copy`) under a head that knows the
//! totals.

use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::Path;

/// Parts appended in arrival order; part `i` spans `ends[i-1]..ends[i]`.
pub struct Spool {
    out: BufWriter<File>,
    ends: Vec<u64>,
    written: u64,
}

impl Spool {
    /// An unnamed file in `dir` (the report's own folder: same file system, and nothing left
    /// behind if the run is killed).
    pub fn new(dir: &Path) -> io::Result<Spool> {
        std::fs::create_dir_all(dir)?;
        Ok(Spool {
            out: BufWriter::with_capacity(64 * 1024, tempfile::tempfile_in(dir)?),
            ends: Vec::new(),
            written: 0,
        })
    }

    pub fn push(&mut self, part: &[u8]) -> io::Result<()> {
        self.out.write_all(part)?;
        self.written += part.len() as u64;
        self.ends.push(self.written);
        Ok(())
    }

    /// The parts, ready to be read back in any order.
    pub fn into_parts(self) -> io::Result<Parts> {
        let mut file = self.out.into_inner().map_err(|e| e.into_error())?;
        file.seek(SeekFrom::Start(0))?;
        Ok(Parts {
            file: BufReader::with_capacity(64 * 1024, file),
            at: 0,
            ends: self.ends,
        })
    }
}

/// A spool read back: `copy(i)` writes part `i`; parts read in arrival order are one
/// sequential read.
pub struct Parts {
    file: BufReader<File>,
    at: u64,
    ends: Vec<u64>,
}

impl Parts {
    pub fn copy(&mut self, i: usize, out: &mut dyn Write) -> io::Result<()> {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        let end = self.ends[i];
        if start != self.at {
            self.file.seek(SeekFrom::Start(start))?;
        }
        let copied = io::copy(&mut (&mut self.file).take(end - start), out)?;
        self.at = start + copied;
        if copied != end - start {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "a report's temporary file was cut short",
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_come_back_whole_in_any_order() {
        let dir = tempfile::tempdir().unwrap();
        let mut spool = Spool::new(dir.path()).unwrap();
        for part in ["alpha", "", "beta", "gamma"] {
            spool.push(part.as_bytes()).unwrap();
        }
        let mut parts = spool.into_parts().unwrap();
        let mut out = Vec::new();
        for i in [3, 0, 1, 2, 3] {
            parts.copy(i, &mut out).unwrap();
            out.push(b'|');
        }
        assert_eq!(String::from_utf8(out).unwrap(), "gamma|alpha||beta|gamma|");
        // Unnamed: the folder holds nothing of it.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
