//! Postman's v1 collection format (top-level `requests[]`, flat `folders[]` ordered by ids) →
//! a v2.1 document, which the ordinary reader then loads. Newman converts v1 the same way
//! before running; the rules here are conform's own reading of the v1 format: folders by
//! `folders_order` then requests by `order`, headers from `headerData` or the header string,
//! `dataMode` onto body modes, `preRequestScript`/`tests` (or `events`) onto events, the
//! `currentHelper` auths onto v2 auth types.

use serde_json::{Map, Value, json};
use std::collections::HashSet;

/// Folders nested through `folders_order` deeper than this are cut (a cycle would never end).
const MAX_DEPTH: usize = 64;

pub(super) fn to_v2(doc: &Value) -> Value {
    let empty = Vec::new();
    let requests = doc
        .get("requests")
        .and_then(Value::as_array)
        .unwrap_or(&empty);
    let folders = doc
        .get("folders")
        .and_then(Value::as_array)
        .unwrap_or(&empty);
    let by_id = |list: &Vec<Value>, id: &str| -> Option<Value> {
        list.iter()
            .find(|r| r.get("id").and_then(Value::as_str) == Some(id))
            .cloned()
    };
    let mut used_folders = HashSet::new();
    let ids = |v: Option<&Value>| -> Option<Vec<String>> {
        v.and_then(Value::as_array).map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
    };

    struct Walk<'a> {
        requests: &'a Vec<Value>,
        folders: &'a Vec<Value>,
    }
    impl Walk<'_> {
        fn folder(&self, f: &Value, used: &mut HashSet<String>, depth: usize) -> Value {
            let mut item = Vec::new();
            if depth < MAX_DEPTH {
                for id in list(f.get("folders_order")) {
                    if !used.insert(id.clone()) {
                        continue;
                    }
                    if let Some(sub) = find(self.folders, &id) {
                        item.push(self.folder(sub, used, depth + 1));
                    }
                }
            }
            for id in list(f.get("order")) {
                if let Some(r) = find(self.requests, &id) {
                    item.push(request(r));
                }
            }
            let mut m = Map::new();
            m.insert("name".into(), f.get("name").cloned().unwrap_or(json!("")));
            m.insert("item".into(), Value::Array(item));
            copy_auth_events(f, &mut m);
            Value::Object(m)
        }
    }
    fn list(v: Option<&Value>) -> Vec<String> {
        v.and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default()
    }
    fn find<'a>(list: &'a [Value], id: &str) -> Option<&'a Value> {
        list.iter()
            .find(|r| r.get("id").and_then(Value::as_str) == Some(id))
    }

    let walk = Walk { requests, folders };
    let mut items = Vec::new();
    // Root folders: `folders_order`, or else every folder no other folder lists.
    let nested: HashSet<String> = folders
        .iter()
        .flat_map(|f| list(f.get("folders_order")))
        .collect();
    let root_folders = ids(doc.get("folders_order")).unwrap_or_else(|| {
        folders
            .iter()
            .filter_map(|f| f.get("id").and_then(Value::as_str))
            .filter(|id| !nested.contains(*id))
            .map(str::to_string)
            .collect()
    });
    for id in root_folders {
        if !used_folders.insert(id.clone()) {
            continue;
        }
        if let Some(f) = by_id(folders, &id) {
            items.push(walk.folder(&f, &mut used_folders, 1));
        }
    }
    // Root requests: `order`, or else every request that belongs to no folder.
    let root_requests = ids(doc.get("order")).unwrap_or_else(|| {
        requests
            .iter()
            .filter(|r| r.get("folder").is_none_or(Value::is_null))
            .filter_map(|r| r.get("id").and_then(Value::as_str).map(str::to_string))
            .collect()
    });
    for id in root_requests {
        if let Some(r) = by_id(requests, &id) {
            items.push(request(&r));
        }
    }

    let mut top = Map::new();
    top.insert(
        "info".into(),
        json!({
            "name": doc.get("name").cloned().unwrap_or(json!("collection")),
            "schema": super::export::SCHEMA_V2_1,
        }),
    );
    top.insert("item".into(), Value::Array(items));
    if let Some(v) = doc.get("variables").filter(|v| v.is_array()) {
        top.insert("variable".into(), v.clone());
    }
    copy_auth_events(doc, &mut top);
    Value::Object(top)
}

