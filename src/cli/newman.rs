//! `newman run` options conform does not take, refused by name with what to use instead (clap's
//! generic "unexpected argument" would not say why, nor what does the job here). Newman's
//! options that conform does take are ordinary clap arguments in `RunArgs`.

use std::ffi::OsString;

#[derive(Debug, thiserror::Error)]
#[error("{flag}: {why}")]
pub struct Refused {
    pub flag: String,
    pub why: String,
}

/// Newman's options without a counterpart here, and what to do instead.
const REFUSED: &[(&str, &str)] = &[
    (
        "--postman-api-key",
        "collections are not loaded from the Postman API; export the collection (or give its \
         https:// URL with an access key in the URL) and pass the file or URL",
    ),
    (
        "--ssl-client-cert-list",
        "per-host client certificates are not supported; give one identity with \
         --ssl-client-cert and --ssl-client-key",
    ),
    (
        "--reporter-cli-show-timestamps",
        "not supported; the JSON and JUnit reports carry each request's start time",
    ),
    (
        "--reporter-cli-no-failures",
        "not supported: the console always lists failures; use -q or --format terse for \
         one character per request",
    ),
    (
        "--reporter-cli-no-assertions",
        "not supported: the console prints one line per request, not per assertion; use -q \
         for less",
    ),
    (
        "--reporter-cli-no-success-assertions",
        "not supported: the console prints no passing assertions; use -q for less",
    ),
    (
        "--reporter-cli-no-console",
        "not supported: scripts' console output is shown only for failed requests (and with \
         --nocapture); use -q for less",
    ),
];

/// Reporter options conform takes (clap knows them; everything else `--reporter-…` is refused).
const REPORTER_OPTIONS: &[&str] = &[
    "--reporters",
    "--reporter-junit-export",
    "--reporter-json-export",
    "--reporter-html-export",
    "--reporter-cli-no-summary",
    "--reporter-no-summary",
    "--reporter-cli-silent",
    "--reporter-silent",
    "--reporter-cli-no-banner",
];

/// Reporters built in; Newman's external ones are refused with the nearest.
const REPORTERS: &[&str] = &["cli", "junit", "json", "html"];

/// Checks a `conform run` command line (the harness's arguments after `--` are not looked at).
pub fn check(argv: &[OsString]) -> Result<(), Refused> {
    let args: Vec<String> = argv
        .iter()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    if args.get(1).map(String::as_str) != Some("run") {
        return Ok(());
    }
    let mut i = 2;
    while i < args.len() {
        let arg = &args[i];
        if arg == "--" {
            break;
        }
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n, Some(v)),
            _ => (arg.as_str(), None),
        };
        if let Some((_, why)) = REFUSED.iter().find(|(f, _)| *f == name) {
            return Err(refused(name, why));
        }
        if name.starts_with("--reporter-") && !REPORTER_OPTIONS.contains(&name) {
            return Err(refused(
                name,
                "not a reporter option conform takes: the reports are cli, junit, json and \
                 html, with --reporter-{junit,json,html}-export FILE, --reporter-cli-no-summary \
                 and --reporter-cli-silent",
            ));
        }
        if name == "-r" || name == "--reporters" {
            let value = inline
                .map(str::to_string)
                .or_else(|| args.get(i + 1).cloned());
            if let Some(v) = value {
                for r in v.split(',').map(str::trim) {
                    if !REPORTERS.contains(&r) {
                        return Err(refused(
                            &format!("--reporters {r}"),
                            &format!(
                                "'{r}' is not built in: the reporters are {} ({}",
                                REPORTERS.join(", "),
                                if r.starts_with("html") {
                                    "html writes a self-contained page)"
                                } else {
                                    "json carries every request, response and check)"
                                }
                            ),
                        ));
                    }
                }
            }
        }
        i += 1;
    }
    Ok(())
}

fn refused(flag: &str, why: &str) -> Refused {
    Refused {
        flag: flag.to_string(),
        why: why.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn argv(v: &[&str]) -> Vec<OsString> {
        v.iter().map(OsString::from).collect()
    }

    #[test]
    fn unsupported_newman_options_are_named() {
        let e = check(&argv(&[
            "conform",
            "run",
            "c.json",
            "--postman-api-key",
            "k",
        ]))
        .unwrap_err();
        assert_eq!(e.flag, "--postman-api-key");
        let e = check(&argv(&["conform", "run", "--reporter-htmlextra-title=x"])).unwrap_err();
        assert_eq!(e.flag, "--reporter-htmlextra-title");
        let e = check(&argv(&["conform", "run", "-r", "cli,htmlextra"])).unwrap_err();
        assert!(e.to_string().contains("'htmlextra' is not built in"), "{e}");
        assert!(
            check(&argv(&[
                "conform",
                "run",
                "-r",
                "cli,junit",
                "--reporter-no-summary"
            ]))
            .is_ok()
        );
        // After `--` the words are the harness's; other subcommands are not looked at.
        assert!(check(&argv(&["conform", "run", "--", "--postman-api-key"])).is_ok());
        assert!(check(&argv(&["conform", "mock", "--postman-api-key"])).is_ok());
    }
}
