//! The command line: clap types and their conversion into run options. Owns argument syntax and
//! help text; must not load files or run anything.

pub mod compare;
pub mod config;
pub mod newman;

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// A report: the live console or a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Reporter {
    Cli,
    Junit,
    Json,
    Html,
}

/// The live report's format (libtest's).
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Pretty,
    Terse,
    Json,
}

/// Colour in the live report; `on`/`off` as Newman spells them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Color {
    Auto,
    #[value(alias = "on")]
    Always,
    #[value(alias = "off")]
    Never,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Toggle {
    On,
    Off,
}

#[derive(Parser, Debug)]
#[command(
    name = "conform",
    version,
    about = "Runs Postman collections against a base URL and proves the API does what its docs say",
    after_help = crate::exit::TABLE
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Run collections as a test suite (one trial per request execution).
    #[command(after_help = crate::exit::TABLE)]
    Run(Box<RunArgs>),
    /// Make JSON Schemas from API docs: `derive` from OpenAPI, `infer` from example bodies.
    #[command(subcommand)]
    Schema(SchemaCommand),
    /// Serve the reference mock of the shipped APIs (Sahamati IAM, login, access token).
    Mock(MockArgs),
    /// Run the suite against a reference and a candidate (e.g. UAT and a mock) and report, per
    /// request, whether the candidate answers like the reference: status, content type, JSON shape.
    #[command(after_help = crate::exit::TABLE)]
    Compare(Box<compare::CompareArgs>),
    /// Convert a collection between formats: v1/v2.0/v2.1 JSON or a v3 folder → v2.1 JSON or a
    /// v3 folder.
    Convert(ConvertArgs),
    /// Work with report files: `merge` the reports of a sharded run into one of each.
    #[command(subcommand)]
    Report(ReportCommand),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell) to stdout.
    Completions {
        #[arg(value_name = "SHELL")]
        shell: clap_complete::Shell,
    },
    /// Print conform's manual page (roff) to stdout, e.g. `conform man > conform.1`.
    Man,
}

#[derive(Subcommand, Debug)]
pub enum ReportCommand {
    /// Merge the JUnit and JSON reports of `--shard K/N` jobs into OUT/junit.xml and
    /// OUT/report.json, as if one job had run everything.
    Merge {
        /// Report folders (holding junit.xml and/or report.json), or those files.
        #[arg(required = true, value_name = "DIR")]
        inputs: Vec<PathBuf>,
        /// Folder the merged reports go to.
        #[arg(long, value_name = "DIR", default_value = "reports/merged")]
        out: PathBuf,
    },
}

#[derive(Args, Debug, Clone)]
pub struct ConvertArgs {
    /// The collection: a JSON file (v1, v2.0, v2.1) or a v3 collection folder.
    #[arg(value_name = "IN")]
    pub input: PathBuf,
    /// Format to write.
    #[arg(long, value_name = "v2.1|v3")]
    pub to: Target,
    /// Output: the JSON file (v2.1), or a new or empty folder (v3).
    #[arg(long, value_name = "PATH")]
    pub out: PathBuf,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    #[value(name = "v2.1")]
    V2_1,
    #[value(name = "v3")]
    V3,
}

#[derive(Subcommand, Debug)]
pub enum SchemaCommand {
    /// One standalone JSON Schema (2020-12) per operation, status and JSON media type, plus an
    /// index.json mapping `METHOD /path` + status to its file.
    Derive {
        /// OpenAPI 3.0 or 3.1 document (YAML or JSON).
        #[arg(long, value_name = "SPEC")]
        openapi: PathBuf,
        /// Output folder, e.g. schemas/<api>/.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// JSON merge patches per schema file, applied after deriving (where other docs are
        /// more precise than the spec).
        #[arg(long, value_name = "FILE")]
        overlay: Option<PathBuf>,
    },
    /// A schema from one or more example JSON bodies (required = keys present in all).
    Infer {
        /// Example bodies: JSON files, v3 `*.example.yaml` files, v3 `*.request.yaml` files (their
        /// saved examples), or collections (v2.x JSON, v3 folders) with --request.
        #[arg(required = true, value_name = "EXAMPLE")]
        examples: Vec<PathBuf>,
        /// Output schema file.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// In a collection, the request whose saved examples to use (`Name` or `Folder::Name`).
        #[arg(long, value_name = "NAME")]
        request: Option<String>,
        /// Use only saved examples with this status (needed when they answer with several).
        #[arg(long, value_name = "CODE")]
        status: Option<u16>,
    },
}