fn copy_auth_events(from: &Value, to: &mut Map<String, Value>) {
    if let Some(a) = from.get("auth").filter(|a| a.is_object()) {
        to.insert("auth".into(), a.clone());
    }
    if let Some(e) = from.get("events").filter(|e| e.is_array()) {
        to.insert("event".into(), e.clone());
    }
}

fn request(r: &Value) -> Value {
    let text = |k: &str| r.get(k).and_then(Value::as_str).unwrap_or_default();
    let mut req = Map::new();
    req.insert(
        "method".into(),
        json!(if text("method").is_empty() {
            "GET"
        } else {
            text("method")
        }),
    );
    req.insert("header".into(), headers(r));
    let mut url = json!({ "raw": text("url") });
    let vars: Vec<Value> = match (r.get("pathVariableData"), r.get("pathVariables")) {
        (Some(Value::Array(rows)), _) => rows.clone(),
        (_, Some(Value::Object(map))) => map
            .iter()
            .map(|(k, v)| json!({ "key": k, "value": v }))
            .collect(),
        _ => Vec::new(),
    };
    if !vars.is_empty() {
        url["variable"] = Value::Array(vars);
    }
    req.insert("url".into(), url);
    if let Some(b) = body(r) {
        req.insert("body".into(), b);
    }
    if let Some(a) = auth(r) {
        req.insert("auth".into(), a);
    }
    let mut item = Map::new();
    item.insert("name".into(), r.get("name").cloned().unwrap_or(json!("")));
    if let Some(id) = r.get("id").filter(|v| v.is_string()) {
        item.insert("id".into(), id.clone());
    }
    item.insert("request".into(), Value::Object(req));
    let events = match r.get("events") {
        Some(Value::Array(e)) => e.clone(),
        _ => {
            let mut e = Vec::new();
            for (field, listen) in [("preRequestScript", "prerequest"), ("tests", "test")] {
                let code = text(field);
                if !code.trim().is_empty() {
                    e.push(json!({
                        "listen": listen,
                        "script": { "type": "text/javascript", "exec": code.split('\n').collect::<Vec<_>>() },
                    }));
                }
            }
            e
        }
    };
    if !events.is_empty() {
        item.insert("event".into(), Value::Array(events));
    }
    if let Some(Value::Array(responses)) = r.get("responses") {
        item.insert(
            "response".into(),
            Value::Array(responses.iter().map(response).collect()),
        );
    }
    Value::Object(item)
}

fn headers(r: &Value) -> Value {
    if let Some(Value::Array(rows)) = r.get("headerData") {
        return Value::Array(rows.iter().map(enabled_to_disabled).collect());
    }
    Value::String(
        r.get("headers")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string(),
    )
}

/// v1 rows say `enabled: false`; v2 rows say `disabled: true`.
fn enabled_to_disabled(row: &Value) -> Value {
    let mut row = row.clone();
    if let Value::Object(m) = &mut row {
        if m.remove("enabled") == Some(Value::Bool(false)) {
            m.insert("disabled".into(), true.into());
        }
    }
    row
}

fn body(r: &Value) -> Option<Value> {
    let mode = r.get("dataMode").and_then(Value::as_str)?;
    if r.get("dataDisabled").and_then(Value::as_bool) == Some(true) {
        return Some(json!({ "mode": mode, "disabled": true }));
    }
    let rows = || -> Value {
        match r.get("data") {
            Some(Value::Array(rows)) => {
                Value::Array(rows.iter().map(enabled_to_disabled).collect())
            }
            _ => json!([]),
        }
    };
    Some(match mode {
        "raw" => {
            let raw = r
                .get("rawModeData")
                .and_then(Value::as_str)
                .unwrap_or_default();
            let mut b = json!({ "mode": "raw", "raw": raw });
            if let Some(opts) = r.get("dataOptions").filter(|o| o.is_object()) {
                b["options"] = opts.clone();
            }
            b
        }
        "urlencoded" => json!({ "mode": "urlencoded", "urlencoded": rows() }),
        "params" => {
            // v1 keeps a file part's path in `value`; v2 in `src`.
            let mut parts = rows();
            for part in parts.as_array_mut().into_iter().flatten() {
                if part.get("type").and_then(Value::as_str) == Some("file")
                    && part.get("src").is_none()
                {
                    if let Some(v) = part.get("value").cloned() {
                        part["src"] = v;
                    }
                }
            }
            json!({ "mode": "formdata", "formdata": parts })
        }
        "binary" => json!({ "mode": "file", "file": {} }),
        "graphql" => {
            json!({ "mode": "graphql", "graphql": r.get("graphqlModeData").cloned().unwrap_or(json!({})) })
        }
        _ => return None,
    })
}

