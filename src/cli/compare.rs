//! `conform compare`'s own flags; everything a run takes (collections, -e, --base-url as the
//! reference, reporters, timeouts…) comes from `RunArgs`, flattened in.

use super::RunArgs;
use clap::Args;
use std::path::PathBuf;

#[derive(Args, Debug, Clone)]
pub struct CompareArgs {
    /// The candidate (e.g. a mock): scheme://host:port[/path] every request is also sent to.
    /// The reference is where the run would send it: the collections' URLs, --base-url, --mock,
    /// or a recording (--replay).
    #[arg(long, value_name = "URL")]
    pub against: String,
    /// Environment file for the candidate (other credentials); default: the reference's -e.
    #[arg(long, value_name = "FILE")]
    pub against_env: Option<PathBuf>,
    /// Also compare this response header's value (repeatable).
    #[arg(long = "compare-header", value_name = "NAME")]
    pub compare_headers: Vec<String>,
    /// Compare the values at these JSON pointers (comma-separated, e.g. /status,/data/type);
    /// elsewhere only the shape counts.
    #[arg(
        long = "compare-values",
        value_name = "POINTERS",
        value_delimiter = ','
    )]
    pub compare_values: Vec<String>,
    /// Run the reference first, then the candidate (default: both in lock-step, request by
    /// request).
    #[arg(long)]
    pub sequential: bool,
    /// Keep the reference's responses (secrets masked) in this folder, for --replay and
    /// `conform mock --replay`.
    #[arg(long, value_name = "DIR", conflicts_with = "replay")]
    pub record: Option<PathBuf>,
    /// Take the reference's responses from a folder written by --record instead of sending.
    #[arg(long, value_name = "DIR", conflicts_with_all = ["base_url", "mock"])]
    pub replay: Option<PathBuf>,

    #[command(flatten)]
    pub run: RunArgs,
}
