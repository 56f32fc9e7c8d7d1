//! What will run: every collection flattened into its requests in order, each with the auth,
//! scripts and protocol profile it inherits from its folders. Pure data built once per run;
//! `--list` stops here and nothing in this module does I/O or resolves variables.

use crate::postman::{
    AuthSpec, Collection, Event, Item, Listen, ProtocolProfile, RequestItem, RequestSpec,
};
use std::path::PathBuf;
use std::sync::Arc;

/// One collection file, ready to run.
#[derive(Clone, Debug)]
pub struct Suite {
    pub name: String,
    pub source: PathBuf,
    pub collection: Arc<Collection>,
    pub steps: Vec<Step>,
}

/// One request of a collection, in run order, with everything it inherits resolved.
#[derive(Clone, Debug)]
pub struct Step {
    /// Folders then the request's own name.
    pub path: Vec<String>,
    pub id: Option<String>,
    pub request: Result<RequestSpec, String>,
    /// The auth that applies after inheritance (`None`: no auth anywhere; `noauth` stays as is).
    pub auth: Option<AuthSpec>,
    pub prerequest: Vec<Script>,
    pub test: Vec<Script>,
    pub profile: ProtocolProfile,
    pub examples: Arc<Vec<serde_json::Value>>,
}

impl Step {
    pub fn name(&self) -> &str {
        self.path.last().map(String::as_str).unwrap_or_default()
    }

    /// `folder::…::request`, as trial names and reports show it.
    pub fn display_path(&self) -> String {
        self.path.join("::")
    }
}

/// A script source and where it came from, shared between every step that inherits it.
#[derive(Clone, Debug)]
pub struct Script {
    pub code: Arc<str>,
    /// e.g. `test script of 'User Token'` or `pre-request script of collection 'IAM'`.
    pub label: String,
}

#[derive(Clone, Default)]
struct Inherited {
    path: Vec<String>,
    auth: Option<AuthSpec>,
    prerequest: Vec<Script>,
    test: Vec<Script>,
    profile: ProtocolProfile,
}

/// Plans a collection. Its items move into the steps (a big collection is not held twice); the
/// rest of it (variables, name) stays on the suite.
pub fn suite(mut collection: Collection, source: PathBuf) -> Suite {
    let mut root = Inherited {
        auth: collection.auth.clone(),
        profile: collection.profile,
        ..Inherited::default()
    };
    push_events(
        &mut root,
        &collection.events,
        &format!("collection '{}'", collection.name),
    );
    let mut steps = Vec::new();
    walk(std::mem::take(&mut collection.items), &root, &mut steps);
    Suite {
        name: collection.name.clone(),
        source,
        collection: Arc::new(collection),
        steps,
    }
}

fn walk(items: Vec<Item>, parent: &Inherited, steps: &mut Vec<Step>) {
    for item in items {
        match item {
            Item::Folder(folder) => {
                let mut here = parent.clone();
                here.path.push(folder.name.clone());
                if folder.auth.is_some() {
                    here.auth = folder.auth;
                }
                here.profile = folder.profile.inherit(parent.profile);
                push_events(
                    &mut here,
                    &folder.events,
                    &format!("folder '{}'", folder.name),
                );
                walk(folder.items, &here, steps);
            }
            Item::Request(req) => steps.push(step(*req, parent)),
        }
    }
}

fn step(item: RequestItem, parent: &Inherited) -> Step {
    let mut here = parent.clone();
    here.path.push(item.name.clone());
    let own_auth = item.request.as_ref().ok().and_then(|r| r.auth.clone());
    // Postman's `inherit` type (or no auth at all) means "whatever the parent has".
    let auth = match own_auth {
        Some(a) if a.kind != "inherit" => Some(a),
        _ => parent.auth.clone(),
    };
    push_events(&mut here, &item.events, &format!("'{}'", item.name));
    Step {
        path: here.path,
        id: item.id,
        request: item.request,
        auth,
        prerequest: here.prerequest,
        test: here.test,
        profile: item.profile.inherit(parent.profile),
        examples: Arc::new(item.examples),
    }
}

fn push_events(into: &mut Inherited, events: &[Event], owner: &str) {
    for e in events
        .iter()
        .filter(|e| !e.disabled && !e.code.trim().is_empty())
    {
        let (list, what) = match e.listen {
            Listen::PreRequest => (&mut into.prerequest, "pre-request script"),
            Listen::Test => (&mut into.test, "test script"),
        };
        list.push(Script {
            code: Arc::from(e.code.as_str()),
            label: format!("{what} of {owner}"),
        });
    }
}
