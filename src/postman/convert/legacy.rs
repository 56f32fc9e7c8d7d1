//! Test-only oracle: the document → model conversion as it was before loading streamed (whole
//! `Value` tree first, then a walk over it), kept verbatim so the streaming loader can be
//! compared with it. Must not be used outside tests.

use super::*;

pub(in crate::postman) fn collection(doc: &Value) -> Result<Collection, ShapeError> {
    let Some(top) = doc.as_object() else {
        return Err(format!(
            "expected a JSON object at the top level, found {}",
            kind(doc)
        ));
    };
    let info = top.get("info").and_then(Value::as_object);
    if info.is_none() && top.get("requests").is_some_and(Value::is_array) {
        return Err("this is a Postman v1 collection (top-level 'requests' array, no 'info'); \
                    conform reads v2.0 and v2.1: export it again from Postman as v2.1, or convert it \
                    with `npx postman-collection-transformer convert -i IN.json -o OUT.json -j 1.0.0 -p 2.1.0 -P`"
            .into());
    }
    let Some(items) = top.get("item") else {
        return Err("no 'item' array at the top level: not a Postman collection".into());
    };
    let Some(items) = items.as_array() else {
        return Err(format!("/item: expected an array, found {}", kind(items)));
    };
    let mut warnings = Vec::new();
    let schema = info.and_then(|i| i.get("schema")).and_then(Value::as_str);
    let version = match schema {
        Some(s) if s.contains("/v2.1.") => FormatVersion::V2_1,
        Some(s) if s.contains("/v2.0.") => FormatVersion::V2_0,
        Some(s) => {
            warnings.push(format!("unknown collection schema '{s}': read as v2.1"));
            FormatVersion::Unknown
        }
        None => {
            warnings.push("no 'info.schema': read as v2.1".into());
            FormatVersion::Unknown
        }
    };
    let name = info
        .and_then(|i| i.get("name"))
        .and_then(Value::as_str)
        .unwrap_or("collection")
        .to_string();
    Ok(Collection {
        name,
        version,
        items: item_list(items, "/item", 0),
        variables: variables(top.get("variable")),
        auth: auth(top.get("auth")),
        events: events(top.get("event")),
        profile: profile(top.get("protocolProfileBehavior")),
        warnings,
    })
}

/// Folders nest; a hostile file could nest them deeper than any stack. Postman's own UI stops
/// far below this.
const MAX_FOLDER_DEPTH: usize = 64;

fn item_list(items: &[Value], pointer: &str, depth: usize) -> Vec<Item> {
    items
        .iter()
        .enumerate()
        .map(|(i, v)| item(v, &format!("{pointer}/{i}"), depth))
        .collect()
}

fn item(v: &Value, pointer: &str, depth: usize) -> Item {
    let obj = v.as_object();
    let get = |k: &str| obj.and_then(|o| o.get(k));
    let name = get("name")
        .and_then(Value::as_str)
        .map(str::to_string)
        .unwrap_or_else(|| format!("item {pointer}"));
    let id = get("id").and_then(Value::as_str).map(str::to_string);
    let events = events(get("event"));
    let profile = profile(get("protocolProfileBehavior"));
    if let Some(children) = get("item") {
        let items = match children.as_array() {
            Some(list) if depth < MAX_FOLDER_DEPTH => {
                item_list(list, &format!("{pointer}/item"), depth + 1)
            }
            Some(_) => vec![broken(
                pointer,
                format!("{pointer}: folders nested deeper than {MAX_FOLDER_DEPTH} levels"),
            )],
            None => vec![broken(
                pointer,
                format!(
                    "{pointer}/item: expected an array, found {}",
                    kind(children)
                ),
            )],
        };
        return Item::Folder(Folder {
            id,
            name,
            items,
            auth: auth(get("auth")),
            events,
            profile,
        });
    }
    let request = match (obj, get("request")) {
        (None, _) => Err(format!("{pointer}: expected an object, found {}", kind(v))),
        (_, None) => Err(format!("{pointer}: item has neither 'request' nor 'item'")),
        (_, Some(r)) => request(r, &format!("{pointer}/request")),
    };
    let examples = get("response")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    Item::Request(Box::new(RequestItem {
        id,
        name,
        request,
        events,
        profile,
        examples,
    }))
}
