//! GitHub Actions annotations: when `GITHUB_ACTIONS=true`, one `::error` line per failed or
//! broken execution, so failures show up on the pull request. Pure formatting.

use crate::outcome::{Execution, Outcome};
use crate::text::{printable, printable_line};

pub fn annotations(executions: &[Execution]) -> String {
    let mut out = String::new();
    for e in executions {
        let detail = match &e.outcome {
            Outcome::Failed => e
                .failed_checks()
                .map(|(name, detail)| {
                    format!("{}: {detail}", crate::report::hub::display_name(name))
                })
                .collect::<Vec<_>>()
                .join("\n"),
            Outcome::Broken(cause) => cause.to_string(),
            Outcome::Passed | Outcome::NotRun(_) => continue,
        };
        let line = e
            .request
            .as_ref()
            .map(|r| format!("{} {}\n", r.method, r.url))
            .unwrap_or_default();
        out.push_str(&format!(
            "::error title={}::{}\n",
            // A title is one line in the UI: elided as the console elides names.
            escape_property(&printable_line(&crate::report::hub::display_name(&e.name))),
            escape_data(&printable(&format!("{line}{detail}")))
        ));
    }
    out
}

/// The workflow-command escapes: data may hold newlines, properties also `:` and `,`.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outcome::{Check, CheckStatus};

    #[test]
    fn failed_and_broken_executions_become_escaped_error_lines() {
        let mut e = Execution::new(
            "IAM::User token::Generate, 100%".into(),
            "IAM".into(),
            vec!["User token".into(), "Generate".into()],
            0,
            Outcome::Failed,
        );
        e.checks = vec![Check {
            name: "status".into(),
            status: CheckStatus::Failed(crate::outcome::Failure::Assertion(
                "expected 401\nto equal 200".into(),
            )),
        }];
        let text = annotations(std::slice::from_ref(&e));
        assert_eq!(
            text,
            "::error title=IAM%3A%3AUser token%3A%3AGenerate%2C 100%25::status: expected 401%0Ato equal 200\n"
        );
        e.outcome = Outcome::Passed;
        assert_eq!(annotations(&[e]), "");
    }
}