/// `auth` as written (v2.0's shape, read by the ordinary reader), else the old helpers.
fn auth(r: &Value) -> Option<Value> {
    if let Some(a) = r.get("auth").filter(|a| a.is_object()) {
        return Some(a.clone());
    }
    let helper = r.get("currentHelper").and_then(Value::as_str)?;
    let kind = match helper {
        "basicAuth" => "basic",
        "bearerAuth" => "bearer",
        "digestAuth" => "digest",
        "oAuth1" => "oauth1",
        "oAuth2" => "oauth2",
        "hawkAuth" => "hawk",
        "awsSigV4" => "awsv4",
        "ntlmAuth" => "ntlm",
        _ => return None,
    };
    let mut params = Map::new();
    if let Some(Value::Object(attrs)) = r.get("helperAttributes") {
        for (k, v) in attrs {
            if k != "id" && k != "saveToRequest" {
                params.insert(k.clone(), v.clone());
            }
        }
    }
    Some(json!({ "type": kind, kind: params }))
}

fn response(r: &Value) -> Value {
    let code = r
        .get("responseCode")
        .and_then(|c| c.get("code"))
        .cloned()
        .unwrap_or(Value::Null);
    let status = r
        .get("responseCode")
        .and_then(|c| c.get("name"))
        .cloned()
        .unwrap_or(json!(""));
    json!({
        "name": r.get("name").cloned().unwrap_or(json!("")),
        "code": code,
        "status": status,
        "header": r.get("headers").filter(|h| h.is_array()).cloned().unwrap_or(json!([])),
        "body": r.get("text").and_then(Value::as_str).unwrap_or_default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_and_requests_in_v1_order() {
        let v1 = json!({
            "name": "old",
            "order": ["r3"],
            "folders_order": ["f1"],
            "folders": [
                {"id": "f1", "name": "F1", "order": ["r2", "r1"], "folders_order": ["f2"]},
                {"id": "f2", "name": "F2", "order": []}
            ],
            "requests": [
                {"id": "r1", "name": "one", "url": "http://x/1", "method": "POST",
                 "dataMode": "urlencoded", "data": [{"key": "a", "value": "1", "enabled": false}],
                 "headers": "A: 1\n", "tests": "pm.test('t', () => {});"},
                {"id": "r2", "name": "two", "url": "http://x/:id", "pathVariables": {"id": "7"},
                 "currentHelper": "basicAuth", "helperAttributes": {"id": "basic", "username": "u", "password": "p"}},
                {"id": "r3", "name": "three", "url": "http://x/3", "dataMode": "raw", "rawModeData": "hi"}
            ]
        });
        let v2 = to_v2(&v1);
        assert_eq!(v2["item"][0]["name"], "F1");
        assert_eq!(v2["item"][0]["item"][0]["name"], "F2");
        assert_eq!(v2["item"][0]["item"][1]["name"], "two");
        assert_eq!(
            v2["item"][0]["item"][1]["request"]["auth"]["basic"]["username"],
            "u"
        );
        assert_eq!(
            v2["item"][0]["item"][1]["request"]["url"]["variable"][0]["value"],
            "7"
        );
        assert_eq!(
            v2["item"][0]["item"][2]["request"]["body"]["urlencoded"][0]["disabled"],
            true
        );
        assert_eq!(v2["item"][0]["item"][2]["event"][0]["listen"], "test");
        assert_eq!(v2["item"][1]["request"]["body"]["raw"], "hi");
        let files = to_v2(
            &json!({"requests": [{"id": "a", "url": "http://x", "dataMode": "params",
            "data": [{"key": "f", "value": "a.txt", "type": "file"}]},
            {"id": "b", "url": "http://x", "dataMode": "raw", "rawModeData": "x", "dataDisabled": true}]}),
        );
        assert_eq!(
            files["item"][0]["request"]["body"]["formdata"][0]["src"],
            "a.txt"
        );
        assert_eq!(files["item"][1]["request"]["body"]["disabled"], true);
    }
}
