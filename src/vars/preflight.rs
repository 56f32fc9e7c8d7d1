//! Variables checked before sending (issues 11.3 and 13.2): every `{{name}}` the selected
//! requests use (URL, headers, body, auth) that is unset or empty when the run starts, with
//! the requests that use it. Newman sends such names as written, so by default this is a
//! warning; `--strict-variables` refuses the run before anything is sent. A name some script
//! of the collection sets (`pm.environment.set('token', …)` and the like) is not reported:
//! it may well be set by the time its request is built. Pure analysis: no I/O, no printing.

use super::{VarStore, references, stringify};
// Names and request names come from the collection and reach the terminal (issue 16.5).
use crate::build::{Draft, Place};
use crate::plan::Suite;
use crate::postman::{BodySpec, FormPart};
use crate::text::printable_line;
use serde_json::{Map, Value};

/// Why a variable is reported.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum State {
    Unset,
    Empty,
}

/// One variable and every place the selected requests use it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub name: String,
    pub state: State,
    /// `(request, place)`, e.g. `("Token::User Token", Place::Body)`.
    pub uses: Vec<(String, Place)>,
}

/// `--strict-variables` and at least one finding: the run is refused (exit 2).
#[derive(Debug, thiserror::Error)]
#[error("--strict-variables: {}", render(.0))]
pub struct Refused(pub Vec<Finding>);

/// The findings over every suite's selected steps. `vars(s)` gives suite `s`'s starting
/// variables, `selected(s, j)` whether its step `j` runs at all.
pub fn analyse(
    suites: &[Suite],
    vars: impl Fn(usize) -> VarStore,
    data: &[Map<String, Value>],
    selected: impl Fn(usize, usize) -> bool,
) -> Vec<Finding> {
    let mut findings: Vec<Finding> = Vec::new();
    for (s, suite) in suites.iter().enumerate() {
        let mut vars = vars(s);
        // The first data row stands for the data scope; a name with a non-empty value in any
        // row counts as set.
        let data_names: Vec<&String> = data
            .iter()
            .flat_map(|row| row.iter())
            .filter(|(_, v)| !stringify(v).is_empty() && !v.is_null())
            .map(|(k, _)| k)
            .collect();
        if let Some(row) = data.first() {
            for (k, v) in row {
                vars.set(super::Scope::Data, k, v.clone());
            }
        }
        let script_set = names_set_by_scripts(suite);
        for (j, step) in suite.steps.iter().enumerate() {
            if !selected(s, j) {
                continue;
            }
            let Ok(draft) = Draft::from_step(step) else {
                continue;
            };
            let request = format!("{}::{}", suite.name, step.display_path());
            for (text, place) in texts(&draft) {
                for name in references(&text) {
                    if name.starts_with('$')
                        || script_set.contains(&name)
                        || data_names.contains(&&name)
                    {
                        continue;
                    }
                    let resolved = vars.resolve(&format!("{{{{{name}}}}}"));
                    // A set value may itself name unset variables: those are the ones reported.
                    let missing: Vec<(String, State)> = if resolved.unresolved.is_empty() {
                        if !resolved.text.is_empty() {
                            continue;
                        }
                        vec![(name, State::Empty)]
                    } else {
                        resolved
                            .unresolved
                            .into_iter()
                            .filter(|n| {
                                !n.starts_with('$')
                                    && !script_set.contains(n)
                                    && !data_names.contains(&n)
                            })
                            .map(|n| (n, State::Unset))
                            .collect()
                    };
                    for (name, state) in missing {
                        let use_ = (request.clone(), place);
                        match findings.iter_mut().find(|f| f.name == name) {
                            Some(f) if !f.uses.contains(&use_) => f.uses.push(use_),
                            Some(_) => {}
                            None => findings.push(Finding {
                                name,
                                state,
                                uses: vec![use_],
                            }),
                        }
                    }
                }
            }
        }
    }
    findings
}

/// Requests named per variable before the rest is counted.
const SHOWN_USES: usize = 3;

/// The findings as the lines shown to the user: one line per variable, its first uses named.
pub fn render(findings: &[Finding]) -> String {
    let mut out = format!(
        "{} variable(s) the selected requests use are unset or empty when the run starts:",
        findings.len()
    );
    for f in findings {
        let state = match f.state {
            State::Unset => "unset",
            State::Empty => "empty",
        };
        let mut uses: Vec<String> = f
            .uses
            .iter()
            .take(SHOWN_USES)
            .map(|(request, place)| format!("{place} of '{}'", printable_line(request)))
            .collect();
        if f.uses.len() > SHOWN_USES {
            uses.push(format!("and {} more", f.uses.len() - SHOWN_USES));
        }
        out.push_str(&format!(
            "\n  {{{{{}}}}} ({state}): {}",
            printable_line(&f.name),
            uses.join(", ")
        ));
    }
    out
}

