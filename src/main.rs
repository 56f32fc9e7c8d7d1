//! The `conform` binary: parse the command line, call the library, exit with the code from the
//! one exit-code table.

use clap::Parser;
use conform::cli::{Cli, Command};
use conform::exit::Exit;
use std::process::ExitCode;

fn main() -> ExitCode {
    one_malloc_arena();
    let argv = conform::cli::newman_argv(std::env::args_os());
    if let Err(e) = conform::cli::newman::check(&argv) {
        report_error(&e);
        return ExitCode::from(Exit::Usage.code());
    }
    let cli = match Cli::try_parse_from(argv) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return match e.kind() {
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => {
                    ExitCode::SUCCESS
                }
                _ => ExitCode::from(Exit::Usage.code()),
            };
        }
    };
    let exit = match cli.command {
        Command::Run(args) => match conform::run::run(*args) {
            Ok(exit) => exit,
            Err(e) => {
                report_error(&e);
                Exit::Usage
            }
        },
        Command::Compare(args) => match conform::compare::compare(*args) {
            Ok(exit) => exit,
            Err(e) => {
                report_error(&e);
                Exit::Usage
            }
        },
        Command::Schema(cmd) => match conform::schema_cmd::run(cmd) {
            Ok(()) => Exit::Success,
            Err(e) => {
                report_error(&e);
                Exit::Usage
            }
        },
        Command::Convert(args) => match conform::convert_cmd::run(args) {
            Ok(()) => Exit::Success,
            Err(e) => {
                report_error(&e);
                Exit::Usage
            }
        },
        Command::Report(conform::cli::ReportCommand::Merge { inputs, out }) => {
            match conform::report::merge::merge(&inputs, &out) {
                Ok(merged) => {
                    for (what, written) in [("JUnit", merged.junit), ("JSON", merged.json)] {
                        if let Some((path, n)) = written {
                            println!("merged {n} {what} report(s) into {}", path.display());
                        }
                    }
                    Exit::Success
                }
                Err(e) => {
                    report_error(&e);
                    Exit::Usage
                }
            }
        }
        Command::Completions { shell } => {
            use clap::CommandFactory;
            let mut cmd = Cli::command();
            // Into memory first: clap_complete panics on a closed stdout (`| head`).
            let mut text = Vec::new();
            clap_complete::generate(shell, &mut cmd, "conform", &mut text);
            print_quietly(&text);
            Exit::Success
        }
        Command::Man => {
            use clap::CommandFactory;
            let mut text = Vec::new();
            match clap_mangen::Man::new(Cli::command()).render(&mut text) {
                Ok(()) => {
                    print_quietly(&text);
                    Exit::Success
                }
                Err(e) => {
                    eprintln!("error: cannot render the manual page: {e}");
                    Exit::Usage
                }
            }
        }
        Command::Mock(args) => match conform::mock_cmd::serve(args) {
            Ok(()) => Exit::Success,
            Err(e) => {
                report_error(&e);
                Exit::Usage
            }
        },
    };
    ExitCode::from(exit.code())
}

/// An error that ends the command, on stderr. It may quote a collection, a file name or a server
/// (a request name, a body file's path): control characters are shown escaped, never sent to
/// the terminal raw (issue 16.5).
fn report_error(e: &dyn std::fmt::Display) {
    eprintln!("error: {}", conform::text::printable(&e.to_string()));
}

/// Writes to stdout; a closed pipe (`| head`) just ends the output.
fn print_quietly(bytes: &[u8]) {
    use std::io::Write;
    let mut out = std::io::stdout();
    let _ = out.write_all(bytes).and_then(|_| out.flush());
}

/// glibc gives every thread that allocates its own arena, grown by `mprotect` in small steps.
/// conform's threads take turns (the loader, then one session thread per collection), so
/// extra arenas buy no parallelism; they cost ~1.5 ms of a one-request run's ~6 ms and keep
/// memory freed by one thread out of reach of the next (bench/README.md).
fn one_malloc_arena() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: called first thing in main, before any other thread exists; mallopt only sets
    // a tuning parameter and reports failure by its return value, which needs no handling.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 1);
    }
}
