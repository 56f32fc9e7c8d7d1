//! A report's body kept on disk while the run goes on: each execution's part of a report file,
//! rendered once when the execution arrives and appended to an unnamed temporary file next to
//! the report, each after its length, so the run holds nothing of it in memory. At the end the
//! parts are copied out in report order (`Parts::copy`) under a head that knows the totals.

use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::Path;

/// Parts appended in arrival order, each after its length (4 bytes, little-endian): nothing
/// per part is held in memory while the run goes on.
pub struct Spool {
    out: BufWriter<File>,
}

impl Spool {
    /// An unnamed file in `dir` (the report's own folder: same file system, and nothing left
    /// behind if the run is killed).
    pub fn new(dir: &Path) -> io::Result<Spool> {
        std::fs::create_dir_all(dir)?;
        Ok(Spool {
            out: BufWriter::with_capacity(64 * 1024, tempfile::tempfile_in(dir)?),
        })
    }

    /// Appends one part (a part is one execution's rendering: bounded excerpts, far below
    /// 4 GiB).
    pub fn push(&mut self, part: &[u8]) -> io::Result<()> {
        let len = u32::try_from(part.len())
            .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "a report part over 4 GiB"))?;
        self.out.write_all(&len.to_le_bytes())?;
        self.out.write_all(part)
    }

    /// The parts, to be read back.
    pub fn into_parts(self) -> io::Result<Parts> {
        let mut file = self.out.into_inner().map_err(|e| e.into_error())?;
        file.seek(SeekFrom::Start(0))?;
        Ok(Parts {
            file: BufReader::with_capacity(64 * 1024, file),
            next: 0,
            starts: None,
        })
    }
}

/// The spooled parts, copied out by index. Read in arrival order (a single session's run)
/// they stream from the file as they lie; the first read out of order indexes where each part
/// starts (8 bytes a part, for the time the report is assembled).
pub struct Parts {
    file: BufReader<File>,
    /// The part the file is positioned at (its length field), when reading in order.
    next: usize,
    starts: Option<Vec<u64>>,
}

impl Parts {
    /// Copies part `i` to `out`.
    pub fn copy(&mut self, i: usize, out: &mut dyn Write) -> io::Result<()> {
        if self.starts.is_none() && i != self.next {
            self.starts = Some(self.index()?);
        }
        if let Some(starts) = &self.starts {
            let start = *starts.get(i).ok_or_else(cut_short)?;
            self.file.seek(SeekFrom::Start(start))?;
        }
        let len = u64::from(self.length()?.ok_or_else(cut_short)?);
        let copied = io::copy(&mut (&mut self.file).take(len), out)?;
        if copied != len {
            return Err(cut_short());
        }
        self.next = i + 1;
        Ok(())
    }

    /// Where each part starts (its length field), from one pass over the file.
    fn index(&mut self) -> io::Result<Vec<u64>> {
        self.file.seek(SeekFrom::Start(0))?;
        let mut starts = Vec::new();
        let mut at = 0u64;
        while let Some(len) = self.length()? {
            starts.push(at);
            self.file.seek_relative(i64::from(len))?;
            at += 4 + u64::from(len);
        }
        Ok(starts)
    }

    /// The length field at the current position; `None` at the end of the file.
    fn length(&mut self) -> io::Result<Option<u32>> {
        let mut field = [0u8; 4];
        match self.file.read_exact(&mut field) {
            Ok(()) => Ok(Some(u32::from_le_bytes(field))),
            Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => Ok(None),
            Err(e) => Err(e),
        }
    }
}

fn cut_short() -> io::Error {
    io::Error::new(
        io::ErrorKind::UnexpectedEof,
        "a report's temporary file was cut short",
    )
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
        assert!(parts.copy(4, &mut Vec::new()).is_err(), "no fifth part");
    }

    #[test]
    fn parts_read_in_order_need_no_index() {
        let dir = tempfile::tempdir().unwrap();
        let mut spool = Spool::new(dir.path()).unwrap();
        for k in 0..1000 {
            spool.push(format!("part {k};").as_bytes()).unwrap();
        }
        let mut parts = spool.into_parts().unwrap();
        let mut out = Vec::new();
        for i in 0..1000 {
            parts.copy(i, &mut out).unwrap();
        }
        assert!(parts.starts.is_none());
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with("part 0;part 1;") && text.ends_with("part 999;"));
        // Then out of order, from the same file.
        let mut again = Vec::new();
        parts.copy(500, &mut again).unwrap();
        parts.copy(2, &mut again).unwrap();
        assert_eq!(again, b"part 500;part 2;");
        // Unnamed: the folder holds nothing of it.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
