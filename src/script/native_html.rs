//! The HTML side of the sandbox's cheerio (src/script/cheerio.js): html5ever parses the
//! document and `scraper` answers CSS selectors. Documents live here for the engine's run;
//! JS holds a document number and node numbers (document order), never the nodes themselves.

use std::collections::HashMap;

use ego_tree::NodeId;
use scraper::{ElementRef, Html, Node, Selector};
use serde_json::{Map, Value, json};

/// How many parsed documents a run keeps; a script that loads more loses the oldest.
const MAX_DOCS: usize = 64;

struct Doc {
    html: Html,
    /// Node numbers in document order, and back.
    ids: Vec<NodeId>,
    index: HashMap<NodeId, usize>,
}

/// Parsed documents of one engine, numbered from 1.
#[derive(Default)]
pub(super) struct Docs {
    docs: Vec<(u32, Doc)>,
    next: u32,
}

/// Why a cheerio call failed (reaches the script as an Error).
#[derive(Debug, thiserror::Error)]
pub(super) enum HtmlError {
    #[error("cheerio selector '{0}' is not supported by conform: {1}")]
    Selector(String, String),
    #[error("cheerio: this document is no longer available (more than {MAX_DOCS} were loaded)")]
    Gone,
}

impl Docs {
    pub fn load(&mut self, text: &str) -> u32 {
        let html = Html::parse_document(text);
        let ids: Vec<NodeId> = html.tree.root().descendants().map(|n| n.id()).collect();
        let index = ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
        self.next += 1;
        if self.docs.len() >= MAX_DOCS {
            self.docs.remove(0);
        }
        self.docs.push((self.next, Doc { html, ids, index }));
        self.next
    }

    fn doc(&self, n: u32) -> Result<&Doc, HtmlError> {
        self.docs
            .iter()
            .find(|(k, _)| *k == n)
            .map(|(_, d)| d)
            .ok_or(HtmlError::Gone)
    }

    /// Elements under `roots` (node numbers; the whole document when empty) that match,
    /// in document order without repeats.
    pub fn select(
        &self,
        doc: u32,
        roots: &[usize],
        selector: &str,
    ) -> Result<Vec<usize>, HtmlError> {
        let d = self.doc(doc)?;
        let sel = parse_selector(selector)?;
        let mut out: Vec<usize> = Vec::new();
        if roots.is_empty() {
            out.extend(d.html.select(&sel).map(|e| d.index[&e.id()]));
        } else {
            for r in roots {
                let Some(el) = d
                    .ids
                    .get(*r)
                    .and_then(|id| d.html.tree.get(*id))
                    .and_then(ElementRef::wrap)
                else {
                    // The document root (number 0) is not an element: search the whole tree.
                    if *r == 0 {
                        out.extend(d.html.select(&sel).map(|e| d.index[&e.id()]));
                    }
                    continue;
                };
                out.extend(
                    el.select(&sel)
                        .filter(|e| e.id() != el.id())
                        .map(|e| d.index[&e.id()]),
                );
            }
            out.sort_unstable();
            out.dedup();
        }
        Ok(out)
    }

    /// Which of `nodes` match `selector`.
    pub fn matching(
        &self,
        doc: u32,
        nodes: &[usize],
        selector: &str,
    ) -> Result<Vec<usize>, HtmlError> {
        let d = self.doc(doc)?;
        let sel = parse_selector(selector)?;
        Ok(nodes
            .iter()
            .copied()
            .filter(|n| {
                d.ids
                    .get(*n)
                    .and_then(|id| d.html.tree.get(*id))
                    .and_then(ElementRef::wrap)
                    .is_some_and(|e| sel.matches(&e))
            })
            .collect())
    }

    /// One fact about a node: "text", "html", "outer", "info" (type, name, attributes) or
    /// a relation ("children", "contents", "parent", "next", "prev") as node numbers.
    pub fn info(&self, doc: u32, node: usize, what: &str) -> Result<Value, HtmlError> {
        let d = self.doc(doc)?;
        let Some(n) = d.ids.get(node).and_then(|id| d.html.tree.get(*id)) else {
            return Ok(Value::Null);
        };
        let num = |id: NodeId| d.index[&id];
        let is_el = |n: &ego_tree::NodeRef<'_, Node>| n.value().is_element();
        Ok(match what {
            "text" => Value::String(
                n.descendants()
                    .filter_map(|x| x.value().as_text().map(|t| t.to_string()))
                    .collect(),
            ),
            "html" => Value::String(match ElementRef::wrap(n) {
                Some(e) => e.inner_html(),
                None if node == 0 => d.html.html(),
                None => n
                    .value()
                    .as_text()
                    .map(|t| t.to_string())
                    .unwrap_or_default(),
            }),
            "outer" => Value::String(match ElementRef::wrap(n) {
                Some(e) => e.html(),
                None if node == 0 => d.html.html(),
                None => n
                    .value()
                    .as_text()
                    .map(|t| t.to_string())
                    .unwrap_or_default(),
            }),
            "info" => match n.value() {
                Node::Element(e) => {
                    let attrs: Map<String, Value> = e
                        .attrs()
                        .map(|(k, v)| (k.to_string(), Value::String(v.to_string())))
                        .collect();
                    json!({"type": "tag", "name": e.name(), "attribs": attrs})
                }
                Node::Text(t) => json!({"type": "text", "data": t.to_string()}),
                Node::Comment(c) => json!({"type": "comment", "data": c.to_string()}),
                Node::Document | Node::Fragment => json!({"type": "root", "name": "root"}),
                _ => json!({"type": "directive"}),
            },
            "children" => Value::from(
                n.children()
                    .filter(is_el)
                    .map(|c| num(c.id()))
                    .collect::<Vec<_>>(),
            ),
            "contents" => Value::from(n.children().map(|c| num(c.id())).collect::<Vec<_>>()),
            "parent" => n.parent().map_or(Value::Null, |p| Value::from(num(p.id()))),
            "next" => {
                let mut s = n.next_sibling();
                while let Some(x) = s.filter(|x| !is_el(x)) {
                    s = x.next_sibling();
                }
                s.map_or(Value::Null, |x| Value::from(num(x.id())))
            }
            "prev" => {
                let mut s = n.prev_sibling();
                while let Some(x) = s.filter(|x| !is_el(x)) {
                    s = x.prev_sibling();
                }
                s.map_or(Value::Null, |x| Value::from(num(x.id())))
            }
            _ => Value::Null,
        })
    }
}

fn parse_selector(selector: &str) -> Result<Selector, HtmlError> {
    Selector::parse(selector).map_err(|e| HtmlError::Selector(selector.to_string(), e.to_string()))
}

/// Node numbers from JS ("1,5,9"); anything else is skipped.
pub(super) fn numbers(list: &str) -> Vec<usize> {
    list.split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect()
}