#[derive(Args, Debug, Clone)]
pub struct MockArgs {
    /// Address to listen on.
    #[arg(long, value_name = "IP:PORT", default_value = "127.0.0.1:9000")]
    pub addr: std::net::SocketAddr,
    /// Users, entities and credentials to seed (default: the built-in ones, as in mock.json).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Break the mock on purpose: missing-field, wrong-type, wrong-status, wrong-content-type,
    /// not-json, slow[=DURATION].
    #[arg(long, value_name = "NAME")]
    pub drift: Option<crate::mock::Drift>,
    /// Serve the responses recorded by `conform compare --record DIR` instead of the built-in
    /// APIs (matched by method, path and the request body's shape).
    #[arg(long, value_name = "DIR", conflicts_with_all = ["config", "drift"])]
    pub replay: Option<PathBuf>,
}

#[derive(Args, Debug, Clone)]
pub struct RunArgs {
    /// Collection files, folders of *.postman_collection.json, v3 collection folders or folders
    /// of them (default: collections/).
    /// Arguments after `--` go to the test harness: a name FILTER, --exact, --skip ….
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Start the built-in reference mock on a free loopback port and run against it
    /// (implies --base-url; uses environments/mock.postman_environment.json unless -e is given).
    #[arg(long, conflicts_with = "base_url")]
    pub mock: bool,
    /// Drift mode for --mock (see `conform mock --help`).
    #[arg(long, value_name = "NAME", requires = "mock")]
    pub mock_drift: Option<crate::mock::Drift>,
    /// Postman environment file (v2 JSON, or v3 YAML by its .yaml/.yml name).
    #[arg(short = 'e', long, value_name = "FILE")]
    pub environment: Option<PathBuf>,
    /// Postman globals file.
    #[arg(short = 'g', long, value_name = "FILE")]
    pub globals: Option<PathBuf>,
    /// Set an environment variable (repeatable); wins over the environment file.
    #[arg(long = "env-var", value_name = "KEY=VALUE", value_parser = key_value)]
    pub env_vars: Vec<(String, String)>,
    /// Set a global variable (repeatable).
    #[arg(long = "global-var", value_name = "KEY=VALUE", value_parser = key_value)]
    pub global_vars: Vec<(String, String)>,
    /// Send every request to this scheme://host:port, with its path in front of each request's path.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Remove this prefix from each request's path before --base-url applies (repeatable), e.g.
    /// `--strip-path /iam/v1` for a server that serves the API at its root.
    #[arg(long, value_name = "PREFIX", requires = "base_url")]
    pub strip_path: Vec<String>,
    /// Replace the path prefix FROM with TO before --base-url applies (repeatable).
    #[arg(long, value_name = "FROM=TO", requires = "base_url", value_parser = key_value)]
    pub path_map: Vec<(String, String)>,
    /// Folder that relative file paths in bodies are read from (default: current directory).
    #[arg(long, value_name = "DIR")]
    pub working_dir: Option<PathBuf>,
    /// Let body files be read from outside --working-dir (never from /proc, /sys or /dev).
    #[arg(long, overrides_with = "no_insecure_file_read")]
    pub insecure_file_read: bool,
    /// Confine body files to --working-dir (the default; Newman's flag, accepted).
    #[arg(long, overrides_with = "insecure_file_read")]
    pub no_insecure_file_read: bool,

