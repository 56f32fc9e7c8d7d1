//! The `conform` binary: parse the command line, call the library, exit with the code from the
//! one exit-code table.

use clap::Parser;
use conform::cli::{Cli, Command};
use conform::exit::Exit;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
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
                eprintln!("error: {e}");
                Exit::Usage
            }
        },
        Command::Schema(cmd) => match conform::schema_cmd::run(cmd) {
            Ok(()) => Exit::Success,
            Err(e) => {
                eprintln!("error: {e}");
                Exit::Usage
            }
        },
        Command::Mock(args) => match conform::mock_cmd::serve(args) {
            Ok(()) => Exit::Success,
            Err(e) => {
                eprintln!("error: {e}");
                Exit::Usage
            }
        },
    };
    ExitCode::from(exit.code())
}