/// The warning for names a request was sent with, left as written (`unresolved {{password}}
/// in body of 'User Token'`).
pub fn unresolved_warnings(unresolved: &[(String, Place)], request: &str) -> Vec<String> {
    unresolved
        .iter()
        .map(|(name, place)| {
            format!(
                "unresolved {{{{{}}}}} in {place} of '{}'",
                printable_line(name),
                printable_line(request)
            )
        })
        .collect()
}

/// Every text of a draft that variables are resolved in, with its place.
fn texts(draft: &Draft) -> Vec<(String, Place)> {
    let mut out = vec![
        (draft.method.clone(), Place::Url),
        (draft.to_http().url, Place::Url),
    ];
    for h in draft.headers.iter().filter(|h| !h.disabled) {
        out.push((h.key.clone(), Place::Header));
        out.push((h.value.clone().unwrap_or_default(), Place::Header));
    }
    match &draft.body {
        Some(BodySpec::Raw { text, .. }) => out.push((text.clone(), Place::Body)),
        Some(BodySpec::UrlEncoded(rows)) => {
            for r in rows.iter().filter(|r| !r.disabled) {
                out.push((r.key.clone(), Place::Body));
                out.push((r.value.clone().unwrap_or_default(), Place::Body));
            }
        }
        Some(BodySpec::FormData(parts)) => {
            for p in parts {
                match p {
                    FormPart::Text { key, value, .. } => {
                        out.push((key.clone(), Place::Body));
                        out.push((value.clone(), Place::Body));
                    }
                    FormPart::File { key, src, .. } => {
                        out.push((key.clone(), Place::Body));
                        out.extend(src.iter().map(|s| (s.clone(), Place::Body)));
                    }
                }
            }
        }
        Some(BodySpec::File { src: Some(src) }) => out.push((src.clone(), Place::Body)),
        Some(BodySpec::GraphQl { query, variables }) => {
            out.push((query.clone(), Place::Body));
            out.extend(variables.iter().map(|v| (v.clone(), Place::Body)));
        }
        Some(BodySpec::File { src: None } | BodySpec::Disabled) | None => {}
    }
    if let Some(auth) = &draft.auth {
        for v in auth.params.values() {
            if let Value::String(s) = v {
                out.push((s.clone(), Place::Auth));
            }
        }
    }
    out
}

/// Names some script of the suite sets by a literal: `pm.environment.set('token', …)`,
/// `pm.collectionVariables.set("x", …)`, `postman.setEnvironmentVariable('y', …)`, ….
fn names_set_by_scripts(suite: &Suite) -> Vec<String> {
    let mut names = Vec::new();
    for step in &suite.steps {
        for script in step.prerequest.iter().chain(&step.test) {
            for name in set_calls(&script.code) {
                if !names.contains(&name) {
                    names.push(name);
                }
            }
        }
    }
    names
}

/// The string literals passed first to a call whose name starts with `set` (`set(`,
/// `setEnvironmentVariable(`, `setGlobalVariable(` …).
fn set_calls(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(i) = rest.find("set") {
        let after = &rest[i + 3..];
        rest = after;
        let ident_end = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(after.len());
        let call = after[ident_end..].trim_start();
        let Some(args) = call.strip_prefix('(') else {
            continue;
        };
        let args = args.trim_start();
        let Some(quote) = args
            .chars()
            .next()
            .filter(|c| matches!(c, '\'' | '"' | '`'))
        else {
            continue;
        };
        if let Some(end) = args[1..].find(quote) {
            out.push(args[1..1 + end].to_string());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_names_of_set_calls_are_found() {
        let code = "pm.environment.set('token', t); pm.collectionVariables.set( \"id\" , 1);\n\
                    postman.setEnvironmentVariable(`legacy`, 2); pm.environment.set(name, 3);\n\
                    settings.reset(); pm.variables.set('a";
        assert_eq!(set_calls(code), ["token", "id", "legacy"]);
    }

    #[test]
    fn many_uses_are_counted_after_the_first_three() {
        let uses = (0..5).map(|i| (format!("r{i}"), Place::Url)).collect();
        let f = vec![Finding {
            name: "base".into(),
            state: State::Empty,
            uses,
        }];
        assert!(
            render(&f)
                .ends_with("{{base}} (empty): url of 'r0', url of 'r1', url of 'r2', and 2 more")
        );
    }

    #[test]
    fn the_report_names_each_variable_and_its_uses() {
        let f = vec![Finding {
            name: "password".into(),
            state: State::Unset,
            uses: vec![
                ("IAM::User Token".into(), Place::Body),
                ("IAM::Login".into(), Place::Header),
            ],
        }];
        assert_eq!(
            render(&f),
            "1 variable(s) the selected requests use are unset or empty when the run starts:\n  \
             {{password}} (unset): body of 'IAM::User Token', headers of 'IAM::Login'"
        );
    }
}
