//! Iteration data in CSV as Newman reads it (csv-parse with `columns`, `trim`, `relax`, BOM
//! stripped, automatic casting): a header row, then one iteration per row; unquoted numbers
//! become JSON numbers, quoted fields and everything else stay strings.

use serde_json::{Map, Number, Value};

/// A malformed CSV: the 1-based line and column and what was wrong.
#[derive(Debug, PartialEq, Eq)]
pub struct CsvError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

struct Field {
    text: String,
    quoted: bool,
}

pub fn parse(text: &str) -> Result<Vec<Map<String, Value>>, CsvError> {
    let records = records(text)?;
    let mut iter = records.into_iter();
    let Some(header) = iter.next() else {
        return Ok(Vec::new());
    };
    let keys: Vec<String> = header.into_iter().map(|f| f.text).collect();
    Ok(iter
        .map(|record| {
            keys.iter()
                .zip(record)
                .map(|(k, f)| (k.clone(), cast(f)))
                .collect()
        })
        .collect())
}

/// Newman's auto-cast: an unquoted field that reads as a number is one (`007` → 7, `1.50` →
/// 1.5); quoted fields, empty fields and anything else stay text.
fn cast(f: Field) -> Value {
    if f.quoted || f.text.is_empty() {
        return Value::String(f.text);
    }
    let t = f.text.as_str();
    let digits = t.strip_prefix(['-', '+']).unwrap_or(t);
    let numeric = !digits.is_empty()
        && digits
            .chars()
            .all(|c| c.is_ascii_digit() || "._eE-+".contains(c))
        && digits.starts_with(|c: char| c.is_ascii_digit() || c == '.');
    if numeric {
        if let Ok(i) = t.parse::<i64>() {
            return Value::Number(i.into());
        }
        if let Some(n) = t.parse::<f64>().ok().and_then(Number::from_f64) {
            return Value::Number(n);
        }
    }
    Value::String(f.text)
}

fn records(text: &str) -> Result<Vec<Vec<Field>>, CsvError> {
    let mut out = Vec::new();
    let mut record: Vec<Field> = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut in_quotes = false;
    let (mut line, mut column) = (1usize, 0usize);
    let mut quote_start = (1, 1);
    let mut chars = text.chars().peekable();
    let finish_field = |field: &mut String, quoted: &mut bool, record: &mut Vec<Field>| {
        let text = if *quoted {
            std::mem::take(field)
        } else {
            field.trim().to_string()
        };
        record.push(Field {
            text,
            quoted: *quoted,
        });
        field.clear();
        *quoted = false;
    };
    while let Some(c) = chars.next() {
        column += 1;
        if in_quotes {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    column += 1;
                    field.push('"');
                }
                '"' => in_quotes = false,
                '\n' => {
                    field.push(c);
                    line += 1;
                    column = 0;
                }
                _ => field.push(c),
            }
            continue;
        }
        match c {
            '"' if field.trim().is_empty() && !quoted => {
                field.clear();
                in_quotes = true;
                quoted = true;
                quote_start = (line, column);
            }
            ',' => finish_field(&mut field, &mut quoted, &mut record),
            '\r' if chars.peek() == Some(&'\n') => {}
            // csv-parse takes \n, \r\n and a lone \r alike as the end of a record.
            '\n' | '\r' => {
                finish_field(&mut field, &mut quoted, &mut record);
                push_record(&mut out, std::mem::take(&mut record));
                line += 1;
                column = 0;
            }
            // Text after a closing quote is kept, as csv-parse's relax mode does.
            _ => field.push(c),
        }
    }
    if in_quotes {
        return Err(CsvError {
            line: quote_start.0,
            column: quote_start.1,
            message: "quoted field is never closed".into(),
        });
    }
    if !field.is_empty() || quoted || !record.is_empty() {
        finish_field(&mut field, &mut quoted, &mut record);
        push_record(&mut out, record);
    }
    Ok(out)
}

/// Blank lines are not rows.
fn push_record(out: &mut Vec<Vec<Field>>, record: Vec<Field>) {
    let blank = record.len() == 1 && !record[0].quoted && record[0].text.is_empty();
    if !blank {
        out.push(record);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn unquoted_numbers_cast_and_quoted_text_stays() {
        let rows = parse("id,name,code,price,note\n007, alice ,\"007\",1.50,\"a, \"\"b\"\"\nc\"\n\n2,bob,x,-3,\n").unwrap();
        assert_eq!(
            Value::Array(rows.into_iter().map(Value::Object).collect()),
            json!([
                {"id": 7, "name": "alice", "code": "007", "price": 1.5, "note": "a, \"b\"\nc"},
                {"id": 2, "name": "bob", "code": "x", "price": -3, "note": ""}
            ])
        );
    }

    #[test]
    fn short_rows_leave_keys_out_and_an_open_quote_is_an_error() {
        let rows = parse("a,b,c\r\n1\r\n").unwrap();
        assert_eq!(Value::Object(rows[0].clone()), json!({"a": 1}));
        let rows = parse("a,b\r1,2\r3,4").unwrap();
        assert_eq!(rows.len(), 2, "old Mac line endings are records too");
        let err = parse("a,b\n1,\"open\n").unwrap_err();
        assert_eq!((err.line, err.column), (2, 3));
    }
}
