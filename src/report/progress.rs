//! The live progress line (issue 13.5): on a terminal, while the console waits for a trial,
//! `[done/total] N failed, 12.3s` is written after libtest's open `test NAME ... ` and taken
//! away before libtest writes the result there, so nothing of it is left when the run ends.
//! Never when stdout is not a terminal, with `-q`, or with `--format json`/`terse` (the caller
//! turns it on only for libtest's pretty format on a terminal). Also owns fitting names to the
//! terminal's width.

use crate::outcome::Outcome;
use std::io::Write;
use std::time::{Duration, Instant};

/// How often the elapsed time is redrawn while a request is in flight.
pub const TICK: Duration = Duration::from_millis(250);

/// Columns kept free after `test NAME ... ` for the progress text.
pub const ROOM: usize = 30;

#[derive(Debug)]
pub struct Progress {
    on: bool,
    total: usize,
    done: usize,
    failed: usize,
    started: Instant,
    /// Terminal columns left after the open line (the text is cut to fit, never wrapped).
    room: usize,
    /// Something is drawn after the open line and must be taken away.
    drawn: bool,
}

impl Default for Progress {
    fn default() -> Self {
        Progress::off()
    }
}

impl Progress {
    pub fn off() -> Progress {
        Progress {
            on: false,
            total: 0,
            done: 0,
            failed: 0,
            started: Instant::now(),
            room: 0,
            drawn: false,
        }
    }

    /// `total` trials will run; `room` columns are free after the open line.
    pub fn new(total: usize, room: usize) -> Progress {
        Progress {
            on: true,
            total,
            room,
            ..Progress::off()
        }
    }

    pub fn is_on(&self) -> bool {
        self.on
    }

    /// A trial's execution came in (`first`: the first for that trial).
    pub fn record(&mut self, outcome: &Outcome, first: bool) {
        if first {
            self.done += 1;
        }
        if matches!(outcome, Outcome::Failed | Outcome::Broken(_)) {
            self.failed += 1;
        }
    }

    /// The text shown, cut to the room there is.
    pub fn text(&self) -> String {
        let t = format!(
            "[{}/{}] {} failed, {:.1}s",
            self.done,
            self.total,
            self.failed,
            self.started.elapsed().as_secs_f64()
        );
        t.chars().take(self.room).collect()
    }

    /// Writes the text after the cursor and puts the cursor back where libtest left it.
    pub fn draw(&mut self) {
        if !self.on || self.room < 8 {
            return;
        }
        let text = self.text();
        let mut out = std::io::stdout();
        // Erase what was there, save the cursor, write dimmed, restore the cursor.
        let _ = write!(out, "\x1b[K\x1b7\x1b[2m{text}\x1b[0m\x1b8");
        let _ = out.flush();
        self.drawn = true;
    }

    /// Takes the text away; the cursor stays where libtest writes the result.
    pub fn clear(&mut self) {
        if !self.drawn {
            return;
        }
        let mut out = std::io::stdout();
        let _ = out.write_all(b"\x1b[K");
        let _ = out.flush();
        self.drawn = false;
    }
}

/// The terminal's width in columns (stdout's), or `COLUMNS`, or None.
pub fn terminal_width() -> Option<usize> {
    #[cfg(unix)]
    {
        // SAFETY: TIOCGWINSZ only fills the winsize struct we own; failure is a return value.
        let mut ws: libc::winsize = unsafe { std::mem::zeroed() };
        let ok = unsafe { libc::ioctl(libc::STDOUT_FILENO, libc::TIOCGWINSZ, &mut ws) } == 0;
        if ok && ws.ws_col > 0 {
            return Some(ws.ws_col as usize);
        }
    }
    std::env::var("COLUMNS").ok()?.trim().parse().ok()
}

/// The widest name that fits `test NAME ... FAILED` and the progress text in `width` columns.
pub fn name_room(width: usize) -> usize {
    width
        .saturating_sub("test ".len() + " ... ".len() + ROOM)
        .max(20)
}

/// `name` elided in the middle to at most `max` characters (`…`, one column).
pub fn elide(name: &str, max: usize) -> String {
    let count = name.chars().count();
    if count <= max || max < 3 {
        return name.to_string();
    }
    let head = (max - 1) / 2;
    let tail = max - 1 - head;
    let h: String = name.chars().take(head).collect();
    let t: String = name.chars().skip(count - tail).collect();
    format!("{h}…{t}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_elided_in_the_middle_to_the_room_there_is() {
        let name = "coll::folder::a-very-long-request-name-indeed";
        let e = elide(name, 20);
        assert_eq!(e.chars().count(), 20);
        assert!(e.starts_with("coll::fol") && e.ends_with("e-indeed") && e.contains('…'));
        assert_eq!(elide("short", 20), "short");
        assert_eq!(name_room(80), 80 - 5 - 5 - ROOM);
        assert_eq!(name_room(10), 20);
    }

    #[test]
    fn the_text_counts_trials_and_failures_and_fits_its_room() {
        let mut p = Progress::new(3, 40);
        p.record(&Outcome::Passed, true);
        p.record(&Outcome::Failed, true);
        p.record(&Outcome::Failed, false);
        assert!(p.text().starts_with("[2/3] 2 failed, "), "{}", p.text());
        let narrow = Progress::new(3, 5);
        assert_eq!(narrow.text().chars().count(), 5);
    }
}
