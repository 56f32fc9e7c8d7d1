//! `xml2Json` for the sandbox: quick-xml reads the document, and the result takes the shape
//! postman-sandbox's xml2Json gives (xml2js with `explicitArray: false, trim: true`): the root
//! element's name as the only key, attributes under `$`, text under `_` (or the element is its
//! text when it has nothing else), repeated children as arrays, empty elements as "".

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use serde_json::{Map, Value};

/// Why a document could not be converted (the message reaches the script as an Error).
#[derive(Debug, thiserror::Error)]
pub(super) enum XmlError {
    #[error("xml2Json: {0}")]
    Syntax(String),
    #[error("xml2Json: the document has no root element")]
    NoRoot,
    #[error("xml2Json: text or a second element after the root element")]
    AfterRoot,
    #[error("xml2Json: unknown entity &{0};")]
    Entity(String),
    #[error("xml2Json: elements nested deeper than {MAX_DEPTH}")]
    TooDeep,
}

/// Deeper documents are refused: the JSON value would be serialised and dropped recursively.
const MAX_DEPTH: usize = 1000;

/// One element being read.
struct Open {
    name: String,
    obj: Map<String, Value>,
    text: String,
    cdata: bool,
}

fn open(e: &BytesStart<'_>) -> Result<Open, XmlError> {
    let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
    let mut attrs = Map::new();
    for a in e.attributes() {
        let a = a.map_err(|err| XmlError::Syntax(err.to_string()))?;
        let key = String::from_utf8_lossy(a.key.as_ref()).into_owned();
        // Not `normalized_value`: xml2js keeps tabs and newlines in attribute values as written.
        #[allow(deprecated)]
        let value = a
            .unescape_value()
            .map_err(|err| XmlError::Syntax(err.to_string()))?;
        attrs.insert(key, Value::String(value.into_owned()));
    }
    let mut obj = Map::new();
    if !attrs.is_empty() {
        obj.insert("$".into(), Value::Object(attrs));
    }
    Ok(Open {
        name,
        obj,
        text: String::new(),
        cdata: false,
    })
}

/// What a closed element becomes in its parent, following xml2js's rules.
fn close(el: Open) -> Value {
    let Open {
        mut obj,
        text,
        cdata,
        ..
    } = el;
    let blank = text.trim().is_empty() && !cdata;
    if !blank {
        let text = Value::String(text.trim().to_string());
        if obj.is_empty() {
            return text;
        }
        // xml2js puts `_` before `$` and the children.
        let mut with_text = Map::new();
        with_text.insert("_".into(), text);
        with_text.extend(obj);
        obj = with_text;
    }
    if obj.is_empty() {
        return Value::String(if blank { text } else { String::new() });
    }
    Value::Object(obj)
}

fn add_child(parent: &mut Map<String, Value>, name: String, value: Value) {
    match parent.get_mut(&name) {
        None => {
            parent.insert(name, value);
        }
        Some(Value::Array(list)) => list.push(value),
        Some(existing) => {
            let first = existing.take();
            *existing = Value::Array(vec![first, value]);
        }
    }
}

fn entity(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        _ => return None,
    })
}

pub(super) fn convert(text: &str) -> Result<Value, XmlError> {
    let mut reader = Reader::from_str(text);
    reader.config_mut().trim_text(false);
    let mut stack: Vec<Open> = Vec::new();
    let mut root: Option<Value> = None;
    let syntax = |e: quick_xml::Error| XmlError::Syntax(e.to_string());
    loop {
        let event = reader.read_event().map_err(syntax)?;
        let finished = |stack: &mut Vec<Open>, root: &mut Option<Value>, el: Open| {
            let name = el.name.clone();
            let value = close(el);
            match stack.last_mut() {
                Some(parent) => add_child(&mut parent.obj, name, value),
                None => {
                    let mut top = Map::new();
                    top.insert(name, value);
                    *root = Some(Value::Object(top));
                }
            }
        };
        match event {
            Event::Start(e) => {
                if root.is_some() {
                    return Err(XmlError::AfterRoot);
                }
                if stack.len() >= MAX_DEPTH {
                    return Err(XmlError::TooDeep);
                }
                stack.push(open(&e)?);
            }
            Event::Empty(e) => {
                if root.is_some() {
                    return Err(XmlError::AfterRoot);
                }
                let el = open(&e)?;
                finished(&mut stack, &mut root, el);
            }
            Event::End(_) => {
                // quick-xml checks that end names match their start tags.
                if let Some(el) = stack.pop() {
                    finished(&mut stack, &mut root, el);
                }
            }
            Event::Text(t) => {
                let s = t.decode().map_err(|e| XmlError::Syntax(e.to_string()))?;
                match stack.last_mut() {
                    Some(el) => el.text.push_str(&s),
                    None if s.trim().is_empty() => {}
                    None => return Err(XmlError::AfterRoot),
                }
            }
            Event::GeneralRef(r) => {
                let c = match r.resolve_char_ref().map_err(syntax)? {
                    Some(c) => c,
                    None => {
                        let name = r.decode().map_err(|e| XmlError::Syntax(e.to_string()))?;
                        entity(&name).ok_or_else(|| XmlError::Entity(name.into_owned()))?
                    }
                };
                if let Some(el) = stack.last_mut() {
                    el.text.push(c);
                }
            }
            Event::CData(t) => {
                if let Some(el) = stack.last_mut() {
                    el.text.push_str(&String::from_utf8_lossy(&t));
                    el.cdata = true;
                }
            }
            Event::Eof => break,
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
    if !stack.is_empty() {
        return Err(XmlError::Syntax(
            "unclosed element at the end of the document".into(),
        ));
    }
    root.ok_or(XmlError::NoRoot)
}

/// For JS: the JSON text, or "!" and the error message.
pub(super) fn xml_to_json(text: String) -> String {
    match convert(&text) {
        Ok(v) => v.to_string(),
        Err(e) => format!("!{e}"),
    }
}