    /// Number of iterations (default: one per iteration-data row, else 1).
    #[arg(short = 'n', long, visible_alias = "iteration-count", value_name = "N")]
    pub iterations: Option<usize>,
    /// CSV or JSON file: each row is the data scope of one iteration.
    #[arg(short = 'd', long, value_name = "FILE")]
    pub iteration_data: Option<PathBuf>,
    /// Run only this folder or request (by name; repeatable).
    #[arg(long = "folder", value_name = "NAME")]
    pub folders: Vec<String>,
    /// Stop at the first failure; the rest is reported as not run. Newman's `--bail failure`
    /// means the same; `--bail folder` (refuse an unknown --folder) is always so here.
    #[arg(long, value_name = "failure|folder", num_args = 0..=1, require_equals = true,
          default_missing_value = "failure", value_delimiter = ',',
          value_parser = ["failure", "folder"])]
    pub bail: Option<Vec<String>>,
    /// Pause between requests: milliseconds, or a duration like 500ms, 2s, 1m.
    #[arg(long, value_name = "DURATION", default_value = "0", value_parser = millis)]
    pub delay_request: u64,
    /// Per-request timeout: milliseconds, or a duration like 5s or 1m.
    #[arg(long, value_name = "DURATION", default_value = "30000", value_parser = millis)]
    pub timeout_request: u64,
    /// Time one script may run (an endless loop fails that script only): milliseconds or 5s.
    #[arg(long, value_name = "DURATION", default_value = "5000", value_parser = millis)]
    pub timeout_script: u64,
    /// Heap limit of the script engine (suffixes K, M, G: 256M, 1G). Default: 64M plus 8
    /// times the bodies of the request at hand, so a script on a large response runs; a
    /// script that reaches the limit fails with an error naming this flag.
    #[arg(long, value_name = "SIZE", value_parser = size)]
    pub script_memory: Option<u64>,
    /// Timeout for the whole run (milliseconds, or like 10m); what has not run by then is
    /// reported as not run.
    #[arg(long, value_name = "DURATION", value_parser = millis)]
    pub timeout: Option<u64>,
    /// Exit 0 whatever the checks said (Newman's -x); input errors still exit 2.
    #[arg(short = 'x', long)]
    pub suppress_exit_code: bool,
    /// No live console (Newman's --silent); report files and warnings are still written.
    #[arg(long)]
    pub silent: bool,
    /// Accept any TLS certificate.
    #[arg(short = 'k', long)]
    pub insecure: bool,
    /// Trust the CA certificates in this PEM file in addition to the built-in roots (Newman's
    /// --ssl-extra-ca-certs).
    #[arg(long, value_name = "PEM", visible_alias = "ssl-extra-ca-certs")]
    pub ca_cert: Option<PathBuf>,
    /// Client certificate (PEM) for mutual TLS.
    #[arg(long, value_name = "PEM", requires = "ssl_client_key")]
    pub ssl_client_cert: Option<PathBuf>,
    /// Private key (PEM) of the client certificate: PKCS #8, PKCS #1 or SEC1, or encrypted
    /// PKCS #8 with --ssl-client-passphrase.
    #[arg(long, value_name = "PEM", requires = "ssl_client_cert")]
    pub ssl_client_key: Option<PathBuf>,
    /// Passphrase of an encrypted client key (better given by the environment variable than on
    /// the command line, where other users of the machine can read it).
    #[arg(
        long,
        value_name = "PASSPHRASE",
        env = "CONFORM_SSL_CLIENT_PASSPHRASE",
        hide_env_values = true,
        requires = "ssl_client_key"
    )]
    pub ssl_client_passphrase: Option<String>,
    /// Do not follow redirects (each item's protocolProfileBehavior can still turn them off).
    #[arg(long)]
    pub ignore_redirects: bool,
    /// Largest response body read, in bytes (suffixes K, M, G accepted); larger fails the request.
    #[arg(long, value_name = "SIZE", default_value = "50M", value_parser = size)]
    pub max_response_size: u64,
    /// No-op, kept for old command lines: unresolved {{variables}} are sent as written by
    /// default now (as Newman does), with a warning; see --strict-variables.
    #[arg(long, conflicts_with = "strict_variables")]
    pub allow_unresolved: bool,
    /// Refuse the run (exit 2, nothing sent) when a variable the selected requests use is unset
    /// or empty, listing each with its requests; a {{variable}} still unresolved when its
    /// request is built fails that request.
    #[arg(long)]
    pub strict_variables: bool,
    /// Also mask values of variables whose name contains NAME (repeatable).
    #[arg(long = "redact", value_name = "NAME")]
    pub redact: Vec<String>,
    /// Folder of derived schemas (index.json per API) to check responses against, in addition
    /// to the built-in contracts (an API of the same name replaces the built-in one).
    /// Default: ./schemas when it exists.
    #[arg(long, value_name = "DIR")]
    pub schemas: Option<PathBuf>,
    /// Do not apply the contracts built into conform (Sahamati IAM, login, access token).
    #[arg(long)]
    pub no_builtin_schemas: bool,
    /// Check responses against this OpenAPI document directly (repeatable).
    #[arg(long, value_name = "SPEC")]
    pub openapi: Vec<PathBuf>,
    /// Check each response against its request's saved examples (v2.1 `response[]`, v3
    /// `*.example.yaml`): status, content type, and the JSON body against a schema inferred
    /// from the examples.
    #[arg(long)]
    pub examples: bool,
    /// Fail responses that no documented operation matches (default: counted as unchecked).
    #[arg(long)]
    pub strict: bool,
    /// Assert JSON Schema `format` (date-time, uuid, …): on or off.
    #[arg(long, value_name = "on|off", default_value = "on")]
    pub formats: Toggle,
    /// Reporters: cli (the live console), junit, json, html.
    #[arg(
        short = 'r',
        long,
        value_name = "LIST",
        value_delimiter = ',',
        default_value = "cli,junit,json"
    )]
    pub reporters: Vec<Reporter>,
    /// Folder the report files go to.
    #[arg(long, value_name = "DIR", default_value = "reports")]
    pub report_dir: PathBuf,
    /// JUnit XML file (default: REPORT_DIR/junit.xml); implies the junit reporter.
    #[arg(long, value_name = "FILE")]
    pub reporter_junit_export: Option<PathBuf>,
    /// JSON report file (default: REPORT_DIR/report.json); implies the json reporter.
    #[arg(long, value_name = "FILE")]
    pub reporter_json_export: Option<PathBuf>,
    /// HTML report file (default: REPORT_DIR/report.html); implies the html reporter.
    #[arg(long, value_name = "FILE")]
    pub reporter_html_export: Option<PathBuf>,
    /// Write the environment as it stands at the end of the run (Postman format).
    #[arg(long, value_name = "FILE")]
    pub export_environment: Option<PathBuf>,
    /// Write the globals as they stand at the end of the run (Postman format).
    #[arg(long, value_name = "FILE")]
    pub export_globals: Option<PathBuf>,
    /// Start the run's cookie jar from this file (tough-cookie JSON, as Newman reads it).
    #[arg(long, value_name = "FILE")]
    pub cookie_jar: Option<PathBuf>,
    /// Write the cookie jar as it stands at the end of the run (tough-cookie JSON, as Newman
    /// writes it). Values of secret-named cookies (session, token, ...) are masked unless
    /// --export-secrets.
    #[arg(long, value_name = "FILE")]
    pub export_cookie_jar: Option<PathBuf>,
    /// Write the collection as it stands at the end of the run (v2.1 JSON, with the collection
    /// variables the scripts set), as Newman's --export-collection does.
    #[arg(long, value_name = "FILE")]
    pub export_collection: Option<PathBuf>,
    /// Write secret values unmasked into exported files.
    #[arg(long)]
    pub export_secrets: bool,

    /// Run only shard K of N (1-based): each collection's iteration is a unit (its requests
    /// depend on each other), dealt by size so the shards balance; N CI jobs together run
    /// everything exactly once. Merge their reports with `conform report merge`.
    #[arg(long, value_name = "K/N", value_parser = shard)]
    pub shard: Option<(usize, usize)>,
    /// Print each request and response as sent and received (secrets masked) on stderr.
    #[arg(short = 'v', long)]
    pub verbose: bool,

    /// List the trials and exit; nothing is sent.
    #[arg(long)]
    pub list: bool,
    /// The filter must match a trial name exactly.
    #[arg(long)]
    pub exact: bool,
    /// Skip trials whose name contains this (repeatable).
    #[arg(long, value_name = "FILTER")]
    pub skip: Vec<String>,
    /// Output format of the live report.
    #[arg(long, value_name = "pretty|terse|json")]
    pub format: Option<Format>,
    /// Colour: auto, always (on), never (off).
    #[arg(long, value_name = "auto|always|never")]
    pub color: Option<Color>,
    /// No colour (Newman's --no-color; the same as --color never).
    #[arg(long, conflicts_with = "color")]
    pub no_color: bool,
    /// Plain ASCII in the console (`...` for elisions), as Newman's --disable-unicode.
    #[arg(long)]
    pub disable_unicode: bool,
    /// No summary lines under the console (requests tally, contracts in use, coverage).
    #[arg(long, visible_alias = "reporter-no-summary")]
    pub reporter_cli_no_summary: bool,
    /// No live console (the same as --silent, as Newman's cli reporter option).
    #[arg(long, visible_alias = "reporter-silent")]
    pub reporter_cli_silent: bool,
    /// Accepted for Newman command lines: conform prints no banner.
    #[arg(long)]
    pub reporter_cli_no_banner: bool,
    /// Quieter output (one character per trial).
    #[arg(short = 'q', long)]
    pub quiet: bool,
    /// Show scripts' console output for passing trials too.
    #[arg(long)]
    pub nocapture: bool,

    /// Harness arguments after `--`: FILTER, --exact, --skip ….
    #[arg(last = true, value_name = "HARNESS_ARGS")]
    pub harness: Vec<String>,
}

fn key_value(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((k, v)) if !k.is_empty() => Ok((k.to_string(), v.to_string())),
        _ => Err(format!("expected KEY=VALUE, got '{s}'")),
    }
}

fn shard(s: &str) -> Result<(usize, usize), String> {
    let parsed = s.split_once('/').and_then(|(k, n)| {
        Some((
            k.trim().parse::<usize>().ok()?,
            n.trim().parse::<usize>().ok()?,
        ))
    });
    match parsed {
        Some((k, n)) if n >= 1 && (1..=n).contains(&k) => Ok((k, n)),
        _ => Err(format!(
            "expected K/N with 1 <= K <= N, like 2/4, got '{s}'"
        )),
    }
}

/// Milliseconds from `5000`, `250ms`, `5s`, `1.5s` or `2m` (Newman takes milliseconds; people
/// write durations).
fn millis(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let split = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let factor = match unit.trim() {
        "" | "ms" => 1.0,
        "s" => 1_000.0,
        "m" | "min" => 60_000.0,
        "h" => 3_600_000.0,
        other => {
            return Err(format!(
                "unknown unit '{other}' in '{s}' (use ms, s, m or h)"
            ));
        }
    };
    let value: f64 = num
        .parse()
        .map_err(|_| format!("expected a duration like 5000, 500ms, 5s or 1m, got '{s}'"))?;
    let ms = value * factor;
    if !ms.is_finite() || ms < 0.0 || ms > u64::MAX as f64 / 2.0 {
        return Err(format!("duration '{s}' is out of range"));
    }
    Ok(ms.round() as u64)
}

/// Newman writes `--bail failure` with a space; clap would take `failure` for a collection
/// path, so the words Newman gives `--bail` are joined to it before parsing.
pub fn newman_argv(args: impl IntoIterator<Item = std::ffi::OsString>) -> Vec<std::ffi::OsString> {
    let mut out: Vec<std::ffi::OsString> = Vec::new();
    for arg in args {
        let is_modifier = arg.to_str().is_some_and(|a| {
            !a.is_empty() && a.split(',').all(|m| m == "failure" || m == "folder")
        });
        if is_modifier && out.last().is_some_and(|l| l == "--bail") {
            let last = out.len() - 1;
            out[last] = format!("--bail={}", arg.to_string_lossy()).into();
            continue;
        }
        out.push(arg);
    }
    out
}

fn size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let (num, mult) = match t.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        None => (t, 1u64),
        Some((i, _)) => {
            let mult = match t[i..]
                .trim()
                .to_ascii_uppercase()
                .trim_end_matches("IB")
                .trim_end_matches('B')
            {
                "" => 1,
                "K" => 1 << 10,
                "M" => 1 << 20,
                "G" => 1 << 30,
                other => return Err(format!("unknown size suffix '{other}' (use K, M or G)")),
            };
            (&t[..i], mult)
        }
    };
    num.parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(mult))
        .filter(|n| *n > 0)
        .ok_or_else(|| format!("expected a size like 1048576, 512K or 50M, got '{s}'"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_parse_as_newman_and_people_write_them() {
        assert_eq!(millis("5000").unwrap(), 5000);
        assert_eq!(millis("250ms").unwrap(), 250);
        assert_eq!(millis("5s").unwrap(), 5000);
        assert_eq!(millis("1.5s").unwrap(), 1500);
        assert_eq!(millis("2m").unwrap(), 120_000);
        assert!(millis("5 parsecs").is_err() && millis("").is_err() && millis("-1").is_err());
        let argv = |v: &[&str]| -> Vec<String> {
            newman_argv(v.iter().map(std::ffi::OsString::from))
                .into_iter()
                .map(|a| a.to_string_lossy().into_owned())
                .collect()
        };
        assert_eq!(
            argv(&["conform", "run", "c.json", "--bail", "failure"]),
            ["conform", "run", "c.json", "--bail=failure"]
        );
        assert_eq!(
            argv(&["conform", "run", "--bail", "c.json"]),
            ["conform", "run", "--bail", "c.json"]
        );
    }

    #[test]
    fn sizes_and_pairs_parse() {
        assert_eq!(size("50M").unwrap(), 50 << 20);
        assert_eq!(size("512KiB").unwrap(), 512 << 10);
        assert_eq!(size("100").unwrap(), 100);
        assert!(size("12X").is_err());
        assert!(size("0").is_err());
        assert_eq!(key_value("a=b=c").unwrap(), ("a".into(), "b=c".into()));
        assert!(key_value("=x").is_err());
        assert_eq!(shard("2/4").unwrap(), (2, 4));
        assert!(shard("0/4").is_err() && shard("5/4").is_err() && shard("1/0").is_err());
    }
}
